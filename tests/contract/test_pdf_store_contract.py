"""PdfStore (PRODUCT §5, ADR-0032), one contract run on the fake, on SQLite and on PostgreSQL: a version's PDF comes
back byte for byte, the first one stored stays, and a version never stored answers None."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest

from application.ports.pdf_store import StoredPdf
from infrastructure.container import Container
from tests.builders import document, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _pdf(document_id: uuid.UUID, version: int, content: bytes) -> StoredPdf:
    return StoredPdf(
        document_id=document_id,
        version=version,
        etag=hashlib.sha256(content).hexdigest(),
        content=content,
        rendered_at=T0,
    )


async def _document_id(store: Container) -> uuid.UUID:
    await store.bus().handle(upsert_customer(customer_no="C-1001"))
    doc = await store.bus().handle(upsert_document(document("invoice", "INV-1")))
    return doc.id  # type: ignore[no-any-return]


async def test_a_stored_pdf_comes_back_byte_for_byte(store: Container) -> None:
    document_id = await _document_id(store)
    pdfs = store.pdf_store()
    first = _pdf(document_id, 1, b"%PDF-1.7\n\x00\xff binary")
    await pdfs.put(first)
    assert await pdfs.get(document_id, 1) == first
    assert await pdfs.contains(document_id, 1)


async def test_the_first_pdf_of_a_version_stays(store: Container) -> None:
    document_id = await _document_id(store)
    pdfs = store.pdf_store()
    first = _pdf(document_id, 1, b"%PDF first")
    await pdfs.put(first)
    await pdfs.put(_pdf(document_id, 1, b"%PDF second"))  # a racing renderer: not an error
    assert await pdfs.get(document_id, 1) == first
    second_version = _pdf(document_id, 2, b"%PDF v2")
    await pdfs.put(second_version)
    assert await pdfs.get(document_id, 2) == second_version


async def test_a_version_never_stored_answers_none(store: Container) -> None:
    document_id = await _document_id(store)
    pdfs = store.pdf_store()
    await pdfs.put(_pdf(document_id, 1, b"%PDF"))
    assert await pdfs.get(document_id, 2) is None
    assert not await pdfs.contains(document_id, 2)
    assert await pdfs.get(uuid.uuid4(), 1) is None
