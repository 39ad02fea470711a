"""Ports of the identity context: repositories, keyed hashing, sealing, rate limiting."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec

from domain.identity.challenge import LoginChallenge
from domain.identity.rate_limit import RateLimit
from domain.identity.session import CustomerSession


class ChallengeRepository(Protocol):
    """- `open_for` and `by_link_hash` lock what they return until the unit of work ends (one winner under any
    concurrency: the consumption is a conditional update of a locked row).
    """

    def add(self, challenge: LoginChallenge) -> None: ...

    async def get(self, challenge_id: uuid.UUID) -> LoginChallenge | None: ...

    async def open_for(self, email: str, now: dt.datetime) -> list[LoginChallenge]:
        """Every challenge of the email not yet consumed, ended or expired, oldest first (locked ones included)."""
        ...

    async def by_link_hash(self, link_hash: bytes) -> LoginChallenge | None: ...

    async def latest_email_asked_by(
        self, browser_hash: bytes, now: dt.datetime, *, open_only: bool = True
    ) -> str | None:
        """The email of the newest open challenge this browser asked for, or None (the code page of a signed-out
        direct link knows only the masked address; the browser that asked knows nothing more).

        - `open_only=False`: of the newest one not yet used, even if it expired or a sign-in ended it (whom to send
          a new code to).
        """
        ...


class SessionRepository(Protocol):
    def add(self, session: CustomerSession) -> None: ...

    async def get(self, id_hash: bytes) -> CustomerSession | None: ...


class SecretHasher(Protocol):
    """Keyed hashes (HMAC-SHA256 with the server keys) of secrets; only these are stored (PRODUCT §2.2).

    - `digest` is under the signing key: what is stored, or handed out as a MAC.
    - `digests` is under every configured key, the signing key's first: what a lookup or a check must try, so
      that what an older key made still counts until that key is removed (ADR-0036).
    """

    def digest(self, purpose: str, value: str) -> bytes: ...

    def digests(self, purpose: str, value: str) -> tuple[bytes, ...]: ...


class SecretSealer(Protocol):
    """Authenticated encryption for secrets that must travel through the outbox to the worker (never stored bare).

    - Sealed under the signing key; opened under whichever configured key sealed it.
    """

    def seal(self, purpose: str, plain: bytes) -> str: ...

    def open(self, purpose: str, sealed: str) -> bytes:
        """Raises ValueError for anything not sealed by this server for this purpose."""
        ...


class RateDecision(msgspec.Struct, frozen=True, kw_only=True):
    allowed: bool
    retry_after_seconds: int = 0


class RateLimiter(Protocol):
    """Counts hits per bucket in sliding windows, shared by every process (the database, never process memory).

    - `hit` records one hit only when every window of `limit` still has room; otherwise it records nothing and
      says when the oldest counted hit of the fullest window leaves it.
    """

    async def hit(self, bucket: str, limit: RateLimit, now: dt.datetime) -> RateDecision: ...


class CustomerDirectory(Protocol):
    """What sign-in needs to know about the customer records of an email (normalised)."""

    async def is_known(self, email: str) -> bool: ...

    async def first_record(self, email: str) -> tuple[str, str] | None:
        """(customer_no, locale) of the email's first customer record by number, or None."""
        ...

    async def records(self, email: str) -> list[str]:
        """The customer numbers whose record has this email."""
        ...

    async def contact(self, customer_no: str) -> tuple[str, str] | None:
        """(normalised email, locale) of a customer record that has an email, or None."""
        ...
