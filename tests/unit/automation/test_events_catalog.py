"""Every §8 event type has a versioned schema; every domain event's `data` fits it; docs/events.md lists them all."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import msgspec
import pytest

from application.events.catalog import CATALOG
from domain.automation.events import InvoiceOverdue
from domain.documents.events import (
    DocumentPdfDownloaded,
    DocumentPublished,
    DocumentViewed,
    DocumentWithdrawn,
    StatementDownloaded,
)
from domain.identity.events import CustomerSignedIn, LoginLinkSent
from domain.links.model import LinkOpened, LinkShared
from domain.payments.events import (
    PaymentCompleted,
    PaymentFailed,
    PaymentPageOpened,
    PaymentRefunded,
    PaymentStarted,
)
from domain.shared.events import DomainEvent

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DOCS = Path(__file__).resolve().parents[3] / "docs" / "events.md"
SECTION_8 = (
    "customer.signed_in",
    "document.published",
    "document.viewed",
    "document.pdf_downloaded",
    "document.withdrawn",
    "invoice.overdue",
    "payment.page_opened",
    "payment.started",
    "payment.completed",
    "payment.failed",
    "payment.refunded",
    "link.shared",
    "link.opened",
    "login_link.sent",
    "statement.downloaded",  # PRODUCT §13
)
PAYMENT = {
    "payment_id": uuid.uuid4(),
    "amount": 12500,
    "currency": "DKK",
    "invoice_number": "INV-1",
    "allocations": ((uuid.uuid4(), "INV-1", 10000), (uuid.uuid4(), "INV-2", 2500)),
}

EXAMPLES: list[DomainEvent] = [
    CustomerSignedIn(challenge_id=uuid.uuid4(), email="m@example.dk", method="link", occurred_at=NOW),
    DocumentPublished(version=2, restored=True),
    DocumentViewed(),
    DocumentPdfDownloaded(version=3),
    DocumentWithdrawn(version=3),
    InvoiceOverdue(due_date=dt.date(2026, 11, 16), outstanding=100, currency="DKK"),
    PaymentPageOpened(),
    PaymentStarted(**PAYMENT),
    PaymentCompleted(**PAYMENT, psp_reference="psp-1"),
    PaymentFailed(**PAYMENT, reason="rejected"),
    PaymentRefunded(**PAYMENT),
    LinkShared(link_id=uuid.uuid4(), role="bill_to", expires_at=NOW),
    LinkOpened(link_id=uuid.uuid4(), outcome="sign_in"),
    LoginLinkSent(),
    StatementDownloaded(party="C-1001", currency="DKK", as_of=dt.date(2026, 12, 4)),
]


def test_the_catalog_holds_exactly_the_types_of_section_8() -> None:
    assert sorted(CATALOG) == sorted(SECTION_8)
    assert sorted(e.event_type for e in EXAMPLES) == sorted(SECTION_8)


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.event_type)
def test_each_event_s_data_fits_its_versioned_schema(event: DomainEvent) -> None:
    schema = CATALOG[event.event_type]
    assert event.schema_version == schema.schema_version
    wire = msgspec.json.decode(msgspec.json.encode(event.data()))
    msgspec.convert(wire, schema.data)  # strict: a missing, extra or mistyped field fails


def test_the_documentation_lists_every_type_with_its_version_and_fields() -> None:
    text = DOCS.read_text()
    for event_type, schema in CATALOG.items():
        title = f"### `{event_type}` (schema_version {schema.schema_version})"
        heading = re.search(rf"^{re.escape(title)}$", text, re.MULTILINE)
        assert heading, f"docs/events.md has no section for {event_type}"
        section = text[heading.end() :].split("\n### ", 1)[0]
        for field in schema.data.__struct_fields__:
            assert f"`{field}`" in section, f"{event_type}: field {field} is not documented"
