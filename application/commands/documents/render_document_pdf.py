"""RenderDocumentPdf: render one version of a document to PDF and store it (PRODUCT §5)."""

from __future__ import annotations

import asyncio
import hashlib
import uuid

import msgspec
import structlog

from application.commands.documents.pdf_mapping import pdf_document_of
from application.ports.clock import Clock
from application.ports.pdf_renderer import PdfRenderer
from application.ports.pdf_store import PdfStore, StoredPdf
from application.ports.unit_of_work import UnitOfWork

_log = structlog.get_logger("portal.pdf")


class RenderDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    version: int


class RenderDocumentPdfHandler:
    """Renders and stores the PDF of one content version; the worker's job and the on-demand fallback.

    - Idempotent: a version already stored is left as it is (jobs may be delivered twice, renders may race).
    - Only the document's current version is rendered: a stale version (the document moved on), an unknown
      document or a withdrawn one renders nothing.
    - Rendering is CPU-bound and runs in a worker thread, never on the event loop; no transaction is held open
      while it runs.
    - The stored ETag is the SHA-256 hex digest of the bytes.
    - The PDF is stored outside the unit of work (its own short transaction); the unit of work only commits the
      worker's inbox record, after the PDF is stored.
    """

    def __init__(self, uow: UnitOfWork, store: PdfStore, renderer: PdfRenderer, clock: Clock) -> None:
        self.uow = uow
        self._store = store
        self._renderer = renderer
        self._clock = clock

    async def __call__(self, cmd: RenderDocumentPdf) -> None:
        if not await self._store.contains(cmd.document_id, cmd.version):
            await self._render(cmd)
        async with self.uow:  # nothing to write; in the worker this records the message as handled (ADR-0007)
            await self.uow.commit()

    async def _render(self, cmd: RenderDocumentPdf) -> None:
        async with self.uow:  # map while the aggregate is loaded; the transaction ends before rendering
            document = await self.uow.documents.get(cmd.document_id)
            current = document is not None and not document.withdrawn and document.version == cmd.version
            doc = pdf_document_of(document) if document is not None and current else None
        if doc is None:
            _log.info("pdf.not_rendered", document_id=str(cmd.document_id), version=cmd.version, reason="not current")
            return
        content = await asyncio.to_thread(self._renderer.render, doc)
        await self._store.put(
            StoredPdf(
                document_id=cmd.document_id,
                version=cmd.version,
                etag=hashlib.sha256(content).hexdigest(),
                content=content,
                rendered_at=self._clock.now(),
            )
        )
        _log.info("pdf.rendered", document_id=str(cmd.document_id), version=cmd.version, size=len(content))
