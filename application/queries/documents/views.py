"""Read models of the documents context, shaped as PRODUCT §12's customer API answers them."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

import msgspec

from domain.documents.model import party_seen_through

Role = Literal["customer", "bill_to", "both"]


class DocumentItemView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    type: str
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    currency: str
    total: int
    outstanding: int | None
    status: str | None
    role: Role
    customer_no: str
    payment_pending: bool  # an invoice with a payment waiting for approval in the app (PRODUCT §13)
    days_overdue: int | None  # an overdue invoice: days since its due date (PRODUCT §13)


class DocumentPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[DocumentItemView]
    next_cursor: str | None


class LineView(msgspec.Struct, frozen=True, kw_only=True):
    item_no: str | None
    description: str
    quantity: str
    unit: str | None
    unit_price: int
    discount_percent: str | None
    discount_amount: int | None
    vat_rate: str
    gross: int
    discount: int
    net: int


class VatView(msgspec.Struct, frozen=True, kw_only=True):
    rate: str
    amount: int


class TotalsView(msgspec.Struct, frozen=True, kw_only=True):
    gross: int
    discount: int
    net: int
    vat: list[VatView]
    total: int


class PartyView(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    name: str
    address: list[str]
    email: str | None
    phone: str | None


class SellerView(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    address: list[str]
    vat_no: str | None
    phone: str | None
    email: str | None
    bank: str | None


class VehicleView(msgspec.Struct, frozen=True, kw_only=True):
    registration_no: str | None
    vin: str | None
    make: str | None
    model: str | None
    variant: str | None
    first_registration: dt.date | None
    mileage_km: int | None
    colour: str | None


class RelatedView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    type: str
    number: str


class CreditLineView(msgspec.Struct, frozen=True, kw_only=True):
    """A credit note applied to an invoice (PRODUCT §13); `id` is None when the person may not see that note."""

    id: UUID | None
    number: str
    issue_date: dt.date
    amount: int


class PaymentShareView(msgspec.Struct, frozen=True, kw_only=True):
    """A portal payment that includes an invoice: `amount` is the invoice's share (what was captured for it once
    the payment completed, else what was asked), `refunded` what went back (PRODUCT §13).
    """

    id: UUID
    amount: int
    status: str
    created_at: dt.datetime
    completed_at: dt.datetime | None
    refunded: int


class PendingPaymentView(msgspec.Struct, frozen=True, kw_only=True):
    """The invoice's unfinished payment: waiting for the customer's approval in the app (PRODUCT §6.7, §13)."""

    id: UUID
    amount: int
    phone: str
    created_at: dt.datetime


class AppliedCreditView(msgspec.Struct, frozen=True, kw_only=True):
    """Where a credit note went: the invoice it reduced, by how much; `id` None when the person may not see it."""

    id: UUID | None
    number: str
    amount: int


class MoneyView(msgspec.Struct, frozen=True, kw_only=True):
    """What makes up an invoice's outstanding, or where a credit note's amount went (PRODUCT §13).

    For an invoice: `outstanding == max(0, total − paid_outside − Σ credits.amount − Σ (complete payments' amount −
    refunded))`. For a credit note: `Σ applied_to.amount + unapplied == total`.
    """

    paid_outside: int | None = None
    credits: list[CreditLineView] = msgspec.field(default_factory=list)
    payments: list[PaymentShareView] = msgspec.field(default_factory=list)
    pending_payment: PendingPaymentView | None = None
    applied_to: list[AppliedCreditView] = msgspec.field(default_factory=list)
    unapplied: int | None = None


class DocumentDetailView(DocumentItemView, frozen=True, kw_only=True):
    version: int
    locale: str
    lines: list[LineView]
    totals: TotalsView
    paid: int | None
    seller: SellerView
    customer: PartyView
    bill_to: PartyView | None
    vehicle: VehicleView | None
    notes: str | None
    related: list[RelatedView]
    pdf_fingerprint: str | None  # the stored PDF's SHA-256, first 16 hex digits (None until it is rendered)
    paid_outside: int | None
    credits: list[CreditLineView]
    payments: list[PaymentShareView]
    pending_payment: PendingPaymentView | None
    applied_to: list[AppliedCreditView]
    unapplied: int | None


def party_of(view: DocumentDetailView) -> str:
    """The record through which the person sees the document: the customer before the bill-to (PRODUCT §8)."""
    return party_seen_through(
        customer_no=view.customer_no,
        bill_to_no=view.bill_to.customer_no if view.bill_to else None,
        is_customer=view.role in ("customer", "both"),
    )


class BalanceView(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    amount: int


class CustomerBalancesView(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    name: str
    balances: list[BalanceView]
