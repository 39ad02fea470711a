"""DescribeLoginLink: what stands behind a sign-in link token, for the link's pages (PRODUCT §2.8, §2.9)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal, Protocol

import msgspec

from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import LINK_PURPOSE
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from domain.identity.challenge import LoginChallenge
from domain.identity.challenge_status import ChallengeStatus
from domain.identity.email_address import EmailAddress

LinkStatus = Literal["open", "consumed", "ended", "locked", "expired", "unknown"]
_STATUSES: dict[ChallengeStatus, LinkStatus] = {
    ChallengeStatus.OPEN: "open",
    ChallengeStatus.CONSUMED: "consumed",
    ChallengeStatus.ENDED: "ended",
    ChallengeStatus.LOCKED: "locked",
    ChallengeStatus.EXPIRED: "expired",
}
_NO_ID = uuid.UUID(int=0)


class LoginLinkRow(msgspec.Struct, frozen=True, kw_only=True):
    """The stored facts of the challenge behind a link (no hashes)."""

    email: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    attempts: int
    consumed_at: dt.datetime | None
    ended_at: dt.datetime | None


class LoginLinkReader(Protocol):
    """- `find` returns the challenge whose link hash is `link_hash`, or None; it never locks or writes."""

    async def find(self, link_hash: bytes) -> LoginLinkRow | None: ...


class DescribeLoginLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str


class LoginLinkView(msgspec.Struct, frozen=True, kw_only=True):
    """`masked_email` (`j•••@example.dk`) is None exactly when the status is `unknown`."""

    status: LinkStatus
    masked_email: str | None


class DescribeLoginLinkHandler:
    """- The status follows the challenge's own rules at the clock's now (consumed, ended, locked, then expired).
    - The address is only ever given out masked; an unknown token says nothing at all.
    """

    def __init__(self, reader: LoginLinkReader, clock: Clock, hasher: SecretHasher) -> None:
        self._reader = reader
        self._clock = clock
        self._hasher = hasher

    async def __call__(self, query: DescribeLoginLink) -> LoginLinkView:
        hashes = self._hasher.digests(LINK_PURPOSE, query.token) if query.token else ()
        found = await first_found(hashes, self._reader.find)
        if found is None:
            return LoginLinkView(status="unknown", masked_email=None)
        row = found[1]
        status = _STATUSES[_rules(row).status(self._clock.now())]
        return LoginLinkView(status=status, masked_email=EmailAddress(value=row.email).masked)


def _rules(row: LoginLinkRow) -> LoginChallenge:
    """The challenge's rules applied to its stored facts (a value, not a loaded aggregate: nothing is saved)."""
    return LoginChallenge(
        challenge_id=_NO_ID,
        email=row.email,
        code_hash=b"view",
        link_hash=b"view",
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        attempts=row.attempts,
        consumed_at=row.consumed_at,
        ended_at=row.ended_at,
    )
