"""Events of the documents context (PRODUCT §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPublished(DomainEvent):
    """A new content version, or a withdrawn document restored by a new import."""

    event_type: str = "document.published"
    version: int = 1
    restored: bool = False

    def data(self) -> dict[str, object]:
        return {"version": self.version, "restored": self.restored}


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentWithdrawn(DomainEvent):
    event_type: str = "document.withdrawn"
    version: int = 1

    def data(self) -> dict[str, object]:
        return {"version": self.version}


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPdfDownloaded(DomainEvent):
    """A person (or staff) downloaded the PDF of a version; `party` is the record it was seen through."""

    event_type: str = "document.pdf_downloaded"
    version: int = 1

    def data(self) -> dict[str, object]:
        return {"version": self.version}


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentViewed(DomainEvent):
    event_type: str = "document.viewed"


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementDownloaded(DomainEvent):
    """A statement of account was downloaded as a PDF, by the person who owns the record or by staff (PRODUCT §13).

    `party` is the customer record the statement is of; `document` is None (a statement is no document).
    """

    event_type: str = "statement.downloaded"
    currency: str
    as_of: date

    def data(self) -> dict[str, object]:
        return {"currency": self.currency, "as_of": self.as_of.isoformat()}
