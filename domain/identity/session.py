"""The customer session behind the `portal_session` cookie (PRODUCT §3)."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from domain.identity.email_address import EmailAddress
from domain.identity.errors import SessionNotActive
from domain.identity.instant import require_aware
from domain.shared.aggregate import AggregateRoot

DEFAULT_SESSION_IDLE = timedelta(minutes=60)
DEFAULT_SESSION_MAX_AGE = timedelta(hours=12)
TOUCH_INTERVAL = timedelta(minutes=1)


class CustomerSession(AggregateRoot):
    """A signed-in person's session, scoped to one verified email address.

    - Identified by the hash of its random 256-bit id (`id_hash`); the raw id lives only in the cookie.
    - Active while not revoked, less than `idle` since it was last seen, and less than `max_age` since it was
      created (both bounds exclusive; 60 minutes and 12 hours by default, set by configuration).
    - `touch` moves the last-seen time at most once a minute, so reads rarely write; it never moves it back
      and never revives a session that is no longer active.
    - Revoking (sign-out) is final and idempotent.
    """

    id_hash: bytes
    _email: str
    _created_at: datetime
    _last_seen_at: datetime
    _revoked_at: datetime | None

    def __init__(
        self,
        *,
        id_hash: bytes,
        email: str,
        created_at: datetime,
        last_seen_at: datetime,
        revoked_at: datetime | None = None,
    ) -> None:
        self.id_hash = id_hash
        self._email = email
        self._created_at = created_at
        self._last_seen_at = last_seen_at
        self._revoked_at = revoked_at

    @classmethod
    def start(cls, *, id_hash: bytes, email: EmailAddress, now: datetime) -> CustomerSession:
        """Start a session at sign-in."""
        require_aware(now, "now")
        if not id_hash:
            raise ValueError("a session needs the hash of its id")
        return cls(id_hash=id_hash, email=email.value, created_at=now, last_seen_at=now)

    @property
    def email(self) -> EmailAddress:
        return EmailAddress(value=self._email)

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def last_seen_at(self) -> datetime:
        return self._last_seen_at

    @property
    def revoked_at(self) -> datetime | None:
        return self._revoked_at

    def expires_at(self, *, idle: timedelta, max_age: timedelta) -> datetime:
        """The instant it stops being active if it is not touched again (ignores revocation)."""
        return min(self._last_seen_at + idle, self._created_at + max_age)

    def is_active(self, now: datetime, *, idle: timedelta, max_age: timedelta) -> bool:
        require_aware(now, "now")
        return self._revoked_at is None and now < self.expires_at(idle=idle, max_age=max_age)

    def touch(self, now: datetime, *, idle: timedelta, max_age: timedelta) -> bool:
        """Record activity at `now`; returns whether `last_seen_at` changed (the repository writes only then).

        - Raises `SessionNotActive` when the session is not active at `now`.
        """
        if not self.is_active(now, idle=idle, max_age=max_age):
            raise SessionNotActive("the session has ended; sign in again")
        if now - self._last_seen_at < TOUCH_INTERVAL:
            return False
        self._last_seen_at = now
        return True

    def revoke(self, now: datetime) -> bool:
        """Sign out; returns False when it was revoked already (the first time stays recorded)."""
        require_aware(now, "now")
        if self._revoked_at is not None:
            return False
        self._revoked_at = now
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomerSession) and hmac.compare_digest(other.id_hash, self.id_hash)

    def __hash__(self) -> int:
        return hash(self.id_hash)

    def __repr__(self) -> str:
        return f"CustomerSession(created_at={self._created_at.isoformat()})"
