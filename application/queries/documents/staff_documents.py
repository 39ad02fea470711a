"""ListStaffDocuments and ShowStaffDocument: what staff see of documents from the command line (PRODUCT §7)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec

from application.ports.clock import Clock
from domain.shared.clock import business_date
from domain.shared.errors import NotFound


class StaffDocumentView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    type: str
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    currency: str
    customer_no: str
    bill_to_no: str | None
    total: int
    outstanding: int | None
    status: str | None
    version: int
    withdrawn: bool
    pdf_fingerprint: str | None = None  # the current version's stored PDF (PRODUCT §5), when rendered


class StaffDocumentReader(Protocol):
    """- Staff see every document, withdrawn ones included (marked), newest first."""

    async def staff_list(
        self, *, type_: str | None, customer_no: str | None, limit: int, today: dt.date
    ) -> list[StaffDocumentView]: ...

    async def staff_show(self, type_: str, number: str, *, today: dt.date) -> StaffDocumentView | None: ...


class ListStaffDocuments(msgspec.Struct, frozen=True, kw_only=True):
    type: str | None = None
    customer_no: str | None = None
    limit: int = 100


class ListStaffDocumentsHandler:
    def __init__(self, reader: StaffDocumentReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def __call__(self, query: ListStaffDocuments) -> list[StaffDocumentView]:
        return await self._reader.staff_list(
            type_=query.type,
            customer_no=query.customer_no,
            limit=max(1, min(query.limit, 10_000)),
            today=business_date(self._clock.now()),
        )


class ShowStaffDocument(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    number: str


class ShowStaffDocumentHandler:
    def __init__(self, reader: StaffDocumentReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def __call__(self, query: ShowStaffDocument) -> StaffDocumentView:
        view = await self._reader.staff_show(query.type, query.number, today=business_date(self._clock.now()))
        if view is None:
            raise NotFound(f"no {query.type} {query.number}")
        return view
