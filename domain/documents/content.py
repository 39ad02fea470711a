"""The content of one document version: everything the business system sends except payment state."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from domain.documents.errors import InvalidDocument
from domain.documents.money import CURRENCIES
from domain.documents.totals import Totals
from domain.documents.values import LOCALES, Line, Party, RelatedRef, Seller, Vehicle


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentContent:
    """A version's content; two equal contents hash alike, whatever the spelling of their decimals.

    - at least one line; currency DKK or EUR; locale da or en; due date not before the issue date.
    - the parties are snapshots of the customer records at import, so a version's PDF never changes.
    """

    issue_date: date
    currency: str
    locale: str
    seller: Seller
    customer: Party
    lines: tuple[Line, ...]
    due_date: date | None = None
    bill_to: Party | None = None
    vehicle: Vehicle | None = None
    notes: str | None = None
    related: tuple[RelatedRef, ...] = ()

    def __post_init__(self) -> None:
        problems: list[tuple[str, str]] = []
        if self.currency not in CURRENCIES:
            problems.append(("/currency", f"must be one of {', '.join(CURRENCIES)}"))
        if self.locale not in LOCALES:
            problems.append(("/locale", f"must be one of {', '.join(LOCALES)}"))
        if not self.lines:
            problems.append(("/lines", "at least one line is required"))
        if self.due_date is not None and self.due_date < self.issue_date:
            problems.append(("/due_date", "must not be before issue_date"))
        if problems:
            raise InvalidDocument(problems[0][1], problems)

    @property
    def totals(self) -> Totals:
        return Totals.of(self.lines)

    def fingerprint(self) -> str:
        """SHA-256 of a canonical form: decimals normalised, keys sorted."""
        canonical = json.dumps(asdict(self), sort_keys=True, default=_canonical, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def search_text(self, number: str) -> str:
        """Lower-cased words a person may search for: number, registration no., VIN and line text."""
        parts = [number]
        if self.vehicle is not None:
            parts += [self.vehicle.registration_no or "", self.vehicle.vin or ""]
        for line in self.lines:
            parts += [line.item_no or "", line.description]
        return "\n".join(p for p in parts if p).lower()


def _canonical(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize() if value else Decimal(0), "f")  # -0 is 0; normalize() would keep the sign
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
