"""The document queries on PostgreSQL and on SQLite (the embedded default; the list statement differs there: no
LATERAL): §1 visibility, §4 ordering, keyset pages, filters, search, balances; and the list read together with
the session that asks (`ListMyDocuments`) equal to the session check followed by `ListDocuments`."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.commands.documents.withdraw_document import WithdrawDocument
from application.commands.identity.sign_in import start_session
from application.commands.identity.sign_out import SignOut
from application.errors import Unauthorized
from application.queries.documents.get_document import GetDocument
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_my_document import GetMyDocument
from application.queries.documents.get_my_document_pdf import GetMyDocumentPdf
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.list_documents import ListDocuments
from application.queries.documents.list_my_documents import ListMyDocuments
from domain.shared.errors import DomainError, NotFound
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


async def _seed(container: Container, *records: dict[str, Any]) -> list[Any]:
    bus = container.bus()
    return [await bus.handle(upsert_document(r)) for r in records]


@pytest.fixture(params=["postgresql", "sqlite"])
def store(request: pytest.FixtureRequest) -> Container:
    """The same tests on both databases the portal runs on."""
    container: Container = request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'sqlite'}_container")
    return container


@pytest.fixture
async def people(store: Container) -> Container:
    container = store
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    await bus.handle(upsert_customer(customer_no="C-2001", email="  METTE@example.DK "))  # same person, 2nd record
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk"))
    return container


async def test_a_person_sees_documents_of_every_record_with_their_email_and_nothing_else(people: Container) -> None:
    await _seed(
        people,
        document("invoice", "INV-1", customer_no="C-1001"),
        document("invoice", "INV-2", customer_no="C-3001", bill_to_no="C-2001"),
        document("invoice", "INV-3", customer_no="C-3001"),
        document("quote", "Q-1", customer_no="C-1001", bill_to_no="C-2001"),
    )
    page = await people.bus().handle(ListDocuments(email="Mette@Example.dk"))
    roles = {item.number: item.role for item in page.items}
    assert roles == {"INV-1": "customer", "INV-2": "bill_to", "Q-1": "both"}
    other = await people.bus().handle(ListDocuments(email="other@example.dk"))
    assert [i.number for i in other.items] == ["INV-3", "INV-2"] or {i.number for i in other.items} == {
        "INV-2",
        "INV-3",
    }


async def test_foreign_unknown_and_withdrawn_documents_are_the_same_not_found(people: Container) -> None:
    mine, foreign = await _seed(
        people, document("invoice", "INV-1", customer_no="C-1001"), document("invoice", "INV-9", customer_no="C-3001")
    )
    bus = people.bus()
    assert (await bus.handle(GetDocument(email=MAIL, document_id=mine.id))).number == "INV-1"
    with pytest.raises(NotFound):
        await bus.handle(GetDocument(email=MAIL, document_id=foreign.id))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    with pytest.raises(NotFound):
        await bus.handle(GetDocument(email=MAIL, document_id=mine.id))
    assert (await bus.handle(ListDocuments(email=MAIL))).items == []


async def test_order_is_issue_date_then_number_by_code_point_then_id_and_pages_never_repeat(people: Container) -> None:
    day = dt.date(2026, 11, 2)
    numbers = ["INV-10", "INV-9", "INV-a", "INV-B", "INV-Æ", "INV-1"]
    await _seed(people, *(document("invoice", n, customer_no="C-1001", issue_date=day) for n in numbers))
    await _seed(people, document("order", "ORD-1", customer_no="C-2001", issue_date=day + dt.timedelta(days=1)))
    seen: list[str] = []
    cursor = None
    while True:
        page = await people.bus().handle(ListDocuments(email=MAIL, limit=2, cursor=cursor))
        seen += [i.number for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["ORD-1", *sorted(numbers, reverse=True)]  # Python sorts str by code point, as "C" does


async def test_filters_and_search(people: Container, clock: Any) -> None:
    clock.set(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))
    await _seed(
        people,
        document("invoice", "INV-OPEN", issue_date=dt.date(2026, 11, 20)),
        document("invoice", "INV-LATE", issue_date=dt.date(2026, 10, 1)),
        document(
            "invoice",
            "INV-PAID",
            issue_date=dt.date(2026, 10, 1),
            paid=12500,
            vehicle={"registration_no": "AB12345", "vin": "WVWZZZ1KZ8W000001"},
        ),
        document("quote", "Q-7", lines=[line(unit_price=224_550, description="Vinterdæk montering")]),
        document("order", "ORD-3", customer_no="C-2001"),
    )
    bus = people.bus()

    async def numbers(**kw: Any) -> set[str]:
        return {i.number for i in (await bus.handle(ListDocuments(email=MAIL, **kw))).items}

    assert await numbers(status="open") == {"INV-OPEN"}
    assert await numbers(status="overdue") == {"INV-LATE"}
    assert await numbers(status="paid") == {"INV-PAID"}
    assert await numbers(type="quote") == {"Q-7"}
    assert await numbers(customer="C-2001") == {"ORD-3"}
    assert await numbers(q="ab12345") == {"INV-PAID"}
    assert await numbers(q="WVWZZZ") == {"INV-PAID"}
    assert await numbers(q="vinterdæk") == {"Q-7"}
    assert await numbers(q="2806,88") == {"Q-7"}  # 224,550 øre + 25 % VAT = 280,688 øre
    assert await numbers(q="2806.88") == {"Q-7"}
    assert await numbers(q="inv-l") == {"INV-LATE"}
    assert await numbers(q="100%_") == set()
    assert await numbers(q="AB 12345") == {"INV-PAID"}  # a registration no. as it is written on the plate
    assert await numbers(q="2.806,88") == {"Q-7"}  # the amount as the pages show it
    assert await numbers(q="2.806,88 kr.") == {"Q-7"}


async def test_bad_list_parameters_are_named(people: Container) -> None:
    for kwargs, pointer in (({"limit": 101}, "/limit"), ({"status": "x"}, "/status"), ({"cursor": "%%%"}, "/cursor")):
        with pytest.raises(DomainError) as caught:
            await people.bus().handle(ListDocuments(email=MAIL, **kwargs))
        assert caught.value.errors[0][0] == pointer


async def test_detail_has_lines_totals_parties_and_visible_related(people: Container) -> None:
    order, invoice, _ = await _seed(
        people,
        document("order", "ORD-1", customer_no="C-1001"),
        document(
            "invoice",
            "INV-1",
            customer_no="C-1001",
            bill_to_no="C-2001",
            related=[{"type": "order", "number": "ORD-1"}, {"type": "quote", "number": "Q-FOREIGN"}],
            lines=[line(unit_price=249_500, discount_percent="10", item_no="SRV-100")],
        ),
        document("quote", "Q-FOREIGN", customer_no="C-3001"),
    )
    view = await people.bus().handle(GetDocument(email=MAIL, document_id=invoice.id))
    assert view.totals.gross == 249_500 and view.totals.discount == 24_950 and view.totals.net == 224_550
    assert [(v.rate, v.amount) for v in view.totals.vat] == [("25", 56_138)]
    assert view.totals.total == 280_688 and view.outstanding == 280_688 and view.paid == 0
    assert view.lines[0].quantity == "1" and view.lines[0].discount_percent == "10"
    assert view.customer.customer_no == "C-1001" and view.bill_to is not None
    assert [(r.type, r.number, r.id) for r in view.related] == [("order", "ORD-1", order.id)]
    assert view.role == "both"


async def test_credit_note_reduces_its_invoice_and_the_rest_is_unapplied_credit(people: Container) -> None:
    await _seed(
        people,
        document("invoice", "INV-1", lines=[line(unit_price=800_00)]),  # total 1000,00
        document(
            "credit_note", "CN-1", lines=[line(unit_price=200_00)], related=[{"type": "invoice", "number": "INV-1"}]
        ),
        document(
            "credit_note", "CN-2", lines=[line(unit_price=800_00)], related=[{"type": "invoice", "number": "INV-1"}]
        ),
        document("credit_note", "CN-3", lines=[line(unit_price=40_00)]),  # no invoice: all unapplied
    )
    page = await people.bus().handle(ListDocuments(email=MAIL, type="invoice"))
    assert page.items[0].outstanding == 0 and page.items[0].status == "paid"
    balances = await people.bus().handle(ListBalances(email=MAIL))
    by_no = {b.customer_no: [(x.currency, x.amount) for x in b.balances] for b in balances}
    # CN-1 applies 250,00; CN-2 applies the remaining 750,00 of its 1000,00; CN-3's 50,00 is unapplied.
    assert by_no["C-1001"] == [("DKK", -(250_00 + 50_00))]
    assert by_no["C-2001"] == []


async def _session(container: Container, email: str) -> str:
    uow = container.uow()
    async with uow:
        signed = await start_session(uow, container.hasher(), email, container.clock().now(), None)
        await uow.commit()
    return signed.session_id


async def test_the_list_read_with_its_session_equals_the_session_check_then_the_list(
    people: Container, clock: Any
) -> None:
    clock.set(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))
    await _seed(
        people,
        *(
            document("invoice", f"INV-{n}", issue_date=dt.date(2026, 10, n), paid=12500 * (n % 3 == 0))
            for n in range(1, 8)
        ),
        document("quote", "Q-1", customer_no="C-2001", bill_to_no="C-1001"),
        document("order", "ORD-1", customer_no="C-3001", bill_to_no="C-2001"),
        document("invoice", "INV-X", customer_no="C-3001"),
    )
    bus, session_id = people.bus(), await _session(people, MAIL)
    asks: list[dict[str, Any]] = [{}, {"limit": 3}, {"type": "invoice"}, {"status": "paid"}, {"status": "overdue"}]
    asks += [{"status": "open"}, {"customer": "C-2001"}, {"q": "inv-3"}, {"q": "1562,50"}, {"customer": "C-3001"}]
    for ask in asks:
        cursor = None
        while True:
            expected = await bus.handle(ListDocuments(email=MAIL, cursor=cursor, **ask))
            mine = await bus.handle(ListMyDocuments(session_id=session_id, cursor=cursor, **ask))
            assert (mine.email, mine.page) == (MAIL, expected), ask
            if (cursor := expected.next_cursor) is None:
                break
    everything = (await bus.handle(ListMyDocuments(session_id=session_id, limit=100))).page.items
    assert {i.number for i in everything} == {f"INV-{n}" for n in range(1, 8)} | {"Q-1", "ORD-1"}
    assert {i.number: i.role for i in everything}["ORD-1"] == "bill_to"


async def test_an_invoice_s_listed_status_is_the_status_filter_that_finds_it(people: Container, clock: Any) -> None:
    clock.set(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))
    due_dates = (dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 26))
    await _seed(
        people,
        *(
            document("invoice", f"INV-{i}-{paid}", issue_date=due - dt.timedelta(days=14), paid=paid)
            for i, due in enumerate(due_dates)
            for paid in (0, 5000, 12500)
        ),
    )
    bus = people.bus()
    listed = (await bus.handle(ListDocuments(email=MAIL, limit=100))).items
    for status in ("open", "overdue", "paid"):
        found = {i.number for i in (await bus.handle(ListDocuments(email=MAIL, status=status, limit=100))).items}
        assert found == {i.number for i in listed if i.status == status}, status
    assert {i.status for i in listed} == {"open", "overdue", "paid"}


async def test_only_an_active_session_reads_the_list_and_bad_parameters_come_second(
    people: Container, clock: Any
) -> None:
    await _seed(people, document("invoice", "INV-1"))
    bus = people.bus()
    for nobody in ("", "not-a-session"):
        with pytest.raises(Unauthorized):
            await bus.handle(ListMyDocuments(session_id=nobody))
        with pytest.raises(Unauthorized):
            await bus.handle(ListMyDocuments(session_id=nobody, limit=0))
    session_id = await _session(people, MAIL)
    with pytest.raises(DomainError):
        await bus.handle(ListMyDocuments(session_id=session_id, limit=0))
    first = await bus.handle(ListMyDocuments(session_id=session_id))
    assert ([i.number for i in first.page.items], first.needs_touch) == (["INV-1"], False)
    clock.advance(minutes=2)
    assert (await bus.handle(ListMyDocuments(session_id=session_id))).needs_touch
    clock.advance(hours=2)  # past the idle timeout
    with pytest.raises(Unauthorized):
        await bus.handle(ListMyDocuments(session_id=session_id))
    fresh = await _session(people, "nobody-with-records@example.dk")
    empty = await bus.handle(ListMyDocuments(session_id=fresh))
    assert (empty.email, empty.page.items, empty.page.next_cursor) == ("nobody-with-records@example.dk", [], None)
    await bus.handle(SignOut(session_id=fresh))
    with pytest.raises(Unauthorized):
        await bus.handle(ListMyDocuments(session_id=fresh))


async def test_the_detail_read_with_its_session_equals_the_session_check_then_the_detail(
    people: Container, clock: Any
) -> None:
    mine, foreign, billed, gone = await _seed(
        people,
        document("order", "ORD-1", customer_no="C-1001"),
        document("invoice", "INV-9", customer_no="C-3001"),
        document(
            "invoice",
            "INV-2",
            customer_no="C-3001",
            bill_to_no="C-2001",
            related=[{"type": "order", "number": "ORD-1"}],
        ),
        document("quote", "Q-1", customer_no="C-1001"),
    )
    bus, session_id = people.bus(), await _session(people, MAIL)
    await bus.handle(WithdrawDocument(type="quote", number="Q-1"))
    for visible in (mine, billed):
        expected = await bus.handle(GetDocument(email=MAIL, document_id=visible.id))
        got = await bus.handle(GetMyDocument(session_id=session_id, document_id=visible.id))
        assert (got.email, got.document, got.needs_touch) == (MAIL, expected, False)
    assert [r.number for r in got.document.related] == ["ORD-1"]
    assert got.document.role == "bill_to"
    order = await bus.handle(GetMyDocument(session_id=session_id, document_id=mine.id))
    assert [r.number for r in order.document.related] == ["INV-2"]  # both ways: the order links its invoice
    for hidden in (foreign.id, gone.id, uuid.uuid4()):
        with pytest.raises(NotFound):
            await bus.handle(GetMyDocument(session_id=session_id, document_id=hidden))
    for nobody in ("", "not-a-session"):
        with pytest.raises(Unauthorized):
            await bus.handle(GetMyDocument(session_id=nobody, document_id=mine.id))
    await bus.handle(SignOut(session_id=session_id))
    with pytest.raises(Unauthorized):
        await bus.handle(GetMyDocument(session_id=session_id, document_id=mine.id))


async def test_the_pdf_read_with_its_session_equals_the_session_check_then_the_pdf_query(people: Container) -> None:
    mine, foreign, billed, both = await _seed(
        people,
        document("order", "ORD-1", customer_no="C-1001"),
        document("invoice", "INV-9", customer_no="C-3001"),
        document("invoice", "INV-2", customer_no="C-3001", bill_to_no="C-2001"),
        document("invoice", "INV-3", customer_no="C-1001", bill_to_no="C-2001"),  # both records hers
    )
    bus, session_id = people.bus(), await _session(people, MAIL)
    unstored = await bus.handle(GetMyDocumentPdf(session_id=session_id, document_id=mine.id))
    assert unstored.pdf.view.pdf is None  # not rendered yet: the route renders it on demand
    await bus.handle(RenderDocumentPdf(document_id=mine.id, version=mine.version))
    await bus.handle(RenderDocumentPdf(document_id=billed.id, version=billed.version))
    await bus.handle(RenderDocumentPdf(document_id=both.id, version=both.version))
    # the download event's party: the record the person sees it through, the customer before the bill-to
    for visible, party in ((mine, "C-1001"), (billed, "C-2001"), (both, "C-1001")):
        expected = await bus.handle(GetDocumentPdf(email=MAIL, document_id=visible.id))
        got = await bus.handle(GetMyDocumentPdf(session_id=session_id, document_id=visible.id))
        assert (got.email, got.pdf.view, got.pdf.party, got.needs_touch) == (MAIL, expected, party, False)
        assert got.pdf.view.pdf is not None and got.pdf.view.pdf.content.startswith(b"%PDF")
    for hidden in (foreign.id, uuid.uuid4()):
        with pytest.raises(NotFound):
            await bus.handle(GetMyDocumentPdf(session_id=session_id, document_id=hidden))
    with pytest.raises(Unauthorized):
        await bus.handle(GetMyDocumentPdf(session_id="not-a-session", document_id=mine.id))
