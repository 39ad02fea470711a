"""The DocumentLink aggregate: a staff-made direct link to one document for one party (PRODUCT §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.shared.aggregate import AggregateRoot
from domain.shared.errors import DomainError
from domain.shared.events import DocumentRef, DomainEvent

PARTIES = ("customer", "bill_to")


class InvalidLink(DomainError):
    """The link cannot be made as asked."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkShared(DomainEvent):
    event_type: str = "link.shared"
    link_id: UUID
    role: str
    expires_at: datetime

    def data(self) -> dict[str, object]:
        return {"link_id": str(self.link_id), "role": self.role, "expires_at": self.expires_at.isoformat()}


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkOpened(DomainEvent):
    event_type: str = "link.opened"
    link_id: UUID
    outcome: str

    def data(self) -> dict[str, object]:
        return {"link_id": str(self.link_id), "outcome": self.outcome}


class DocumentLink(AggregateRoot):
    """A link names a document and a party; it never grants access by itself (the person must still sign in).

    - Expires `ttl` after it is made; staff may revoke it at any time (revoking twice is harmless).
    - Every opening is counted and recorded as `link.opened`, usable or not.
    """

    def __init__(
        self,
        *,
        link_id: UUID,
        document: DocumentRef,
        role: str,
        party_no: str,
        created_at: datetime,
        expires_at: datetime,
    ) -> None:
        self.id = link_id
        self._document_id = document.id
        self._document_type = document.type
        self._document_number = document.number
        self._role = role
        self._party_no = party_no
        self._created_at = created_at
        self._expires_at = expires_at
        self._revoked_at: datetime | None = None
        self._openings = 0

    @classmethod
    def share(
        cls, *, link_id: UUID, document: DocumentRef, role: str, party_no: str | None, now: datetime, ttl: timedelta
    ) -> DocumentLink:
        if role not in PARTIES:
            raise InvalidLink(f"party must be one of {', '.join(PARTIES)}", [("/party", "customer or bill_to")])
        if party_no is None:
            raise InvalidLink("the document has no bill-to party", [("/party", "the document has no bill-to")])
        if ttl <= timedelta(0):
            raise InvalidLink("a link must live at least a day", [("/expires_in_days", "must be ≥ 1")])
        link = cls(
            link_id=link_id, document=document, role=role, party_no=party_no, created_at=now, expires_at=now + ttl
        )
        link._record(
            LinkShared(
                occurred_at=now, party=party_no, document=document, link_id=link_id, role=role, expires_at=now + ttl
            )
        )
        return link

    @property
    def document(self) -> DocumentRef:
        return DocumentRef(id=self._document_id, type=self._document_type, number=self._document_number)

    @property
    def role(self) -> str:
        return self._role

    @property
    def party_no(self) -> str:
        return self._party_no

    @property
    def expires_at(self) -> datetime:
        return self._expires_at

    @property
    def revoked(self) -> bool:
        return self._revoked_at is not None

    def usable(self, now: datetime) -> bool:
        return self._revoked_at is None and now < self._expires_at

    def revoke(self, now: datetime) -> bool:
        """Ends the link; revoking a revoked link changes nothing. Returns whether this call revoked it."""
        if self._revoked_at is not None:
            return False
        self._revoked_at = now
        return True

    def record_opening(self, now: datetime, outcome: str) -> None:
        self._openings += 1
        self._record(
            LinkOpened(occurred_at=now, party=self._party_no, document=self.document, link_id=self.id, outcome=outcome)
        )
