"""SignOut: the customer ends their session (PRODUCT §3)."""

from __future__ import annotations

import msgspec

from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import SESSION_PURPOSE
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from application.ports.unit_of_work import UnitOfWork


class SignOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str


class SignOutHandler:
    """- Revokes the session at once; an unknown or already revoked session is not an error."""

    def __init__(self, uow: UnitOfWork, clock: Clock, hasher: SecretHasher) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher

    async def __call__(self, cmd: SignOut) -> None:
        async with self.uow:
            found = await first_found(self._hasher.digests(SESSION_PURPOSE, cmd.session_id), self.uow.sessions.get)
            if found is not None:
                found[1].revoke(self._clock.now())
            await self.uow.commit()
