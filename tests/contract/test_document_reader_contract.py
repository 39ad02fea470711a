"""DocumentReader and StaffDocumentReader (PRODUCT §1, §5, §7, §13; ADR-0006, ADR-0025), one contract run on the
fake, on SQLite and on PostgreSQL: a person sees the documents of the records with their email, as customer, bill-to
or both, never a withdrawn one; lists newest first with a keyset and filters; the session reads answer None for an
unknown session and carry the session otherwise; a PDF is there once stored; balances follow the one balance rule;
staff see every document, withdrawn ones marked."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from application.ports.pdf_store import StoredPdf
from application.queries.documents.reader import Keyset, ListFilter
from domain.identity.email_address import EmailAddress
from domain.identity.session import CustomerSession
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)
METTE = "mette@example.dk"
SESSION = b"s" * 32
ALL = ListFilter()


async def _seed(store: Container) -> dict[str, uuid.UUID]:
    """Mette has C-1001 and C-1002; Jens has C-2001. Mette is the customer of INV-1 (billed to Jens's C-2001), both
    parties of INV-2 (C-1001 billed to C-1002), and Jens alone is on INV-3; Q-1 is Mette's, withdrawn."""
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email="Mette@Example.dk"))
    await bus.handle(upsert_customer(customer_no="C-1002", email=METTE))
    await bus.handle(upsert_customer(customer_no="C-2001", email="jens@example.dk"))
    records: list[dict[str, Any]] = [
        document("invoice", "INV-1", issue_date=dt.date(2026, 10, 1), bill_to_no="C-2001"),  # due 15 Oct: overdue
        document("invoice", "INV-2", customer_no="C-1001", bill_to_no="C-1002", issue_date=dt.date(2026, 11, 10)),
        document("invoice", "INV-3", customer_no="C-2001", issue_date=dt.date(2026, 11, 11)),
        document("order", "ORD-1", issue_date=dt.date(2026, 11, 10), lines=[line(unit_price=300_00)]),
        document("quote", "Q-1", issue_date=dt.date(2026, 11, 12)),
        document("credit_note", "CN-1", issue_date=dt.date(2026, 11, 12), customer_no="C-1002", lines=[line(20_00)]),
    ]
    ids = {r["number"]: (await bus.handle(upsert_document(r))).id for r in records}
    await bus.handle(WithdrawDocument(type="quote", number="Q-1"))
    uow = store.uow()
    async with uow:
        uow.sessions.add(CustomerSession.start(id_hash=SESSION, email=EmailAddress.of(METTE), now=T0))
        await uow.commit()
    return ids


async def test_a_person_sees_the_documents_of_their_records_newest_first(store: Container) -> None:
    await _seed(store)
    items = await store.document_reader().list_for(METTE, ALL, after=None, limit=10, today=TODAY)
    assert [(i.number, i.role, i.customer_no) for i in items] == [
        ("CN-1", "customer", "C-1002"),
        ("ORD-1", "customer", "C-1001"),
        ("INV-2", "both", "C-1001"),
        ("INV-1", "customer", "C-1001"),
    ]
    inv1 = items[-1]
    assert (inv1.status, inv1.outstanding, inv1.total, inv1.days_overdue, inv1.due_date) == (
        "overdue",
        125_00,
        125_00,
        36,
        dt.date(2026, 10, 15),
    )
    assert (items[1].status, items[1].outstanding, items[1].due_date) == (None, None, None)
    assert not any(i.payment_pending for i in items)
    jens = await store.document_reader().list_for("jens@example.dk", ALL, after=None, limit=10, today=TODAY)
    assert [(i.number, i.role) for i in jens] == [("INV-3", "customer"), ("INV-1", "bill_to")]
    assert await store.document_reader().list_for("nobody@example.dk", ALL, after=None, limit=10, today=TODAY) == []


async def test_a_list_continues_after_its_keyset_and_filters(store: Container) -> None:
    await _seed(store)
    reader = store.document_reader()
    first = await reader.list_for(METTE, ALL, after=None, limit=2, today=TODAY)
    last = first[-1]
    after = Keyset(issue_date=last.issue_date, number=last.number, id=last.id)
    rest = await reader.list_for(METTE, ALL, after=after, limit=10, today=TODAY)
    assert [i.number for i in first] + [i.number for i in rest] == ["CN-1", "ORD-1", "INV-2", "INV-1"]

    async def numbers(flt: ListFilter) -> list[str]:
        return [i.number for i in await reader.list_for(METTE, flt, after=None, limit=10, today=TODAY)]

    assert await numbers(ListFilter(type="invoice")) == ["INV-2", "INV-1"]
    assert await numbers(ListFilter(status="overdue")) == ["INV-1"]
    assert await numbers(ListFilter(status="open")) == ["INV-2"]
    assert await numbers(ListFilter(customer_no="C-1002")) == ["CN-1", "INV-2"]
    assert await numbers(ListFilter(text="ord-")) == ["ORD-1"]
    assert await numbers(ListFilter(text="no such words", amount=375_00)) == ["ORD-1"]


async def test_a_detail_answers_only_a_visible_live_document(store: Container) -> None:
    ids = await _seed(store)
    reader = store.document_reader()
    detail = await reader.detail_for(METTE, ids["INV-2"], today=TODAY)
    assert detail is not None
    assert (detail.number, detail.version, detail.role, detail.status, detail.total, detail.paid) == (
        "INV-2",
        1,
        "both",
        "open",
        125_00,
        0,
    )
    assert (detail.customer.customer_no, detail.pdf_fingerprint, len(detail.lines)) == ("C-1001", None, 1)
    assert await reader.detail_for(METTE, ids["INV-3"], today=TODAY) is None, "not hers"
    assert await reader.detail_for(METTE, ids["Q-1"], today=TODAY) is None, "withdrawn"
    assert await reader.detail_for(METTE, uuid.uuid4(), today=TODAY) is None
    assert await reader.detail_for("", ids["INV-2"], today=TODAY) is None
    assert await reader.pdf_source_for(METTE, ids["INV-3"]) is None
    source = await reader.pdf_source_for(METTE, ids["INV-1"])
    assert source is not None and (source.number, source.version) == ("INV-1", 1)
    staff = await reader.pdf_source_by_number("invoice", "INV-3")
    assert staff is not None and staff.id == ids["INV-3"]
    assert await reader.pdf_source_by_number("quote", "Q-1") is None


