"""Builders for tests: import records (PRODUCT §12), valid by default, every field overridable; a started Payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.commands.identity.request_login import LoginPolicy
from domain.documents.errors import InvalidDocument
from domain.documents.totals import Totals
from domain.documents.values import Line
from domain.identity.rate_limit import RateLimit
from domain.payments.model import InvoiceDue, InvoiceShare, Payment
from domain.shared.events import DocumentRef

#: sign-in limits no test run reaches, for tests that sign many people in from one address
GENEROUS_LOGIN = LoginPolicy(
    per_email=RateLimit.parse("1000/10m"), per_ip=RateLimit.parse("1000/10m"), per_ip_verify=RateLimit.parse("1000/10m")
)

SELLER = {"name": "Nordvej Biler ApS", "address": ["Nordvej 1", "8200 Aarhus N"], "vat_no": "DK12345678"}


def customer(customer_no: str = "C-1001", email: str | None = "mette@example.dk", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"customer_no": customer_no, "name": f"Kunde {customer_no}", "email": email}
    record.update(extra)
    return record


def line(unit_price: int = 100_00, quantity: str = "1", vat_rate: str = "25", **extra: Any) -> dict[str, Any]:
    return {"description": "Service", "quantity": quantity, "unit_price": unit_price, "vat_rate": vat_rate, **extra}


def totals_of(lines: list[dict[str, Any]]) -> dict[str, int]:
    """The totals the portal will compute, or zeros when a line is invalid (the import must then name the line)."""
    try:
        return _totals(lines)
    except InvalidDocument:
        return {"gross": 0, "discount": 0, "net": 0, "vat": 0, "total": 0}


def _totals(lines: list[dict[str, Any]]) -> dict[str, int]:
    computed = Totals.of(
        Line(
            description=item["description"],
            quantity=Decimal(item["quantity"]),
            unit_price=item["unit_price"],
            discount_percent=Decimal(item["discount_percent"]) if item.get("discount_percent") else None,
            discount_amount=item.get("discount_amount"),
            vat_rate=Decimal(item.get("vat_rate", "25")),
        )
        for item in lines
    )
    return {
        "gross": computed.gross,
        "discount": computed.discount,
        "net": computed.net,
        "vat": computed.vat_sum,
        "total": computed.total,
    }


def document(
    type_: str = "invoice",
    number: str = "INV-1",
    *,
    customer_no: str = "C-1001",
    issue_date: dt.date = dt.date(2026, 11, 2),
    lines: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    items = lines or [line()]
    record: dict[str, Any] = {
        "type": type_,
        "number": number,
        "issue_date": issue_date.isoformat(),
        "currency": "DKK",
        "locale": "da",
        "customer_no": customer_no,
        "seller": SELLER,
        "lines": items,
        "totals": totals_of(items),
    }
    if type_ == "invoice":
        record["due_date"] = (issue_date + dt.timedelta(days=14)).isoformat()
    record.update(extra)
    return record


def upsert_customer(**kwargs: Any) -> UpsertCustomer:
    return msgspec.convert(customer(**kwargs), UpsertCustomer)


def upsert_document(record: dict[str, Any]) -> UpsertDocument:
    return UpsertDocument(type=record["type"], number=record["number"], body=msgspec.convert(record, DocumentBody))


#: when `started_payment` starts its payment
PAYMENT_STARTED_AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def due_of_one(outstanding: int, room: int | None = None) -> dict[UUID, InvoiceDue]:
    """`due` for `started_payment`'s one invoice (INV-1): what it lacks, and the room (by default the same)."""
    return {UUID(int=1): InvoiceDue(outstanding=outstanding, room=outstanding if room is None else room)}


INV_1 = DocumentRef(id=UUID(int=1), type="invoice", number="INV-1")


def settle_one(payment: Payment) -> int:
    """`payment.settle()` of `started_payment`'s one invoice: how far INV-1's portal-paid moves."""
    return payment.settle().get(UUID(int=1), 0)


def started_payment(amount: int = 500_00) -> Payment:
    """A Payment of INV-1 as `StartPayment` leaves it (events already taken), started at PAYMENT_STARTED_AT."""
    payment = Payment.start(
        payment_id=UUID(int=7),
        invoices=[
            InvoiceShare(
                document=DocumentRef(id=UUID(int=1), type="invoice", number="INV-1"), due_date=None, amount=amount
            )
        ],
        currency="DKK",
        phone="+4520123456",
        party="C-1001",
        email="mette@example.dk",
        now=PAYMENT_STARTED_AT,
    )
    payment.pull_events()
    return payment
