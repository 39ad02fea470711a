"""Every invoice of the demo explains its money (PRODUCT §13): for each person of the demo data and each invoice they
see, the detail API's figures add up to its outstanding, and its page shows every figure that makes it up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from babel.numbers import format_decimal

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from domain.shared.clock import business_date
from domain.shared.email import normalise_email
from infrastructure.container import Container
from interfaces.cli.demo_data import CUSTOMERS, documents
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.integration.pages.pages_support import sign_in, visible_text

pytestmark = pytest.mark.integration


def _explained(invoice: dict[str, Any]) -> int:
    """The outstanding as PRODUCT §13 composes it from the detail's own figures."""
    credited = sum(c["amount"] for c in invoice["credits"])
    payments = sum(p["amount"] - p["refunded"] for p in invoice["payments"] if p["status"] in ("complete", "refunded"))
    return max(0, invoice["total"] - invoice["paid_outside"] - credited - payments)


def _figure(minor: int) -> str:
    """A DKK/EUR amount as a Danish page writes its number: `1.234,50`."""
    return format_decimal(Decimal(minor) / 100, "#,##0.00", locale="da_DK")


async def test_every_demo_invoice_adds_up_in_the_api_and_shows_each_figure_on_its_page(pg_container: Container) -> None:
    bus = pg_container.bus()
    for record in CUSTOMERS:
        await bus.handle(msgspec.convert(record, UpsertCustomer))
    for record in documents(business_date(pg_container.clock().now())):
        body = msgspec.convert(record, DocumentBody)
        await bus.handle(UpsertDocument(type=record["type"], number=record["number"], body=body))
    checked = 0
    for email in sorted({normalise_email(c["email"]) for c in CUSTOMERS if c.get("email")}):
        async with asgi_client(create_app(pg_container)) as browser:
            await sign_in(browser, pg_container, email)
            listed = await browser.get("/api/v1/documents", params={"type": "invoice", "limit": 100})
            for item in listed.json()["items"]:
                invoice = (await browser.get(f"/api/v1/documents/{item['id']}")).json()
                assert invoice["outstanding"] == _explained(invoice), invoice["number"]
                page = visible_text(await browser.get(f"/documents/{item['id']}", params={"lang": "da"}))
                figures = [invoice["total"], invoice["outstanding"]]
                figures += [invoice["paid_outside"]] if invoice["paid_outside"] else []
                figures += [c["amount"] for c in invoice["credits"]] + [p["amount"] for p in invoice["payments"]]
                for minor in figures:
                    assert _figure(minor) in page, (invoice["number"], minor)
                checked += 1
    assert checked >= 5  # the demo has invoices with credits, paid outside the portal, open and overdue
