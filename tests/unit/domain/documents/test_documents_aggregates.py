"""The Document and Customer aggregates and credit allocation by example (PRODUCT §1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.documents.content import DocumentContent
from domain.documents.credit import allocate_credit
from domain.documents.customer import Customer, CustomerDetails, normalise_email
from domain.documents.errors import InvalidCustomer, InvalidDocument
from domain.documents.events import DocumentPublished, DocumentWithdrawn
from domain.documents.model import Document
from domain.documents.values import Line, Party, RelatedRef, Seller
from domain.shared.events import DocumentRef

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)
ISSUE = dt.date(2026, 11, 2)
DUE = dt.date(2026, 11, 16)


def content(
    unit_price: int = 1000_00,
    *,
    related: tuple[RelatedRef, ...] = (),
    currency: str = "DKK",
    issue_date: dt.date = ISSUE,
    due_date: dt.date | None = DUE,
    quantity: str = "1",
) -> DocumentContent:
    """One line at 25 % VAT: the total is 1.25 × unit price × quantity."""
    return DocumentContent(
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        locale="da",
        seller=Seller(name="Nordvej Biler ApS"),
        customer=Party(customer_no="C-1001", name="Mette Jensen"),
        lines=(Line(description="Service", quantity=Decimal(quantity), unit_price=unit_price),),
        related=related,
    )


def invoice(unit_price: int = 1000_00, *, number: str = "INV-1", paid: int = 0, **kw: object) -> Document:
    return Document.publish(
        id=uuid4(), type="invoice", number=number, content=content(unit_price, **kw), imported_paid=paid, now=T0
    )  # type: ignore[arg-type]


def credit_note(unit_price: int, *, number: str = "CN-1", for_invoice: str | None = "INV-1", **kw: object) -> Document:
    related = (RelatedRef(type="invoice", number=for_invoice),) if for_invoice else ()
    return Document.publish(
        id=uuid4(),
        type="credit_note",
        number=number,
        content=content(unit_price, related=related, due_date=None, **kw),  # type: ignore[arg-type]
        imported_paid=0,
        now=T0,
    )


# -- publish and versions --------------------------------------------------------------------------------------


def test_publishing_makes_version_1_and_records_document_published() -> None:
    doc = invoice()
    assert (doc.version, doc.version_at, doc.total, doc.outstanding) == (1, T0, 1250_00, 1250_00)
    assert doc.customer_no == "C-1001"
    assert doc.pull_events() == [
        DocumentPublished(
            occurred_at=T0, party="C-1001", document=DocumentRef(id=doc.id, type="invoice", number="INV-1"), version=1
        )
    ]
    assert doc.pull_events() == []  # handed over once


def test_an_identical_revision_makes_no_version_and_no_event() -> None:
    doc = invoice()
    doc.pull_events()
    assert doc.revise(content=content(), imported_paid=0, now=T1) is False
    assert (doc.version, doc.version_at) == (1, T0)
    assert doc.pull_events() == []


def test_the_same_content_in_other_decimal_spellings_is_no_change() -> None:
    doc = invoice()
    assert doc.revise(content=content(quantity="1.000"), imported_paid=0, now=T1) is False
    assert doc.version == 1


def test_a_changed_content_makes_the_next_version_and_an_event() -> None:
    doc = invoice()
    doc.pull_events()
    assert doc.revise(content=content(2000_00), imported_paid=0, now=T1) is True
    assert (doc.version, doc.version_at, doc.total, doc.outstanding) == (2, T1, 2500_00, 2500_00)
    [event] = doc.pull_events()
    assert isinstance(event, DocumentPublished)
    assert (event.version, event.restored, event.occurred_at) == (2, False, T1)
    assert event.data() == {"version": 2, "restored": False}


def test_a_change_of_imported_paid_alone_is_payment_state_not_a_version() -> None:
    doc = invoice()
    doc.pull_events()
    assert doc.revise(content=content(), imported_paid=250_00, now=T1) is False
    assert (doc.version, doc.imported_paid, doc.outstanding) == (1, 250_00, 1000_00)
    assert doc.pull_events() == []


def test_outstanding_never_goes_below_zero_when_more_was_paid_than_owed() -> None:
    doc = invoice(paid=5000_00)
    assert (doc.outstanding, doc.due_before_credit) == (0, 0)
    assert doc.status(ISSUE) == "paid"


@pytest.mark.parametrize(
    ("paid", "today", "status"),
    [
        (0, DUE, "open"),  # on the due date itself
        (0, DUE + dt.timedelta(days=1), "overdue"),  # from the day after
        (1249_99, DUE + dt.timedelta(days=30), "overdue"),
        (1250_00, DUE + dt.timedelta(days=30), "paid"),
        (0, ISSUE - dt.timedelta(days=1), "open"),
    ],
)
def test_invoice_status(paid: int, today: dt.date, status: str) -> None:
    assert invoice(paid=paid).status(today) == status


def test_only_invoices_have_a_status_and_outstanding() -> None:
    order = Document.publish(
        id=uuid4(), type="order", number="ORD-1", content=content(due_date=None), imported_paid=0, now=T0
    )
    assert (order.status(ISSUE), order.outstanding) == (None, 0)


# -- refusals --------------------------------------------------------------------------------------------------


def test_an_unknown_type_or_an_empty_number_is_refused() -> None:
    with pytest.raises(InvalidDocument) as exc:
        Document.publish(id=uuid4(), type="receipt", number="R-1", content=content(), imported_paid=0, now=T0)
    assert [p for p, _ in exc.value.errors] == ["/type"]
    with pytest.raises(InvalidDocument) as exc:
        Document.publish(id=uuid4(), type="invoice", number="  ", content=content(), imported_paid=0, now=T0)
    assert [p for p, _ in exc.value.errors] == ["/number"]


def test_an_invoice_needs_a_due_date() -> None:
    with pytest.raises(InvalidDocument) as exc:
        invoice(due_date=None)
    assert exc.value.errors == [("/due_date", "required for invoices")]


@pytest.mark.parametrize(("type_", "paid", "pointer"), [("invoice", -1, "/paid"), ("quote", 100, "/paid")])
def test_paid_is_for_invoices_and_never_negative(type_: str, paid: int, pointer: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        Document.publish(id=uuid4(), type=type_, number="X-1", content=content(), imported_paid=paid, now=T0)
    assert [p for p, _ in exc.value.errors] == [pointer]


def test_a_refused_revision_leaves_the_document_as_it_was() -> None:
    doc = invoice(paid=100_00)
    doc.pull_events()
    with pytest.raises(InvalidDocument):
        doc.revise(content=content(2000_00, due_date=None), imported_paid=300_00, now=T1)
    assert (doc.version, doc.version_at, doc.total, doc.imported_paid, doc.outstanding) == (
        1,
        T0,
        1250_00,
        100_00,
        1150_00,
    )
    assert doc.content == content()
    assert doc.pull_events() == []
    assert doc.revise(content=content(), imported_paid=100_00, now=T1) is False  # still the same content


def test_a_revision_with_bad_paid_leaves_the_document_as_it_was() -> None:
    doc = invoice()
    with pytest.raises(InvalidDocument):
        doc.revise(content=content(2000_00), imported_paid=-1, now=T1)
    assert (doc.version, doc.total, doc.imported_paid) == (1, 1250_00, 0)


# -- withdrawal ------------------------------------------------------------------------------------------------


def test_withdrawing_records_an_event_once_and_a_reimport_restores() -> None:
    doc = invoice()
    doc.pull_events()
    assert doc.withdraw(now=T1) is True
    assert doc.withdrawn
    assert doc.withdraw(now=T1) is False  # twice is fine and says nothing new
    [event] = doc.pull_events()
    assert isinstance(event, DocumentWithdrawn)
    assert (event.version, event.occurred_at, event.event_type) == (1, T1, "document.withdrawn")

    assert doc.revise(content=content(), imported_paid=0, now=T1) is True  # same content: restored only
    assert not doc.withdrawn
    assert doc.version == 1
    [restored] = doc.pull_events()
    assert isinstance(restored, DocumentPublished)
    assert (restored.version, restored.restored) == (1, True)


def test_a_restoring_reimport_with_new_content_is_the_next_version() -> None:
    doc = invoice()
    doc.withdraw(now=T1)
    doc.pull_events()
    assert doc.revise(content=content(5_00), imported_paid=0, now=T1) is True
    [event] = doc.pull_events()
    assert isinstance(event, DocumentPublished)
    assert (doc.version, event.version, event.restored) == (2, 2, True)


# -- credit ----------------------------------------------------------------------------------------------------


def test_a_credit_note_names_the_first_related_invoice() -> None:
    note = Document.publish(
        id=uuid4(),
        type="credit_note",
        number="CN-1",
        content=content(
            100,
            due_date=None,
            related=(RelatedRef(type="order", number="ORD-1"), RelatedRef(type="invoice", number="INV-7")),
        ),
        imported_paid=0,
        now=T0,
    )
    assert note.credit_for == "INV-7"
    assert invoice(related=(RelatedRef(type="invoice", number="INV-7"),), number="INV-8").credit_for is None


def test_credit_reduces_the_outstanding_up_to_what_the_invoice_lacks() -> None:
    inv = invoice(1000_00, paid=1000_00)  # total 1250.00, lacks 250.00
    note = credit_note(400_00)  # 500.00
    allocate_credit(inv, [note])
    assert (inv.credited, inv.outstanding, note.applied_credit) == (250_00, 0, 250_00)
    assert note.total - note.applied_credit == 250_00  # unapplied credit


def test_credit_notes_apply_oldest_first() -> None:
    inv = invoice(1000_00)  # 1250.00
    newer = credit_note(800_00, number="CN-1", issue_date=ISSUE + dt.timedelta(days=2))  # 1000.00
    older = credit_note(400_00, number="CN-2", issue_date=ISSUE)  # 500.00
    allocate_credit(inv, [newer, older])
    assert (older.applied_credit, newer.applied_credit) == (500_00, 750_00)
    assert (inv.credited, inv.outstanding) == (1250_00, 0)


def test_withdrawn_credit_notes_and_other_currencies_apply_nothing() -> None:
    inv = invoice(1000_00)
    withdrawn = credit_note(100_00, number="CN-1")
    withdrawn.withdraw(now=T1)
    in_euro = credit_note(100_00, number="CN-2", currency="EUR")
    usable = credit_note(100_00, number="CN-3")
    allocate_credit(inv, [withdrawn, in_euro, usable])
    assert [n.applied_credit for n in (withdrawn, in_euro, usable)] == [0, 0, 125_00]
    assert (inv.credited, inv.outstanding) == (125_00, 1125_00)


def test_without_a_visible_invoice_all_credit_stays_unapplied() -> None:
    note = credit_note(100_00)
    allocate_credit(invoice(), [note])
    assert note.applied_credit == 125_00
    allocate_credit(None, [note])
    assert note.applied_credit == 0
    inv = invoice()
    allocate_credit(inv, [note])
    inv.withdraw(now=T1)
    allocate_credit(inv, [note])
    assert (note.applied_credit, inv.credited, inv.outstanding) == (0, 0, 1250_00)


def test_more_paid_later_shrinks_the_credit_the_invoice_can_take() -> None:
    inv = invoice(1000_00)
    note = credit_note(400_00)
    allocate_credit(inv, [note])
    assert inv.outstanding == 750_00
    inv.revise(content=content(1000_00), imported_paid=1000_00, now=T1)
    assert (inv.credited, inv.outstanding) == (250_00, 0)  # clamped at once
    allocate_credit(inv, [note])
    assert note.applied_credit == 250_00


def test_credit_beyond_what_the_invoice_lacks_is_refused() -> None:
    inv = invoice(1000_00, paid=1000_00)
    with pytest.raises(InvalidDocument):
        inv.apply_credit(250_01)
    with pytest.raises(InvalidDocument):
        inv.apply_credit(-1)
    note = credit_note(100_00)
    with pytest.raises(InvalidDocument):
        note.mark_credit_applied(125_01)
    with pytest.raises(InvalidDocument):
        note.apply_credit(1)  # a credit note is not an invoice
    with pytest.raises(InvalidDocument):
        inv.mark_credit_applied(1)


# -- customers -------------------------------------------------------------------------------------------------


def test_a_customer_update_with_identical_details_changes_nothing() -> None:
    details = CustomerDetails(name="Mette Jensen", email="Mette@Example.dk", address=("Nørregade 4",))
    customer = Customer(customer_no="C-1001", details=details, now=T0)
    assert customer.update(replace(details), now=T1) is False
    assert customer.update(replace(details, phone="+4520123456"), now=T1) is True
    assert customer.phone == "+4520123456"
    assert customer.email_normalised == "mette@example.dk"
    assert customer.as_party() == Party(
        customer_no="C-1001",
        name="Mette Jensen",
        address=("Nørregade 4",),
        email="Mette@Example.dk",
        phone="+4520123456",
    )


def test_customer_records_are_checked() -> None:
    with pytest.raises(InvalidCustomer) as exc:
        CustomerDetails(name=" ", locale="sv")
    assert [p for p, _ in exc.value.errors] == ["/name", "/locale"]
    with pytest.raises(InvalidCustomer):
        Customer(customer_no=" ", details=CustomerDetails(name="x"), now=T0)


def test_emails_compare_trimmed_and_lower_cased() -> None:
    assert normalise_email("  METTE@example.DK ") == "mette@example.dk"


def test_ids_are_random_uuids() -> None:
    assert isinstance(invoice().id, UUID)
    assert invoice().id.version == 4
