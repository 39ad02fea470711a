"""When a document version is published, render its PDF in the worker (PRODUCT §5)."""

from __future__ import annotations

from application import jobs
from application.events.envelope import Envelope
from application.ports.unit_of_work import UnitOfWork


def render_published_pdf(envelope: Envelope, uow: UnitOfWork) -> None:
    """`document.published` → a `documents.render_pdf` job for that document and version.

    - A restore without a content change names a version that is already stored; the job then does nothing.
    """
    if envelope.document is None:
        return
    version = envelope.data.get("version")
    if not isinstance(version, int):
        return
    uow.outbox.enqueue(jobs.RENDER_DOCUMENT_PDF, {"document_id": str(envelope.document.id), "version": version})
