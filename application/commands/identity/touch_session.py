"""TouchSession: record that a session was used, at most once a minute (PRODUCT §3)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import SESSION_PURPOSE
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from application.ports.unit_of_work import UnitOfWork
from domain.identity.errors import SessionNotActive


class SessionLifetime(msgspec.Struct, frozen=True, kw_only=True):
    idle_minutes: int = 60
    max_hours: int = 12

    @property
    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.idle_minutes)

    @property
    def max_age(self) -> dt.timedelta:
        return dt.timedelta(hours=self.max_hours)


class TouchSession(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str


class TouchSessionHandler:
    """- Writes the idle timestamp only when a minute has passed since the last write; a session that is no longer
    active is left alone (the request that carried it has already been refused).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, hasher: SecretHasher, lifetime: SessionLifetime) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher
        self._lifetime = lifetime

    async def __call__(self, cmd: TouchSession) -> None:
        async with self.uow:
            found = await first_found(self._hasher.digests(SESSION_PURPOSE, cmd.session_id), self.uow.sessions.get)
            if found is None:
                return
            session = found[1]
            try:
                changed = session.touch(self._clock.now(), idle=self._lifetime.idle, max_age=self._lifetime.max_age)
            except SessionNotActive:
                return
            if changed:
                await self.uow.commit()
