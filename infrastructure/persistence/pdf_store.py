"""The SQL PdfStore: one row per rendered document version in `document_pdfs`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Insert, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.pdf_store import StoredPdf
from infrastructure.persistence.tables.pdfs import document_pdfs

_KEY = (document_pdfs.c.document_id, document_pdfs.c.version)


class SqlAlchemyPdfStore:
    """Reads and writes through its own short sessions.

    - `put` inserts and ignores a row that is already there (`ON CONFLICT DO NOTHING`): the first render stays.
    - Database failures become `StoreUnavailable` (its sessions translate them: `store_errors`).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def get(self, document_id: UUID, version: int) -> StoredPdf | None:
        query = select(document_pdfs).where(*_matches(document_id, version))
        async with self._sessions() as session:
            row = (await session.execute(query)).first()
        if row is None:
            return None
        return StoredPdf(
            document_id=row.document_id,
            version=row.version,
            etag=row.etag,
            content=bytes(row.content),
            rendered_at=row.rendered_at,
        )

    async def contains(self, document_id: UUID, version: int) -> bool:
        query = select(exists().where(*_matches(document_id, version)))
        async with self._sessions() as session:
            return bool(await session.scalar(query))

    async def put(self, pdf: StoredPdf) -> None:
        values = {
            "document_id": pdf.document_id,
            "version": pdf.version,
            "etag": pdf.etag,
            "size": len(pdf.content),
            "content": pdf.content,
            "rendered_at": pdf.rendered_at,
        }
        async with self._sessions() as session, session.begin():
            await session.execute(_insert_ignoring_duplicates(session.get_bind().dialect.name).values(values))


def _matches(document_id: UUID, version: int) -> tuple[Any, ...]:
    return (document_pdfs.c.document_id == document_id, document_pdfs.c.version == version)


def _insert_ignoring_duplicates(dialect: str) -> Insert:
    if dialect == "postgresql":
        return postgresql.insert(document_pdfs).on_conflict_do_nothing(index_elements=list(_KEY))
    return sqlite.insert(document_pdfs).on_conflict_do_nothing(index_elements=list(_KEY))
