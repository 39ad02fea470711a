"""The PDF use cases through the real bus with fakes: render once per version, on demand, downloads as events."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import msgspec
import pytest
from dependency_injector import providers

from application import jobs
from application.commands.automation.handle_portal_event import HandlePortalEvent
from application.commands.documents.pdf_mapping import pdf_document_of
from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded
from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.commands.documents.withdraw_document import WithdrawDocument
from application.events.envelope import Envelope, envelope_of
from application.messagebus import MessageBus
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.queries.documents.pdf_views import pdf_filename
from application.workflows.fetch_document_pdf import FetchDocumentPdf
from domain.documents.events import DocumentPdfDownloaded, DocumentPublished
from domain.shared.errors import NotFound
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.fakes import FakeClock, FakeDocumentReader, FakePdfRenderer, FakePdfStore

pytestmark = pytest.mark.unit


class _EventLog:
    def __init__(self, envelopes: list[Envelope]) -> None:
        self._by_id = {e.id: e for e in envelopes}

    async def get(self, event_id: uuid.UUID) -> Envelope | None:
        return self._by_id.get(event_id)


@pytest.fixture
def container(fake_container: Container) -> Container:
    fake_container.pdf_store.override(providers.Object(FakePdfStore()))
    fake_container.pdf_renderer.override(providers.Object(FakePdfRenderer()))
    fake_container.document_reader.override(providers.Object(FakeDocumentReader(fake_container.fake_store)))  # type: ignore[attr-defined]
    return fake_container


def _store(container: Container) -> Any:
    return container.fake_store  # type: ignore[attr-defined]


async def _import(bus: MessageBus, record: dict[str, Any]) -> uuid.UUID:
    result = await bus.handle(upsert_document(record))
    return result.id  # type: ignore[no-any-return]


async def _seed(bus: MessageBus) -> uuid.UUID:
    await bus.handle(upsert_customer(customer_no="C-1001", email="mette@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="bogholderi@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="someone@example.dk"))
    return await _import(bus, document("invoice", "INV-10023", bill_to_no="C-2001", notes="Tak for handlen"))


def _pdf_events(container: Container) -> list[DocumentPdfDownloaded]:
    return [e for e in _store(container).events if isinstance(e, DocumentPdfDownloaded)]


async def test_render_stores_the_bytes_with_their_sha256_and_renders_a_version_once(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    await bus.handle(RenderDocumentPdf(document_id=doc_id, version=1))
    await bus.handle(RenderDocumentPdf(document_id=doc_id, version=1))
    renderer: FakePdfRenderer = container.pdf_renderer()
    assert len(renderer.rendered) == 1
    stored = await container.pdf_store().get(doc_id, 1)
    assert stored is not None
    assert stored.content == renderer.render(renderer.rendered[0])
    assert stored.etag == hashlib.sha256(stored.content).hexdigest()
    assert stored.rendered_at == FakeClock().now()


async def test_a_stale_an_unknown_or_a_withdrawn_version_renders_nothing(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    await _import(bus, document("invoice", "INV-10023", bill_to_no="C-2001", notes="ændret"))  # version 2
    await bus.handle(RenderDocumentPdf(document_id=doc_id, version=1))
    await bus.handle(RenderDocumentPdf(document_id=uuid.uuid4(), version=1))
    quote_id = await _import(bus, document("quote", "Q-1"))
    await bus.handle(WithdrawDocument(type="quote", number="Q-1"))
    await bus.handle(RenderDocumentPdf(document_id=quote_id, version=1))
    assert container.pdf_renderer().rendered == []
    assert container.pdf_store().pdfs == {}
    await bus.handle(RenderDocumentPdf(document_id=doc_id, version=2))
    assert list(container.pdf_store().pdfs) == [(doc_id, 2)]


async def test_a_missing_pdf_is_rendered_on_demand_then_served_from_the_store(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    view = await bus.handle(GetDocumentPdfForStaff(type="invoice", number="INV-10023"))
    assert (view.document_id, view.version, view.pdf) == (doc_id, 1, None)  # the query itself never renders
    first_view, first = await bus.handle(
        FetchDocumentPdf(query=GetDocumentPdfForStaff(type="invoice", number="INV-10023"))
    )
    again_view, again = await bus.handle(
        FetchDocumentPdf(query=GetDocumentPdf(email=" Mette@Example.DK ", document_id=doc_id))
    )
    assert len(container.pdf_renderer().rendered) == 1
    assert first == again
    assert first_view.filename == again_view.filename == "Invoice-INV-10023.pdf"


async def test_the_customer_query_has_the_visibility_of_get_document(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    for email in ("mette@example.dk", "BOGHOLDERI@example.dk"):
        assert (await bus.handle(GetDocumentPdf(email=email, document_id=doc_id))).document_id == doc_id
    for email, wanted in (("someone@example.dk", doc_id), ("mette@example.dk", uuid.uuid4()), ("", doc_id)):
        with pytest.raises(NotFound):
            await bus.handle(GetDocumentPdf(email=email, document_id=wanted))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-10023"))
    with pytest.raises(NotFound):
        await bus.handle(GetDocumentPdf(email="mette@example.dk", document_id=doc_id))
    with pytest.raises(NotFound):
        await bus.handle(FetchDocumentPdf(query=GetDocumentPdfForStaff(type="invoice", number="INV-10023")))
    assert container.pdf_renderer().rendered == []


async def test_a_staff_download_is_one_event_of_the_document_s_customer(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    await bus.handle(RecordPdfDownloaded(document_id=doc_id))
    with pytest.raises(NotFound):
        await bus.handle(RecordPdfDownloaded(document_id=uuid.uuid4()))
    events = _pdf_events(container)
    assert [e.party for e in events] == ["C-1001"]
    assert {(e.event_type, e.document.number if e.document else None) for e in events} == {
        ("document.pdf_downloaded", "INV-10023")
    }
    assert envelope_of(events[0], uuid.uuid4(), default_time=FakeClock().now()).data == {"version": 1}


async def test_a_published_event_asks_the_worker_to_render_that_version(container: Container) -> None:
    bus = container.bus()
    doc_id = await _seed(bus)
    published = next(e for e in _store(container).events if isinstance(e, DocumentPublished))
    envelope = envelope_of(published, uuid.uuid4(), default_time=FakeClock().now())
    container.event_log.override(providers.Object(_EventLog([envelope])))
    jobs_before = len(_store(container).jobs)
    await bus.handle(HandlePortalEvent(event_id=envelope.id))
    assert _store(container).jobs[jobs_before:] == [
        (jobs.RENDER_DOCUMENT_PDF, {"document_id": str(doc_id), "version": 1})
    ]
    payload = _store(container).jobs[-1][1]
    await bus.handle(RenderDocumentPdf(document_id=uuid.UUID(payload["document_id"]), version=payload["version"]))
    assert await container.pdf_store().contains(doc_id, 1)


async def test_the_pdf_shows_the_version_as_issued(container: Container) -> None:
    bus = container.bus()
    record = document(
        "invoice",
        "INV-7",
        bill_to_no="C-2001",
        lines=[line(unit_price=1999, quantity="2.500", discount_percent="12.50", item_no="X-1", unit="stk")],
        vehicle={"registration_no": "AB12345", "mileage_km": 45210},
        paid=100,
    )
    await _seed(bus)
    doc_id = await _import(bus, record)
    doc = pdf_document_of(_store(container).documents[doc_id])
    assert (doc.type, doc.number, doc.version, doc.version_at) == ("invoice", "INV-7", 1, FakeClock().now())
    assert doc.due_date is not None and (doc.due_date - doc.issue_date).days == 14
    assert doc.payment_terms == "Netto 14 dage"
    assert (doc.customer.customer_no, doc.bill_to and doc.bill_to.customer_no) == ("C-1001", "C-2001")
    assert doc.vehicle is not None and doc.vehicle.mileage_km == 45210
    (pdf_line,) = doc.lines
    assert (pdf_line.quantity, pdf_line.discount_percent, pdf_line.vat_rate) == ("2.5", "12.5", "25")
    assert (pdf_line.item_no, pdf_line.unit, pdf_line.gross) == ("X-1", "stk", 4998)
    assert doc.totals.total == record["totals"]["total"]
    await _import(bus, {**record, "paid": 500})  # payment state is not content: same version, same PDF
    assert pdf_document_of(_store(container).documents[doc_id]) == doc
    assert msgspec.json.encode(doc) == msgspec.json.encode(pdf_document_of(_store(container).documents[doc_id]))
    quote = pdf_document_of(_store(container).documents[await _import(bus, document("quote", "Q-9", locale="en"))])
    assert (quote.payment_terms, quote.due_date, quote.locale) == (None, None, "en")


@pytest.mark.parametrize(
    ("type_", "number", "expected"),
    [
        ("invoice", "INV-10023", "Invoice-INV-10023.pdf"),
        ("quote", "Q-1", "Quote-Q-1.pdf"),
        ("order", "ORD-5001", "Order-ORD-5001.pdf"),
        ("credit_note", "CN-7", "CreditNote-CN-7.pdf"),
        ("invoice", 'A/B "1"', "Invoice-A_B__1_.pdf"),
    ],
)
def test_filenames(type_: str, number: str, expected: str) -> None:
    assert pdf_filename(type_, number) == expected
