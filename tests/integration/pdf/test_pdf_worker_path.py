"""The worker path on PostgreSQL: an import publishes → relay → portal event actor → render job → PDF stored."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import dramatiq
import pypdf
import pytest
from sqlalchemy import select

from application import jobs
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from infrastructure.container import Container, build_container, share_embedded
from infrastructure.persistence.tables.outbox import outbox, processed_messages
from infrastructure.persistence.tables.pdfs import document_pdfs
from interfaces.worker.main import start_actors
from tests.builders import document, upsert_customer, upsert_document
from tests.conftest import make_settings

pytestmark = pytest.mark.integration
_ROUNDS = 5  # import → portal.event → documents.render_pdf: two hops; more rounds only if something is left


@pytest.fixture
async def worker(pg_container: Container, pg_database: str, tmp_path: Path) -> AsyncIterator[dramatiq.Worker]:
    """The real actors on the embedded StubBroker with their own container, sharing the broker with the test's."""
    actor_container = build_container(make_settings(tmp_path, database_url=pg_database))
    running = start_actors(actor_container.settings(), threads=2, container=actor_container)
    share_embedded(pg_container, actor_container)
    try:
        yield running
    finally:
        await asyncio.to_thread(running.stop)


async def _relay_until_idle(container: Container, worker: dramatiq.Worker) -> None:
    relay = container.relay()
    for _ in range(_ROUNDS):
        if not await relay.drain():
            return
        await asyncio.to_thread(worker.broker.join, jobs.QUEUE, fail_fast=True, timeout=120_000)
        await asyncio.to_thread(worker.join)
    pytest.fail("the outbox kept producing work")


async def test_an_imported_version_is_rendered_and_stored_by_the_worker(
    pg_container: Container, worker: dramatiq.Worker
) -> None:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    doc_id = (await bus.handle(upsert_document(document("invoice", "INV-10023")))).id
    await _relay_until_idle(pg_container, worker)
    await bus.handle(upsert_document(document("invoice", "INV-10023", notes="version 2")))
    await _relay_until_idle(pg_container, worker)

    async with pg_container.session_factory()() as session:
        stored = (await session.execute(select(document_pdfs).order_by(document_pdfs.c.version))).all()
        jobs_sent = (
            await session.execute(
                select(outbox.c.message_id, outbox.c.payload, outbox.c.sent_at).where(
                    outbox.c.actor == jobs.RENDER_DOCUMENT_PDF
                )
            )
        ).all()
        handled = set((await session.execute(select(processed_messages.c.message_id))).scalars().all())
    assert [(row.document_id, row.version) for row in stored] == [(doc_id, 1), (doc_id, 2)]
    for row in stored:
        assert len(pypdf.PdfReader(io.BytesIO(row.content)).pages) == 1
        assert row.size == len(row.content)
    assert sorted(job.payload["version"] for job in jobs_sent) == [1, 2]
    assert {job.payload["document_id"] for job in jobs_sent} == {str(doc_id)}
    assert all(job.sent_at is not None and job.message_id in handled for job in jobs_sent)

    view = await bus.handle(GetDocumentPdfForStaff(type="invoice", number="INV-10023"))
    assert view.pdf is not None
    assert view.pdf.content == stored[-1].content  # served from what the worker stored
