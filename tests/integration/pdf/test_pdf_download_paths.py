"""PDF downloads on PostgreSQL: customer API, admin API and CLI give the same bytes; ETag/304; one event a download."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest
from sqlalchemy import select

from application.commands.identity.create_api_key import CreateApiKey
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events
from infrastructure.persistence.tables.pdfs import document_pdfs
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, upsert_customer, upsert_document
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))
MAIL = "mette@example.dk"
ADMIN = "/admin/api/v1/documents"


class Portal:
    """The seeded portal: a signed-in customer client, an admin client, and the documents' ids."""

    def __init__(self, container: Container, customer: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
        self.container = container
        self.customer = customer
        self.admin = admin
        self.ids: dict[str, uuid.UUID] = {}

    async def downloads(self) -> list[dict[str, Any]]:
        async with self.container.session_factory()() as session:
            query = select(events.c.envelope).where(events.c.type == "document.pdf_downloaded").order_by(events.c.seq)
            return list((await session.execute(query)).scalars().all())

    async def stored(self) -> list[tuple[uuid.UUID, int]]:
        async with self.container.session_factory()() as session:
            rows = (await session.execute(select(document_pdfs.c.document_id, document_pdfs.c.version))).all()
            return [(r.document_id, r.version) for r in rows]


@pytest.fixture
async def portal(pg_container: Container) -> AsyncIterator[Portal]:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk"))
    records = {
        "INV-10023": document("invoice", "INV-10023", vehicle={"registration_no": "AB12345"}, notes="Tak"),
        "INV-2": document("invoice", "INV-2", customer_no="C-2001", bill_to_no="C-1001"),
        "Q-1": document("quote", "Q-1", customer_no="C-2001"),
    }
    app = create_app(pg_container)
    async with asgi_client(app) as customer, asgi_client(app) as admin:
        key = await bus.handle(CreateApiKey(name="erp"))
        admin.headers["Authorization"] = f"Bearer {key.key}"
        seeded = Portal(pg_container, customer, admin)
        for number, record in records.items():
            seeded.ids[number] = (await bus.handle(upsert_document(record))).id
        assert (await customer.post("/api/v1/auth/login", json={"email": MAIL})).status_code == 202
        assert await deliver_login_mail(pg_container) == 1
        code, _ = code_and_token(pg_container, MAIL)
        assert (await customer.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})).status_code == 200
        yield seeded


def portal_cli(*args: str, database_url: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(tmp_path / "var")}
    env.pop("PORTAL_ENV", None)
    return subprocess.run([PORTAL, *args], env=env, capture_output=True, timeout=120, check=False)


