"""SQLAlchemy repository of document links."""

from __future__ import annotations

import uuid

from domain.links.model import DocumentLink
from infrastructure.persistence.repositories.tracking import TrackingRepository


class SqlAlchemyLinkRepository(TrackingRepository):
    def add(self, link: DocumentLink) -> None:
        self._add(link)

    async def get(self, link_id: uuid.UUID) -> DocumentLink | None:
        return self._track(await self._session.get(DocumentLink, link_id))
