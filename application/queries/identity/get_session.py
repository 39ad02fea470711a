"""GetSession: who a session cookie belongs to, if it is still active (PRODUCT §3)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import msgspec

from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import SESSION_PURPOSE
from application.errors import Unauthorized
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from domain.identity.session import TOUCH_INTERVAL, CustomerSession


class SessionView(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    revoked_at: dt.datetime | None


class SessionReader(Protocol):
    async def find(self, id_hash: bytes) -> SessionView | None: ...


class GetSession(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str


class CurrentSession(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    needs_touch: bool


class SessionCheck:
    """Whether a session cookie stands for an active session now: one home for every query that reads a session
    (`GetSession`, and those that read it together with their data).

    - Unknown, revoked, idle (no use within the idle timeout) and too old (past the absolute lifetime) sessions
      all raise Unauthorized. `needs_touch` says a TouchSession is due (a minute since the last write).
    """

    def __init__(self, clock: Clock, hasher: SecretHasher, idle_minutes: int, max_hours: int) -> None:
        self._clock = clock
        self._hasher = hasher
        self._idle = dt.timedelta(minutes=idle_minutes)
        self._max_age = dt.timedelta(hours=max_hours)

    def id_hashes(self, session_id: str) -> tuple[bytes, ...]:
        """The stored key of a cookie's session id under each server key, the signing key's first (ADR-0036: a
        session started before a rotation is found under the key it was started with); no cookie at all is
        Unauthorized at once.
        """
        if not session_id:
            raise Unauthorized("not signed in")
        return self._hasher.digests(SESSION_PURPOSE, session_id)

    def current(self, view: SessionView | None) -> CurrentSession:
        """The session a stored view stands for now, or Unauthorized."""
        now = self._clock.now()
        if view is None or not _rules(view).is_active(now, idle=self._idle, max_age=self._max_age):
            raise Unauthorized("not signed in, or the session has ended")
        return CurrentSession(email=view.email, needs_touch=now - view.last_seen_at >= TOUCH_INTERVAL)


class GetSessionHandler:
    """- The session of a cookie, by `SessionCheck`'s rules."""

    def __init__(self, reader: SessionReader, check: SessionCheck) -> None:
        self._reader = reader
        self._check = check

    async def __call__(self, query: GetSession) -> CurrentSession:
        found = await first_found(self._check.id_hashes(query.session_id), self._reader.find)
        return self._check.current(found[1] if found is not None else None)


def _rules(view: SessionView) -> CustomerSession:
    """The session's rules applied to its view (a value, not a loaded aggregate: nothing here is ever saved)."""
    return CustomerSession(
        id_hash=b"view",
        email=view.email,
        created_at=view.created_at,
        last_seen_at=view.last_seen_at,
        revoked_at=view.revoked_at,
    )
