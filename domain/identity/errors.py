"""Refusals of the identity context; the HTTP and CLI edges map them (PRODUCT §2, §3)."""

from __future__ import annotations

from domain.identity.challenge_status import ChallengeStatus
from domain.shared.errors import DomainError

_WHY_NOT_USABLE = {
    ChallengeStatus.CONSUMED: "has already been used",
    ChallengeStatus.ENDED: "was ended by a later sign-in",
    ChallengeStatus.LOCKED: "is locked after too many wrong codes",
    ChallengeStatus.EXPIRED: "has expired",
}


class InvalidEmailAddress(DomainError):
    """An email address is empty or was not normalised before it reached the domain."""


class InvalidLoginChallenge(DomainError):
    """A login challenge cannot be issued with the given data (empty hash, non-positive lifetime)."""


class ChallengeNotUsable(DomainError):
    """The challenge is consumed, ended, locked or expired, so neither its code nor its link signs in.

    - `status` says which, so the edge can show "expired" or "already used" (PRODUCT §2.9).
    """

    def __init__(self, status: ChallengeStatus) -> None:
        super().__init__(f"this sign-in code or link {_WHY_NOT_USABLE.get(status, 'cannot be used')}")
        self.status = status


class WrongLinkToken(DomainError):
    """The link token does not belong to this challenge."""


class SessionNotActive(DomainError):
    """The customer session is revoked, idle too long or past its absolute lifetime."""


class InvalidApiKey(DomainError):
    """An admin API key cannot be created with the given name, prefix or hash."""


class InvalidRateLimit(DomainError):
    """A rate-limit setting is not a list of `N/PERIOD` items such as `3/10m,10/24h`."""
