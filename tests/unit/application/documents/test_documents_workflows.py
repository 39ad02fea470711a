"""The document workflows the API and the pages send as one message (PRODUCT §4, §5, §8, §11): ViewMyDocument and
ViewDocument (the read, then `document.viewed` through the record the person sees it by) and FetchMyDocumentPdf
(the read, rendered on demand; recording the download is the HTTP layer's, after its 304 check). Through the real
bus with fakes."""

from __future__ import annotations

import uuid

import pytest
from dependency_injector import providers

from application.commands.identity.sign_in import start_session
from application.errors import Unauthorized
from application.workflows.fetch_my_document_pdf import FetchMyDocumentPdf, MyPdfDownload
from application.workflows.view_document import ViewDocument, ViewMyDocument
from domain.documents.events import DocumentViewed
from domain.shared.errors import NotFound
from infrastructure.container import Container
from tests.builders import document, upsert_customer, upsert_document
from tests.fakes import FakeDocumentReader, FakePdfRenderer, FakePdfStore

pytestmark = pytest.mark.unit
MAIL = "mette@example.dk"


@pytest.fixture
async def seeded(fake_container: Container) -> Container:
    state = fake_container.fake_store  # type: ignore[attr-defined]
    pdfs = FakePdfStore()
    fake_container.pdf_store.override(providers.Object(pdfs))
    fake_container.pdf_renderer.override(providers.Object(FakePdfRenderer()))
    fake_container.document_reader.override(providers.Object(FakeDocumentReader(state, pdfs)))
    bus = fake_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk"))
    await bus.handle(upsert_document(document("invoice", "INV-1", customer_no="C-2001", bill_to_no="C-1001")))
    await bus.handle(upsert_document(document("invoice", "INV-9", customer_no="C-2001")))
    return fake_container


async def _session(container: Container) -> str:
    uow = container.uow()
    async with uow:
        signed = await start_session(uow, container.hasher(), MAIL, container.clock().now(), None)  # type: ignore[arg-type]
        await uow.commit()
    return signed.session_id


def _id(container: Container, number: str) -> uuid.UUID:
    documents = container.fake_store.documents.values()  # type: ignore[attr-defined]
    found: uuid.UUID = next(d.id for d in documents if d.number == number)
    return found


def _viewed(container: Container) -> list[DocumentViewed]:
    return [e for e in container.fake_store.events if isinstance(e, DocumentViewed)]  # type: ignore[attr-defined]


async def test_viewing_by_session_answers_the_detail_and_records_it_through_the_bill_to(seeded: Container) -> None:
    session_id = await _session(seeded)
    view = await seeded.bus().handle(ViewMyDocument(session_id=session_id, document_id=_id(seeded, "INV-1")))
    assert (view.number, view.role) == ("INV-1", "bill_to")
    assert [(e.party, e.document.number) for e in _viewed(seeded)] == [("C-1001", "INV-1")]


async def test_viewing_what_the_person_may_not_see_records_nothing(seeded: Container) -> None:
    session_id = await _session(seeded)
    for document_id in (_id(seeded, "INV-9"), uuid.uuid4()):
        with pytest.raises(NotFound):
            await seeded.bus().handle(ViewMyDocument(session_id=session_id, document_id=document_id))
    with pytest.raises(Unauthorized):
        await seeded.bus().handle(ViewMyDocument(session_id="no-such-session", document_id=_id(seeded, "INV-1")))
    assert _viewed(seeded) == []


async def test_viewing_by_email_records_the_same_event(seeded: Container) -> None:
    view = await seeded.bus().handle(ViewDocument(email=MAIL, document_id=_id(seeded, "INV-1")))
    assert view.number == "INV-1"
    assert [(e.party, e.document.id) for e in _viewed(seeded)] == [("C-1001", view.id)]
    with pytest.raises(NotFound):
        await seeded.bus().handle(ViewDocument(email=MAIL, document_id=_id(seeded, "INV-9")))
    assert len(_viewed(seeded)) == 1


async def test_a_pdf_not_stored_yet_is_rendered_on_demand_and_its_download_is_not_recorded_here(
    seeded: Container,
) -> None:
    session_id = await _session(seeded)
    download: MyPdfDownload = await seeded.bus().handle(
        FetchMyDocumentPdf(session_id=session_id, document_id=_id(seeded, "INV-1"))
    )
    assert download.pdf.content.startswith(b"%PDF") and download.view.version == download.pdf.version
    assert (download.mine.party, download.mine.source.number) == ("C-1001", "INV-1")
    again: MyPdfDownload = await seeded.bus().handle(
        FetchMyDocumentPdf(session_id=session_id, document_id=_id(seeded, "INV-1"))
    )
    assert again.pdf.etag == download.pdf.etag  # stored by the first: the same bytes
    assert not [e for e in seeded.fake_store.events if type(e).__name__ == "DocumentPdfDownloaded"]  # type: ignore[attr-defined]


async def test_a_read_for_a_session_touches_it_once_a_minute_has_passed(seeded: Container) -> None:
    session_id = await _session(seeded)
    sessions = seeded.fake_store.sessions  # type: ignore[attr-defined]
    clock = seeded.clock()
    started = clock.now()
    read = ViewMyDocument(session_id=session_id, document_id=_id(seeded, "INV-1"))
    clock.advance(seconds=30)
    await seeded.bus().handle(read)
    assert [s.last_seen_at for s in sessions.values()] == [started], "within the minute: no write"
    clock.advance(seconds=40)
    await seeded.bus().handle(read)
    assert [s.last_seen_at for s in sessions.values()] == [clock.now()]
