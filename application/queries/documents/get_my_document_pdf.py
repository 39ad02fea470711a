"""GetMyDocumentPdf: a document's stored PDF for the session that asks, and that session, in one read (PRODUCT §5,
§11).

As `GetMyDocument` does for the detail: the session rules of `GetSession` and the visibility of `GetDocumentPdf`,
read together (`DocumentReader.pdf_for_session`), with the party the download event names.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.credentials.keyed_lookup import first_found
from application.queries.documents.reader import DocumentReader, MyPdf
from application.queries.identity.get_session import SessionCheck
from domain.shared.errors import NotFound


class GetMyDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    document_id: UUID


class MyDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    """The PDF (its `view.pdf` None while its version is not stored yet), and who asked."""

    email: str
    needs_touch: bool
    pdf: MyPdf


class GetMyDocumentPdfHandler:
    """- No, unknown, revoked, idle or too old session → Unauthorized (whatever the document).
    - Unknown, foreign and withdrawn documents all raise the same NotFound (existence is never revealed).
    """

    def __init__(self, reader: DocumentReader, check: SessionCheck) -> None:
        self._reader = reader
        self._check = check

    async def __call__(self, query: GetMyDocumentPdf) -> MyDocumentPdf:
        id_hashes = self._check.id_hashes(query.session_id)
        hit = await first_found(id_hashes, lambda id_hash: self._reader.pdf_for_session(id_hash, query.document_id))
        found = hit[1] if hit is not None else None
        current = self._check.current(found.session if found else None)
        if found is None or found.pdf is None:
            raise NotFound("document not found")
        return MyDocumentPdf(email=current.email, needs_touch=current.needs_touch, pdf=found.pdf)
