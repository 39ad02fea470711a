"""What makes up a document's money, for its detail (PRODUCT §13), as JSON columns of the detail's one statement:
an invoice's imported paid, the credit notes applied to it and the portal payments that include it (and the one
still waiting, if any); a credit note's invoice and its unapplied rest. A credit note or invoice the person may not
see is named without its id. The subqueries are correlated to the detail's `documents` row; `mine` is the person's
customer records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import ScalarSelect, Select, and_, case, func, or_, select

from application.queries.documents.views import (
    AppliedCreditView,
    CreditLineView,
    MoneyView,
    PaymentShareView,
    PendingPaymentView,
)
from domain.payments.model import FINAL
from infrastructure.persistence.readers.json_rows import decode_rows, json_rows
from infrastructure.persistence.tables.documents import documents
from infrastructure.persistence.tables.payments import payment_allocations, payment_vendor_events, payments
from infrastructure.persistence.types import as_utc

d, p, v, a = documents, payments, payment_vendor_events, payment_allocations
o = documents.alias("m")  # the other document: a credit note of the invoice, or the credit note's invoice
#: the payments whose capture counts: complete, or refunded after completing
_CAPTURED = ("complete", "refunded")


def money_columns(dialect: str, mine: Select[Any]) -> dict[str, ScalarSelect[Any]]:
    """The JSON columns of the enclosing `documents` row: `credit_rows`, `payment_rows`, `invoice_rows`."""
    visible = or_(o.c.customer_no.in_(mine), o.c.bill_to_no.in_(mine))
    shown_id = case((visible, o.c.id)).label("id")  # NULL when the person may not see it
    notes = select(shown_id, o.c.id.label("key"), o.c.number, o.c.issue_date, o.c.applied_credit.label("amount")).where(
        d.c.type == "invoice",
        o.c.type == "credit_note",
        o.c.credit_for == d.c.number,
        o.c.withdrawn_at.is_(None),
        o.c.applied_credit > 0,
    )
    captured_at = (
        select(func.min(v.c.occurred_at))
        .where(v.c.payment_id == p.c.id, v.c.name == "CAPTURED", v.c.success.is_(True))
        .scalar_subquery()
        .label("captured_at")
    )
    # the portal payments that include the invoice, with its share of each (a failed one that took nothing is not
    # part of its money)
    shares = (
        select(
            p.c.id,
            a.c.amount,
            p.c.status,
            p.c.phone,
            a.c.captured,
            a.c.refunded,
            p.c.created_at,
            captured_at,
        )
        .join(a, a.c.payment_id == p.c.id)
        .where(d.c.type == "invoice", a.c.document_id == d.c.id, or_(p.c.status != "failed", p.c.captured > 0))
    )
    invoice = select(shown_id, o.c.number).where(
        d.c.type == "credit_note", and_(o.c.type == "invoice", o.c.number == d.c.credit_for)
    )
    return {
        "credit_rows": json_rows(dialect, notes.correlate(d)),
        "payment_rows": json_rows(dialect, shares.correlate(d)),
        "invoice_rows": json_rows(dialect, invoice.correlate(d)),
    }


class _Credit(msgspec.Struct, frozen=True):
    id: UUID | None
    key: UUID
    number: str
    issue_date: dt.date
    amount: int


class _Share(msgspec.Struct, frozen=True):
    id: UUID
    amount: int
    status: str
    phone: str
    captured: int
    refunded: int
    created_at: dt.datetime
    captured_at: dt.datetime | None


class _Invoice(msgspec.Struct, frozen=True):
    id: UUID | None
    number: str


def money_of(row: Any) -> MoneyView:
    """The money view of a detail row (an invoice or credit note; other types have none)."""
    if row["type"] == "invoice":
        return _invoice(row)
    if row["type"] == "credit_note":
        return _credit_note(row)
    return MoneyView()


def _invoice(row: Any) -> MoneyView:
    notes = sorted(decode_rows(row["credit_rows"], _Credit), key=lambda n: (n.issue_date, n.number, n.key))
    applied = [CreditLineView(id=n.id, number=n.number, issue_date=n.issue_date, amount=n.amount) for n in notes]
    shares, pending = [], None
    pays = sorted(decode_rows(row["payment_rows"], _Share), key=lambda s: (as_utc(s.created_at), s.id))
    for pay in pays:
        captured = pay.status in _CAPTURED
        created_at = as_utc(pay.created_at)
        if pay.status not in FINAL:
            pending = PendingPaymentView(id=pay.id, amount=pay.amount, phone=pay.phone, created_at=created_at)
        completed_at = as_utc(pay.captured_at) if captured and pay.captured_at is not None else None
        shares.append(
            PaymentShareView(
                id=pay.id,
                amount=pay.captured if captured else pay.amount,
                status=pay.status,
                created_at=created_at,
                completed_at=completed_at,
                refunded=pay.refunded,
            )
        )
    return MoneyView(paid_outside=row["imported_paid"], credits=applied, payments=shares, pending_payment=pending)


def _credit_note(row: Any) -> MoneyView:
    applied = row["applied_credit"]
    unapplied = row["total"] - applied
    if not applied or row["credit_for"] is None:
        return MoneyView(unapplied=unapplied)
    found = decode_rows(row["invoice_rows"], _Invoice)
    number = found[0].number if found else row["credit_for"]
    target = found[0].id if found else None
    return MoneyView(applied_to=[AppliedCreditView(id=target, number=number, amount=applied)], unapplied=unapplied)
