"""The document import format of PRODUCT §12 as msgspec structs: money in minor units, decimals as strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

from application.input_text import Key, Line, Text

DocumentType = Literal["quote", "order", "invoice", "credit_note"]


class _Input(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class LineInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    description: Text
    quantity: Decimal
    unit_price: int
    item_no: Line | None = None
    unit: Line | None = None
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
    name: Line
    address: list[Line] = msgspec.field(default_factory=list)
    vat_no: Line | None = None
    phone: Line | None = None
    email: Line | None = None
    bank: Line | None = None


class VehicleInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    registration_no: Line | None = None
    vin: Line | None = None
    make: Line | None = None
    model: Line | None = None
    variant: Line | None = None
    first_registration: dt.date | None = None
    mileage_km: int | None = None
    colour: Line | None = None


class RelatedInput(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    type: DocumentType
    number: Key


class DocumentBody(_Input, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One document as the business system sends it; `type` and `number` may come from the URL instead.

    Text fields follow `application.input_text`: keys and one-line fields refuse control characters.
    """

    issue_date: dt.date
    currency: Line
    locale: Line
    customer_no: Key
    seller: SellerInput
    lines: list[LineInput]
    totals: TotalsInput
    type: DocumentType | None = None
    number: Key | None = None
    due_date: dt.date | None = None
    bill_to_no: Key | None = None
    vehicle: VehicleInput | None = None
    paid: int = 0
    related: list[RelatedInput] = msgspec.field(default_factory=list)
    notes: Text | None = None
