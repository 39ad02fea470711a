"""What makes up a document's money, for its detail (PRODUCT §13): an invoice's imported paid, the credit notes
applied to it and the portal payments that include it (and the one still waiting, if any); a credit note's
invoice and its unapplied rest. A credit note or invoice the person may not see is named without its id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, Uuid, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from application.queries.documents.views import (
    AppliedCreditView,
    CreditLineView,
    MoneyView,
    PaymentShareView,
    PendingPaymentView,
)
from domain.payments.model import FINAL
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.persistence.tables.payments import payment_allocations, payment_vendor_events, payments

d, p, v, a = documents, payments, payment_vendor_events, payment_allocations
#: the payments whose capture counts: complete, or refunded after completing
_CAPTURED = ("complete", "refunded")


async def money_of(session: AsyncSession, row: Any, email: str) -> MoneyView:
    """The money view of a document row (an invoice or credit note; other types have none)."""
    if row["type"] == "invoice":
        return await _invoice(session, row, email)
    if row["type"] == "credit_note":
        return await _credit_note(session, row, email)
    return MoneyView()


def _visible_to_email() -> ColumnElement[bool]:
    mine = select(customers.c.customer_no).where(customers.c.email_normalised == bindparam("email", type_=String))
    return or_(d.c.customer_no.in_(mine), d.c.bill_to_no.in_(mine))


#: built once (PRODUCT §11): the credit notes applied to an invoice, oldest first as the allocation takes them
_NOTES = (
    select(d.c.id, d.c.number, d.c.issue_date, d.c.applied_credit, _visible_to_email().label("visible"))
    .where(
        d.c.type == "credit_note",
        d.c.credit_for == bindparam("number", type_=String),
        d.c.withdrawn_at.is_(None),
        d.c.applied_credit > 0,
    )
    .order_by(d.c.issue_date, d.c.number, d.c.id)
)
_CAPTURED_AT = (
    select(func.min(v.c.occurred_at))
    .where(v.c.payment_id == p.c.id, v.c.name == "CAPTURED", v.c.success.is_(True))
    .scalar_subquery()
)
#: the portal payments that include an invoice, with this invoice's share of each (PRODUCT §13; a failed one that
#: took nothing is not part of its money)
_PAYMENTS = (
    select(
        p.c.id,
        a.c.amount,
        p.c.status,
        p.c.phone,
        a.c.captured,
        a.c.refunded,
        p.c.created_at,
        _CAPTURED_AT,
    )
    .join(a, a.c.payment_id == p.c.id)
    .where(a.c.document_id == bindparam("document_id", type_=Uuid), or_(p.c.status != "failed", p.c.captured > 0))
    .order_by(p.c.created_at, p.c.id)
)
_INVOICE = select(d.c.id, d.c.number, _visible_to_email().label("visible")).where(
    d.c.type == "invoice", d.c.number == bindparam("number", type_=String)
)


async def _invoice(session: AsyncSession, row: Any, email: str) -> MoneyView:
    notes = await session.execute(_NOTES, {"number": row["number"], "email": email})
    applied_notes = [
        CreditLineView(
            id=n.id if n.visible else None, number=n.number, issue_date=n.issue_date, amount=n.applied_credit
        )
        for n in notes.all()
    ]
    shares, pending = [], None
    for pay in (await session.execute(_PAYMENTS, {"document_id": row["id"]})).all():
        captured = pay.status in _CAPTURED
        if pay.status not in FINAL:
            pending = PendingPaymentView(id=pay.id, amount=pay.amount, phone=pay.phone, created_at=pay.created_at)
        shares.append(
            PaymentShareView(
                id=pay.id,
                amount=pay.captured if captured else pay.amount,
                status=pay.status,
                created_at=pay.created_at,
                completed_at=pay[-1] if captured else None,
                refunded=pay.refunded,
            )
        )
    return MoneyView(paid_outside=row["imported_paid"], credits=applied_notes, payments=shares, pending_payment=pending)


async def _credit_note(session: AsyncSession, row: Any, email: str) -> MoneyView:
    applied = row["applied_credit"]
    unapplied = row["total"] - applied
    if not applied or row["credit_for"] is None:
        return MoneyView(unapplied=unapplied)
    found = (await session.execute(_INVOICE, {"number": row["credit_for"], "email": email})).first()
    number = found.number if found is not None else row["credit_for"]
    target = found.id if found is not None and found.visible else None
    return MoneyView(applied_to=[AppliedCreditView(id=target, number=number, amount=applied)], unapplied=unapplied)
