"""Read models of the documents context, shaped as PRODUCT §12's customer API answers them."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

import msgspec

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


class BalanceView(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    amount: int


class CustomerBalancesView(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    name: str
    balances: list[BalanceView]
