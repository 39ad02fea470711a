"""The DocumentReader port: SQL reads for a signed-in person, enforcing PRODUCT §1 visibility."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from uuid import UUID

import msgspec

from application.queries.documents.pdf_views import DocumentPdfView, PdfSourceView
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentItemView
from application.queries.identity.get_session import SessionView


class ListFilter(msgspec.Struct, frozen=True, kw_only=True):
    type: str | None = None
    status: str | None = None
    customer_no: str | None = None
    text: str | None = None
    amount: int | None = None


class Keyset(msgspec.Struct, frozen=True, array_like=True):
    """The position after the last item of a page: (issue_date, number, id), the list's sort key."""

    issue_date: dt.date
    number: str
    id: UUID


class SessionPage(msgspec.Struct, frozen=True, kw_only=True):
    """A session as stored (its rules are the caller's to apply) and the page its person asked for."""

    session: SessionView
    items: list[DocumentItemView]


class SessionDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A session as stored and the document its person asked for (None: not there, withdrawn or not theirs)."""

    session: SessionView
    document: DocumentDetailView | None


class MyPdf(msgspec.Struct, frozen=True, kw_only=True):
    """The PDF a person asked for, and the record they see its document through (the download event's party)."""

    source: PdfSourceView
    view: DocumentPdfView
    party: str


class SessionPdf(msgspec.Struct, frozen=True, kw_only=True):
    """A session as stored and the PDF its person asked for (None: not there, withdrawn or not theirs)."""

    session: SessionView
    pdf: MyPdf | None


class DocumentReader(Protocol):
    """- A person (one normalised email) sees a document iff the email is that of its customer or bill-to record.
    - Withdrawn documents are never returned.
    - Lists are ordered by issue_date desc, number desc (code point), id desc, and continue after `after`.
    """

    async def list_for(
        self, email: str, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> list[DocumentItemView]: ...

    async def page_for_session(
        self, id_hash: bytes, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> SessionPage | None:
        """`list_for` of the session's email and the session itself, in one round trip; None for an unknown session.
        The page is read whatever the session's state: the caller shows it only to an active session.
        """
        ...

    async def detail_for(self, email: str, document_id: UUID, *, today: dt.date) -> DocumentDetailView | None: ...

    async def pdf_for_session(self, id_hash: bytes, document_id: UUID) -> SessionPdf | None:
        """The session, the document's current version and its stored PDF (None while not stored), in one round
        trip; None for an unknown session.
        """
        ...

    async def detail_for_session(self, id_hash: bytes, document_id: UUID, *, today: dt.date) -> SessionDetail | None:
        """`detail_for` of the session's email and the session itself, in one round trip (and one more for related
        documents); None for an unknown session.
        """
        ...

    async def balances_for(self, email: str) -> list[CustomerBalancesView]: ...

    async def pdf_source_for(self, email: str, document_id: UUID) -> PdfSourceView | None:
        """The document's id, type, number and current version, under the same visibility as `detail_for`."""
        ...

    async def pdf_source_by_number(self, type_: str, number: str) -> PdfSourceView | None:
        """The same for staff, by (type, number); withdrawn documents are not returned."""
        ...