async def test_the_session_reads_carry_the_session_or_answer_none_for_an_unknown_one(store: Container) -> None:
    ids = await _seed(store)
    reader = store.document_reader()
    page = await reader.page_for_session(SESSION, ListFilter(type="invoice"), after=None, limit=10, today=TODAY)
    assert page is not None
    assert (page.session.email, page.session.created_at, page.session.revoked_at) == (METTE, T0, None)
    assert [i.number for i in page.items] == ["INV-2", "INV-1"]
    empty = await reader.page_for_session(SESSION, ListFilter(type="quote"), after=None, limit=10, today=TODAY)
    assert empty is not None and empty.items == [] and empty.session.email == METTE
    assert await reader.page_for_session(b"x" * 32, ALL, after=None, limit=10, today=TODAY) is None

    detail = await reader.detail_for_session(SESSION, ids["INV-1"], today=TODAY)
    assert detail is not None and detail.session.email == METTE
    assert detail.document is not None and detail.document.number == "INV-1"
    hidden = await reader.detail_for_session(SESSION, ids["INV-3"], today=TODAY)
    assert hidden is not None and hidden.document is None
    assert await reader.detail_for_session(b"x" * 32, ids["INV-1"], today=TODAY) is None


async def test_the_pdf_of_a_session_is_there_once_stored(store: Container) -> None:
    ids = await _seed(store)
    reader = store.document_reader()
    before = await reader.pdf_for_session(SESSION, ids["INV-1"])
    assert before is not None and before.pdf is not None
    assert (before.pdf.source.number, before.pdf.view.filename, before.pdf.view.pdf) == (
        "INV-1",
        "Invoice-INV-1.pdf",
        None,
    )
    assert before.pdf.party == "C-1001"
    content = b"%PDF-1.7 stored"
    stored = StoredPdf(
        document_id=ids["INV-1"], version=1, etag=hashlib.sha256(content).hexdigest(), content=content, rendered_at=T0
    )
    await store.pdf_store().put(stored)
    after = await reader.pdf_for_session(SESSION, ids["INV-1"])
    assert after is not None and after.pdf is not None and after.pdf.view.pdf == stored
    detail = await reader.detail_for(METTE, ids["INV-1"], today=TODAY)
    assert detail is not None and detail.pdf_fingerprint == stored.etag[:16]
    hidden = await reader.pdf_for_session(SESSION, ids["INV-3"])
    assert hidden is not None and hidden.session.email == METTE and hidden.pdf is None
    assert await reader.pdf_for_session(b"x" * 32, ids["INV-1"]) is None


async def test_balances_per_record_follow_the_one_balance_rule(store: Container) -> None:
    await _seed(store)
    balances = await store.document_reader().balances_for(METTE)
    assert [(b.customer_no, [(x.currency, x.amount) for x in b.balances]) for b in balances] == [
        ("C-1001", []),  # INV-1 is billed to Jens's record, INV-2 to C-1002
        ("C-1002", [("DKK", 125_00 - 25_00)]),  # INV-2's outstanding less CN-1's unapplied credit
    ]
    assert balances[0].name == "Kunde C-1001"
    assert await store.document_reader().balances_for("nobody@example.dk") == []


async def test_staff_see_every_document_withdrawn_ones_marked_newest_first(store: Container) -> None:
    ids = await _seed(store)
    reader = store.documents.staff_document_reader()
    listed = await reader.staff_list(type_=None, customer_no=None, limit=10, today=TODAY)
    assert [(v.number, v.withdrawn) for v in listed] == [
        ("Q-1", True),  # issued the same day as CN-1: number descending, by code point
        ("CN-1", False),
        ("INV-3", False),
        ("ORD-1", False),
        ("INV-2", False),
        ("INV-1", False),
    ]
    assert [
        v.number for v in await reader.staff_list(type_="invoice", customer_no="C-2001", limit=10, today=TODAY)
    ] == [
        "INV-3",
        "INV-1",
    ]
    assert [v.number for v in await reader.staff_list(type_=None, customer_no=None, limit=2, today=TODAY)] == [
        "Q-1",
        "CN-1",
    ]
    shown = await reader.staff_show("invoice", "INV-1", today=TODAY)
    assert shown is not None
    assert (shown.id, shown.status, shown.outstanding, shown.bill_to_no, shown.version, shown.pdf_fingerprint) == (
        ids["INV-1"],
        "overdue",
        125_00,
        "C-2001",
        1,
        None,
    )
    content = b"%PDF staff"
    etag = hashlib.sha256(content).hexdigest()
    await store.pdf_store().put(
        StoredPdf(document_id=ids["INV-1"], version=1, etag=etag, content=content, rendered_at=T0)
    )
    again = await reader.staff_show("invoice", "INV-1", today=TODAY)
    assert again is not None and again.pdf_fingerprint == etag[:16]
    withdrawn = await reader.staff_show("quote", "Q-1", today=TODAY)
    assert withdrawn is not None and withdrawn.withdrawn and withdrawn.status is None
    assert await reader.staff_show("invoice", "INV-404", today=TODAY) is None
