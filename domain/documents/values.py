"""Value objects of a document's content: parties, seller, vehicle, lines, related references."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.documents.errors import InvalidDocument
from domain.documents.money import percent_of, round_half_up

DOCUMENT_TYPES = ("quote", "order", "invoice", "credit_note")
LOCALES = ("da", "en")
_MAX_QTY_PLACES = 3
_HUNDRED = Decimal(100)
_QTY_STEP = Decimal("0.001")
# Bounds far beyond any real line that keep quantity × unit price exact in decimal arithmetic (28 digits).
_MAX_QUANTITY = Decimal(10) ** 9
_MAX_UNIT_PRICE = 10**15


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A customer record as it stood when the document version was issued."""

    customer_no: str
    name: str
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Seller:
    name: str
    address: tuple[str, ...] = ()
    vat_no: str | None = None
    phone: str | None = None
    email: str | None = None
    bank: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    registration_no: str | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    variant: str | None = None
    first_registration: date | None = None
    mileage_km: int | None = None
    colour: str | None = None

    def __post_init__(self) -> None:
        if self.mileage_km is not None and self.mileage_km < 0:
            raise InvalidDocument("mileage must not be negative", [("/vehicle/mileage_km", "must be ≥ 0")])


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedRef:
    """A related document named by type and number; it may arrive later than the one naming it."""

    type: str
    number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """A document line.

    - quantity > 0 with at most 3 decimal places; unit price ≥ 0 minor units (both bounded far above real values).
    - discount is a percentage 0–100 of the unrounded quantity × unit price, or a fixed amount that may not exceed
      the line's gross, never both.
    - VAT rate is a percentage 0–100 (25 by default).
    """

    description: str
    quantity: Decimal
    unit_price: int
    item_no: str | None = None
    unit: str | None = None
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    vat_rate: Decimal = field(default=Decimal(25))

    def __post_init__(self) -> None:
        problems = self.problems("")
        if problems:
            raise InvalidDocument(problems[0][1], problems)

    def problems(self, pointer: str) -> list[tuple[str, str]]:
        """Every rule this line breaks, as (JSON pointer, detail) pairs under `pointer`."""
        found = [(f"{pointer}{field}", detail) for field, detail in (*self._amount_problems(), *self._rate_problems())]
        if not self.description.strip():
            found.append((f"{pointer}/description", "must not be empty"))
        return found

    def _amount_problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if not self.quantity.is_finite() or self.quantity <= 0:
            found.append(("/quantity", "must be greater than 0"))
        elif self.quantity >= _MAX_QUANTITY:
            found.append(("/quantity", f"must be below {_MAX_QUANTITY}"))
        elif self.quantity != self.quantity.quantize(_QTY_STEP):
            found.append(("/quantity", f"at most {_MAX_QTY_PLACES} decimal places"))
        if not 0 <= self.unit_price <= _MAX_UNIT_PRICE:
            found.append(("/unit_price", f"must be between 0 and {_MAX_UNIT_PRICE}"))
        return found

    def _rate_problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if self.discount_percent is not None and self.discount_amount is not None:
            found.append(("", "discount_percent and discount_amount exclude each other"))
        if self.discount_percent is not None and not (
            self.discount_percent.is_finite() and 0 <= self.discount_percent <= _HUNDRED
        ):
            found.append(("/discount_percent", "must be between 0 and 100"))
        if self.discount_amount is not None and self.discount_amount < 0:
            found.append(("/discount_amount", "must be ≥ 0"))
        if not found and self.discount_amount is not None and not self._amount_problems():
            gross = self.gross
            if self.discount_amount > gross:
                found.append(("/discount_amount", f"exceeds the line's gross {gross}"))
        if not self.vat_rate.is_finite() or not (0 <= self.vat_rate <= _HUNDRED):
            found.append(("/vat_rate", "must be between 0 and 100"))
        return found

    @property
    def _unrounded(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def gross(self) -> int:
        return round_half_up(self._unrounded)

    @property
    def discount(self) -> int:
        if self.discount_percent is not None:
            return percent_of(self._unrounded, self.discount_percent)
        return self.discount_amount or 0

    @property
    def net(self) -> int:
        return self.gross - self.discount
