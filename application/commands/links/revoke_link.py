"""RevokeLink: staff end a direct link at once (PRODUCT §7)."""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import NotFound


class RevokeLink(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID


class RevokeLinkHandler:
    """- Unknown id → NotFound; revoking twice changes nothing (every idempotent staff command: the same rule).
    - Returns whether this call revoked it (False: it was revoked already).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RevokeLink) -> bool:
        async with self.uow:
            link = await self.uow.links.get(cmd.id)
            if link is None:
                raise NotFound(f"no link {cmd.id}")
            newly = link.revoke(self._clock.now())
            await self.uow.commit()
            return newly
