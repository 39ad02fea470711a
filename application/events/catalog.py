"""The portal event catalog (PRODUCT §8): each event type's schema version and the msgspec schema of its `data`.

External systems read these through the events feed and flow webhooks; docs/events.md describes them. A change
that breaks a reader gets a new `schema_version` (and a new struct here); adding an optional field does not.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import msgspec

__all__ = ["CATALOG", "EventSchema", "data_schema"]


class _Data(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class NoData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`{}`: the envelope's party and document say it all."""


class SignedInData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    method: Literal["code", "link"]


class PublishedData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    version: int
    restored: bool


class VersionData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    version: int


class OverdueData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    due_date: dt.date
    outstanding: int
    currency: str


class AllocationData(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    document_id: uuid.UUID
    number: str
    amount: int


class PaymentData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    payment_id: uuid.UUID
    amount: int
    currency: str
    invoice_number: str
    allocations: list[AllocationData] = []  # schema_version 2; absent from version 1


class PaymentCompletedData(PaymentData, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reference: str
    psp_reference: str | None


class PaymentFailedData(PaymentData, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: str


class StatementData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    currency: str
    as_of: dt.date


class LinkSharedData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    link_id: uuid.UUID
    role: Literal["customer", "bill_to"]
    expires_at: dt.datetime


class LinkOpenedData(_Data, frozen=True, kw_only=True, forbid_unknown_fields=True):
    link_id: uuid.UUID
    outcome: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSchema:
    """A type's schema version and the struct its `data` decodes into (not a wire struct itself)."""

    schema_version: int
    data: type[_Data]


CATALOG: dict[str, EventSchema] = {
    "customer.signed_in": EventSchema(schema_version=1, data=SignedInData),
    "document.published": EventSchema(schema_version=1, data=PublishedData),
    "document.viewed": EventSchema(schema_version=1, data=NoData),
    "document.pdf_downloaded": EventSchema(schema_version=1, data=VersionData),
    "document.withdrawn": EventSchema(schema_version=1, data=VersionData),
    "invoice.overdue": EventSchema(schema_version=1, data=OverdueData),
    "payment.page_opened": EventSchema(schema_version=1, data=NoData),
    "payment.started": EventSchema(schema_version=2, data=PaymentData),
    "payment.completed": EventSchema(schema_version=2, data=PaymentCompletedData),
    "payment.failed": EventSchema(schema_version=2, data=PaymentFailedData),
    "payment.refunded": EventSchema(schema_version=2, data=PaymentData),
    "link.shared": EventSchema(schema_version=1, data=LinkSharedData),
    "link.opened": EventSchema(schema_version=1, data=LinkOpenedData),
    "login_link.sent": EventSchema(schema_version=1, data=NoData),
    "statement.downloaded": EventSchema(schema_version=1, data=StatementData),
}


def data_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of the type's `data` object."""
    schema: dict[str, Any] = msgspec.json.schema(CATALOG[event_type].data)
    return schema