def _assert_pdf_of(content: bytes, number: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert number in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.producer == "borb"


async def test_the_cli_the_admin_api_and_the_customer_api_give_the_same_bytes(
    portal: Portal, pg_database: str, tmp_path: Path
) -> None:
    assert await portal.stored() == []
    # The CLI renders on demand in its own process: stdout is the PDF and nothing else (nothing of borb's).
    printed = portal_cli("documents", "pdf", "invoice", "INV-10023", database_url=pg_database, tmp_path=tmp_path)
    assert printed.returncode == 0, printed.stderr.decode()
    assert printed.stdout.startswith(b"%PDF-")
    assert printed.stdout.rstrip().endswith(b"%%EOF")
    _assert_pdf_of(printed.stdout, "INV-10023")
    target = tmp_path / "out.pdf"
    written = portal_cli(
        "documents", "pdf", "invoice", "INV-10023", "-o", str(target), database_url=pg_database, tmp_path=tmp_path
    )
    assert (written.returncode, written.stdout) == (0, b"")
    assert b"Invoice-INV-10023.pdf" in written.stderr
    customer = await portal.customer.get(f"/api/v1/documents/{portal.ids['INV-10023']}/pdf")
    admin = await portal.admin.get(f"{ADMIN}/invoice/INV-10023/pdf")
    assert customer.status_code == admin.status_code == 200
    assert printed.stdout == target.read_bytes() == customer.content == admin.content
    assert await portal.stored() == [(portal.ids["INV-10023"], 1)]  # rendered once, by the CLI
    for response in (customer, admin):
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["etag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
        assert response.headers["content-disposition"] == 'attachment; filename="Invoice-INV-10023.pdf"'
        assert response.headers["cache-control"] == "private, no-cache"


async def test_the_detail_page_the_api_and_the_cli_print_the_stored_pdf_s_fingerprint(
    portal: Portal, pg_database: str, tmp_path: Path
) -> None:
    """PRODUCT §5: a customer and staff can see they hold the same bytes (the first 16 hex digits of the ETag)."""
    document_id = portal.ids["INV-10023"]
    before = (await portal.customer.get(f"/api/v1/documents/{document_id}")).json()
    assert before["pdf_fingerprint"] is None  # nothing rendered yet
    pdf = await portal.customer.get(f"/api/v1/documents/{document_id}/pdf")
    expected = hashlib.sha256(pdf.content).hexdigest()[:16]
    assert pdf.headers["etag"].strip('"').startswith(expected)
    after = (await portal.customer.get(f"/api/v1/documents/{document_id}")).json()
    assert after["pdf_fingerprint"] == expected
    page = await portal.customer.get(f"/documents/{document_id}", headers={"Accept": "text/html"})
    assert f"<code>{expected}</code>" in page.text
    shown = portal_cli("documents", "show", "invoice", "INV-10023", database_url=pg_database, tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr.decode()
    assert json.loads(shown.stdout)["pdf_fingerprint"] == expected


async def test_a_new_version_gets_a_new_pdf_and_etag(portal: Portal) -> None:
    first = await portal.admin.get(f"{ADMIN}/quote/Q-1/pdf")
    await portal.container.bus().handle(upsert_document(document("quote", "Q-1", customer_no="C-2001", notes="ny")))
    second = await portal.admin.get(f"{ADMIN}/quote/Q-1/pdf")
    assert first.content != second.content
    assert first.headers["etag"] != second.headers["etag"]
    assert sorted(v for _, v in await portal.stored()) == [1, 2]
    assert (await portal.admin.get(f"{ADMIN}/quote/Q-1/pdf")).content == second.content


@pytest.mark.parametrize("route", ["customer", "admin"])
async def test_if_none_match_answers_304_without_a_body_or_an_event(portal: Portal, route: str) -> None:
    client = portal.customer if route == "customer" else portal.admin
    url = (
        f"/api/v1/documents/{portal.ids['INV-10023']}/pdf" if route == "customer" else f"{ADMIN}/invoice/INV-10023/pdf"
    )
    first = await client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    for header in (etag, f"W/{etag}", f'"nope", {etag}'):
        cached = await client.get(url, headers={"If-None-Match": header})
        assert cached.status_code == 304
        assert cached.content == b""
        assert cached.headers["etag"] == etag
    stale = await client.get(url, headers={"If-None-Match": '"nope"'})
    assert (stale.status_code, stale.content) == (200, first.content)
    assert len(await portal.downloads()) == 2  # the two 200s; no 304 counts


async def test_each_download_is_one_event_through_the_party_that_sees_it(portal: Portal) -> None:
    assert (await portal.customer.get(f"/api/v1/documents/{portal.ids['INV-10023']}/pdf")).status_code == 200
    assert (await portal.customer.get(f"/api/v1/documents/{portal.ids['INV-2']}/pdf")).status_code == 200
    assert (await portal.admin.get(f"{ADMIN}/invoice/INV-2/pdf")).status_code == 200
    downloads = await portal.downloads()
    assert [(e["party"], e["document"]["number"]) for e in downloads] == [
        ("C-1001", "INV-10023"),  # the customer
        ("C-1001", "INV-2"),  # seen as the bill-to
        ("C-2001", "INV-2"),  # staff: the document's customer
    ]
    assert {e["type"] for e in downloads} == {"document.pdf_downloaded"}
    assert downloads[0]["document"] == {"id": str(portal.ids["INV-10023"]), "type": "invoice", "number": "INV-10023"}
    assert downloads[0]["data"] == {"version": 1}


async def test_foreign_unknown_withdrawn_and_malformed_are_404_and_record_nothing(portal: Portal) -> None:
    await portal.container.bus().handle(upsert_document(document("order", "ORD-1")))
    assert (await portal.admin.delete(f"{ADMIN}/order/ORD-1")).status_code == 204
    order_id = (await portal.admin.put(f"{ADMIN}/order/ORD-2", json=document("order", "ORD-2"))).json()["id"]
    assert (await portal.admin.delete(f"{ADMIN}/order/ORD-2")).status_code == 204
    for url in (
        f"/api/v1/documents/{portal.ids['Q-1']}/pdf",  # another party's quote
        f"/api/v1/documents/{uuid.uuid4()}/pdf",
        f"/api/v1/documents/{order_id}/pdf",  # withdrawn
        "/api/v1/documents/not-a-uuid/pdf",
    ):
        response = await portal.customer.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/problem+json")
    for url in (f"{ADMIN}/invoice/INV-404/pdf", f"{ADMIN}/order/ORD-1/pdf"):
        response = await portal.admin.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await portal.downloads() == []
    assert await portal.stored() == []


async def test_each_route_takes_only_its_own_credentials(portal: Portal) -> None:
    customer_url = f"/api/v1/documents/{portal.ids['INV-10023']}/pdf"
    anonymous = await portal.admin.get(customer_url)  # an API key is not a customer session
    assert anonymous.status_code == 401
    assert (await portal.customer.get(f"{ADMIN}/invoice/INV-10023/pdf")).status_code == 401
    assert await portal.downloads() == []


async def test_cli_errors_are_one_line_and_exit_1(portal: Portal, pg_database: str, tmp_path: Path) -> None:
    missing = portal_cli("documents", "pdf", "invoice", "INV-404", database_url=pg_database, tmp_path=tmp_path)
    assert (missing.returncode, missing.stdout) == (1, b"")
    assert missing.stderr.decode().strip().splitlines()[-1] == "error: no invoice INV-404"
    usage = portal_cli("documents", "pdf", "receipt", "R-1", database_url=pg_database, tmp_path=tmp_path)
    assert usage.returncode == 2
