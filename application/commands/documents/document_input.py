"""The document import format of PRODUCT §12 as msgspec structs: money in minor units, decimals as strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

DocumentType = Literal["quote", "order", "invoice", "credit_note"]


class _Input(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class LineInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    description: str
    quantity: Decimal
    unit_price: int
    item_no: str | None = None
    unit: str | None = None
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    vat_rate: Decimal = Decimal(25)


class TotalsInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    gross: int
    discount: int
    net: int
    vat: int
    total: int


class SellerInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: str
    address: list[str] = msgspec.field(default_factory=list)
    vat_no: str | None = None
    phone: str | None = None
    email: str | None = None
    bank: str | None = None


class VehicleInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    registration_no: str | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    variant: str | None = None
    first_registration: dt.date | None = None
    mileage_km: int | None = None
    colour: str | None = None


class RelatedInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    type: DocumentType
    number: str


class DocumentBody(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One document as the business system sends it; `type` and `number` may come from the URL instead."""

    issue_date: dt.date
    currency: str
    locale: str
    customer_no: str
    seller: SellerInput
    lines: list[LineInput]
    totals: TotalsInput
    type: DocumentType | None = None
    number: str | None = None
    due_date: dt.date | None = None
    bill_to_no: str | None = None
    vehicle: VehicleInput | None = None
    paid: int = 0
    related: list[RelatedInput] = msgspec.field(default_factory=list)
    notes: str | None = None
