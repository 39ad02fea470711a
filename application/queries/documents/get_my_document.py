"""GetMyDocument: one document's detail for the session that asks, and that session, in one read (PRODUCT §4, §11).

As `ListMyDocuments` does for the list: the session rules of `GetSession` and the rules of `GetDocument`, with the
session and the document read together (`DocumentReader.detail_for_session`).
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.credentials.keyed_lookup import first_found
from application.ports.clock import Clock
from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import DocumentDetailView
from application.queries.identity.get_session import SessionCheck
from domain.shared.clock import business_date
from domain.shared.errors import NotFound


class GetMyDocument(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    document_id: UUID


class MyDocument(msgspec.Struct, frozen=True, kw_only=True):
    """The document, and who asked: `needs_touch` says a TouchSession is due (as `GetSession` says it)."""

    email: str
    needs_touch: bool
    document: DocumentDetailView


class GetMyDocumentHandler:
    """- No, unknown, revoked, idle or too old session → Unauthorized (whatever the document).
    - Unknown, foreign and withdrawn documents all raise the same NotFound (existence is never revealed).
    """

    def __init__(self, reader: DocumentReader, check: SessionCheck, clock: Clock) -> None:
        self._reader = reader
        self._check = check
        self._clock = clock

    async def __call__(self, query: GetMyDocument) -> MyDocument:
        id_hashes = self._check.id_hashes(query.session_id)
        today = business_date(self._clock.now())
        hit = await first_found(
            id_hashes, lambda id_hash: self._reader.detail_for_session(id_hash, query.document_id, today=today)
        )
        found = hit[1] if hit is not None else None
        current = self._check.current(found.session if found else None)
        if found is None or found.document is None:
            raise NotFound("document not found")
        return MyDocument(email=current.email, needs_touch=current.needs_touch, document=found.document)
