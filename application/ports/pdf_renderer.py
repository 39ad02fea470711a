"""Port: turn one version of a document into the PDF the customer downloads (PRODUCT §5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Protocol

import msgspec

__all__ = [
    "PdfAgeing",
    "PdfCurrency",
    "PdfDocument",
    "PdfDocumentType",
    "PdfLine",
    "PdfLocale",
    "PdfParty",
    "PdfRenderer",
    "PdfSeller",
    "PdfStatement",
    "PdfStatementItem",
    "PdfTotals",
    "PdfVatAmount",
    "PdfVehicle",
    "StatementPdfRenderer",
]

PdfDocumentType = Literal["quote", "order", "invoice", "credit_note"]
PdfCurrency = Literal["DKK", "EUR"]
PdfLocale = Literal["da", "en"]

# Decimal numbers travel as strings, as in the import format (PRODUCT §12): "1", "2.5", "0.125".
DecimalText = Annotated[str, msgspec.Meta(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]
# Money is an integer in minor units (øre, cents); never a float.
MinorUnits = int
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


class PdfSeller(msgspec.Struct, frozen=True, kw_only=True):
    """The business that issued the document (the dealer): its letterhead and footer."""

    name: str
    address_lines: tuple[str, ...] = ()
    vat_no: str | None = None
    phone: str | None = None
    email: str | None = None
    bank: str | None = None  # free text as imported, e.g. "Reg. 1234 Konto 5678901"


class PdfParty(msgspec.Struct, frozen=True, kw_only=True):
    """A customer record as the document shows it: the customer, or the bill-to party."""

    customer_no: str
    name: str
    address_lines: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None


class PdfVehicle(msgspec.Struct, frozen=True, kw_only=True):
    """The vehicle the document is about; every field is optional."""

    registration_no: str | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    variant: str | None = None
    first_registration: date | None = None
    mileage_km: int | None = None
    colour: str | None = None


class PdfLine(msgspec.Struct, frozen=True, kw_only=True):
    """One document line with its computed amounts (PRODUCT §1); the renderer does no arithmetic on money.

    - `quantity`, `discount_percent` and `vat_rate` are decimal strings; `vat_rate` is a percentage ("25").
    - At most one of `discount_percent` and `discount_amount` is set.
    - `gross`, `discount` and `net` are the line's computed figures in minor units.
    """

    item_no: str = ""
    description: str
    quantity: DecimalText
    unit: str = ""
    unit_price: MinorUnits
    discount_percent: DecimalText | None = None
    discount_amount: MinorUnits | None = None
    vat_rate: DecimalText = "25"
    gross: MinorUnits
    discount: MinorUnits = 0
    net: MinorUnits


class PdfVatAmount(msgspec.Struct, frozen=True, kw_only=True):
    """The VAT of one rate: `rate` is a percentage ("25"), `amount` in minor units."""

    rate: DecimalText
    amount: MinorUnits


class PdfTotals(msgspec.Struct, frozen=True, kw_only=True):
    """The document's totals as stated (they equal the recomputed ones, or the import was refused)."""

    gross: MinorUnits
    discount: MinorUnits
    net: MinorUnits
    vat: tuple[PdfVatAmount, ...]
    total: MinorUnits


class PdfDocument(msgspec.Struct, frozen=True, kw_only=True):
    """Everything one page of a quote, order, invoice or credit note shows, for one content version.

    - The PDF depends on nothing else: not on payment state, the clock or the environment.
    - `version_at` (timezone-aware) becomes the PDF's creation date.
    - `bill_to` is shown only when it is set and differs from `customer`.
    - `due_date` and `payment_terms` are shown when set (invoices).
    """

    type: PdfDocumentType
    number: str
    issue_date: date
    due_date: date | None = None
    currency: PdfCurrency
    locale: PdfLocale
    version: int
    version_at: AwareDatetime
    seller: PdfSeller
    customer: PdfParty
    bill_to: PdfParty | None = None
    vehicle: PdfVehicle | None = None
    lines: tuple[PdfLine, ...]
    totals: PdfTotals
    notes: str | None = None
    payment_terms: str | None = None


class PdfRenderer(Protocol):
    """Renders a document version to PDF bytes.

    - Deterministic: the same `PdfDocument` gives the same bytes, in any process, on any day.
    - Synchronous and CPU-bound (tens of milliseconds a page): call it from a worker thread or process,
      never on the event loop.
    - Writes nothing to stdout and leaves the process's signal handlers as they were.
    - Raises `ValueError` when the document cannot be rendered (e.g. a naive `version_at`).
    """

    def render(self, doc: PdfDocument) -> bytes: ...


class PdfStatementItem(msgspec.Struct, frozen=True, kw_only=True):
    """One open item of a statement: `outstanding` is what it adds to the balance (a credit note's is negative)."""

    type: Literal["invoice", "credit_note"]
    number: str
    issue_date: date
    due_date: date | None = None
    total: MinorUnits
    outstanding: MinorUnits
    days_overdue: int | None = None


class PdfAgeing(msgspec.Struct, frozen=True, kw_only=True):
    """The open invoices' outstanding by days overdue."""

    not_due: MinorUnits
    d1_30: MinorUnits
    d31_60: MinorUnits
    d61_90: MinorUnits
    d90_plus: MinorUnits


class PdfStatement(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a statement of account shows (PRODUCT §13), on the date `as_of`.

    - The PDF depends on nothing else: the same statement on the same date gives the same bytes.
    - `brand` heads the letterhead (PORTAL_BRAND_NAME); `seller` is the dealer as the customer's documents state it
      (None: the brand alone).
    - The renderer does no arithmetic on money: ageing, unapplied credit and balance come computed.
    """

    brand: str
    seller: PdfSeller | None = None
    customer: PdfParty
    currency: PdfCurrency
    locale: PdfLocale
    as_of: date
    items: tuple[PdfStatementItem, ...]
    ageing: PdfAgeing
    unapplied_credit: MinorUnits
    balance: MinorUnits


class StatementPdfRenderer(Protocol):
    """Renders a statement of account to PDF bytes, with the fonts, letterhead and footer of the document PDFs.

    - Deterministic, synchronous and CPU-bound, like `PdfRenderer.render` (call it from a worker thread).
    - Paginates the items ("Side 2 af 3"), repeating the table header; the totals never stand alone on a page.
    """

    def render_statement(self, statement: PdfStatement) -> bytes: ...
