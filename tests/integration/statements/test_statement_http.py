"""The statement of account over HTTP and the CLI on PostgreSQL (PRODUCT §13): the customer API and its PDF, the
admin PDF, `portal customers statement`, one `statement.downloaded` event per download, and every refusal."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest
from sqlalchemy import select

from application.commands.identity.create_api_key import CreateApiKey
from domain.shared.clock import business_date
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events
from interfaces.http.app import create_app
from tests.adapters.pdf.pdf_samples import page_texts
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))
MAIL = "mette@example.dk"
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
API = "/api/v1/statements"
ADMIN = "/admin/api/v1/customers"
KEYS = {"customer_no", "name", "currency", "as_of", "items", "ageing", "unapplied_credit", "balance"}
ITEM_KEYS = {"id", "type", "number", "issue_date", "due_date", "total", "outstanding", "days_overdue"}


class Portal:
    def __init__(self, container: Container, customer: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
        self.container = container
        self.customer = customer
        self.admin = admin

    async def downloads(self) -> list[dict[str, Any]]:
        async with self.container.session_factory()() as session:
            query = select(events.c.envelope).where(events.c.type == "statement.downloaded").order_by(events.c.seq)
            return list((await session.execute(query)).scalars().all())


@pytest.fixture
async def portal(pg_container: Container, clock: Any) -> AsyncIterator[Portal]:
    clock.set(NOW)
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, name="Mette Jensen", locale="da"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk", name="Anden Kunde"))
    today = NOW.date()
    records = [
        document("invoice", "INV-10021", issue_date=today - dt.timedelta(days=60)),  # 46 days overdue
        document("invoice", "INV-10022", issue_date=today - dt.timedelta(days=20), lines=[line(unit_price=2_000_00)]),
        document("invoice", "INV-10023", issue_date=today - dt.timedelta(days=3), paid=50_00),
        document("invoice", "INV-PAID", issue_date=today - dt.timedelta(days=3), paid=125_00),
        document("credit_note", "CN-7001", issue_date=today - dt.timedelta(days=2), lines=[line(unit_price=40_00)]),
        document("invoice", "INV-9", customer_no="C-2001"),
    ]
    for record in records:
        await bus.handle(upsert_document(record))
    app = create_app(pg_container)
    async with asgi_client(app) as customer, asgi_client(app) as admin:
        key = await bus.handle(CreateApiKey(name="erp"))
        admin.headers["Authorization"] = f"Bearer {key.key}"
        assert (await customer.post("/api/v1/auth/login", json={"email": MAIL})).status_code == 202
        assert await deliver_login_mail(pg_container) == 1
        code, _ = code_and_token(pg_container, MAIL)
        assert (await customer.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})).status_code == 200
        yield Portal(pg_container, customer, admin)


def portal_cli(*args: str, database_url: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(tmp_path / "var")}
    env.pop("PORTAL_ENV", None)
    return subprocess.run([PORTAL, *args], env=env, capture_output=True, timeout=120, check=False)


async def test_the_statement_api_answers_every_field_and_the_balance_of_me(portal: Portal) -> None:
    answer = await portal.customer.get(f"{API}/C-1001", params={"currency": "DKK"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == KEYS
    assert (body["customer_no"], body["name"], body["currency"], body["as_of"]) == (
        "C-1001",
        "Mette Jensen",
        "DKK",
        "2026-12-04",
    )
    assert all(set(item) == ITEM_KEYS for item in body["items"])
    assert [(i["number"], i["days_overdue"]) for i in body["items"]] == [
        ("INV-10021", 46),
        ("INV-10022", 6),
        ("INV-10023", 0),
        ("CN-7001", None),
    ]
    assert body["ageing"] == {"not_due": 75_00, "d1_30": 2_500_00, "d31_60": 125_00, "d61_90": 0, "d90_plus": 0}
    assert body["unapplied_credit"] == 50_00
    assert body["balance"] == 125_00 + 2_500_00 + 75_00 - 50_00
    me = (await portal.customer.get("/api/v1/me")).json()
    assert body["balance"] == next(c for c in me["customers"] if c["customer_no"] == "C-1001")["balances"][0]["amount"]
    assert (await portal.customer.get(f"{API}/C-1001")).json() == body  # the market's currency by default


async def test_refusals_foreign_unknown_signed_out_and_a_bad_currency(portal: Portal) -> None:
    for path in (f"{API}/C-2001", f"{API}/C-404", f"{API}/C-2001/pdf", f"{API}/C-404/pdf"):
        answer = await portal.customer.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json")
    for path in (f"{API}/C-1001", f"{API}/C-1001/pdf"):
        for currency in ("XYZ", "dkk", "1"):
            answer = await portal.customer.get(path, params={"currency": currency})
            assert answer.status_code == 422, (path, currency)
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["errors"][0]["pointer"] == "/currency"
    async with asgi_client(create_app(portal.container)) as stranger:
        for path in (f"{API}/C-1001", f"{API}/C-1001/pdf"):
            assert (await stranger.get(path)).status_code == 401
        assert (await stranger.get(f"{ADMIN}/C-1001/statement/pdf")).status_code == 401
    assert (await portal.admin.get(f"{API}/C-1001")).status_code == 401  # an API key is not a session
    assert (await portal.customer.get(f"{ADMIN}/C-1001/statement/pdf")).status_code == 401
    assert (await portal.admin.get(f"{ADMIN}/C-404/statement/pdf")).status_code == 404
    assert (await portal.admin.get(f"{ADMIN}/C-1001/statement/pdf", params={"currency": "SEK"})).status_code == 422
    assert await portal.downloads() == []


async def test_the_pdf_shows_every_open_item_and_the_balance_and_is_the_same_twice(portal: Portal) -> None:
    first = await portal.customer.get(f"{API}/C-1001/pdf")
    second = await portal.customer.get(f"{API}/C-1001/pdf", params={"currency": "DKK"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == 'attachment; filename="Statement-C-1001-2026-12-04.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(first.content))
    assert reader.metadata is not None and reader.metadata.producer == "borb"
    text = " ".join(page_texts(first.content))
    for number in ("INV-10021", "INV-10022", "INV-10023", "CN-7001"):
        assert number in text
    assert "INV-PAID" not in text and "INV-9" not in text
    assert "Kontoudtog" in text and "Mette Jensen" in text and "Side 1 af 1" in text
    assert "Saldo pr. 4. dec. 2026 2.650,00 kr." in text
    assert "Ubrugt kredit -50,00 kr." in text
    admin = await portal.admin.get(f"{ADMIN}/C-1001/statement/pdf")
    assert (admin.status_code, admin.content) == (200, first.content)


async def test_each_download_is_one_event_of_the_record(portal: Portal) -> None:
    assert (await portal.customer.get(f"{API}/C-1001")).status_code == 200  # the JSON is no download
    assert (await portal.customer.get(f"{API}/C-1001/pdf")).status_code == 200
    assert (await portal.admin.get(f"{ADMIN}/C-2001/statement/pdf", params={"currency": "EUR"})).status_code == 200
    downloads = await portal.downloads()
    assert [(e["type"], e["party"], e["document"], e["data"]) for e in downloads] == [
        ("statement.downloaded", "C-1001", None, {"currency": "DKK", "as_of": "2026-12-04"}),
        ("statement.downloaded", "C-2001", None, {"currency": "EUR", "as_of": "2026-12-04"}),
    ]
    assert downloads[0]["schema_version"] == 1


async def test_the_cli_writes_the_admin_api_s_bytes_and_refuses_an_unknown_customer_in_one_line(
    portal: Portal, pg_database: str, tmp_path: Path, clock: Any
) -> None:
    clock.set(dt.datetime.now(dt.UTC))  # the CLI's own process reads the real clock: the same day gives the same bytes
    target = tmp_path / "statement.pdf"
    written = portal_cli(
        "customers", "statement", "C-1001", "-o", str(target), database_url=pg_database, tmp_path=tmp_path
    )
    assert (written.returncode, written.stdout) == (0, b""), written.stderr.decode()
    assert b"Statement-C-1001-" in written.stderr
    printed = portal_cli(
        "customers", "statement", "C-1001", "--currency", "dkk", database_url=pg_database, tmp_path=tmp_path
    )
    assert printed.returncode == 0, printed.stderr.decode()
    admin = await portal.admin.get(f"{ADMIN}/C-1001/statement/pdf")
    if business_date(dt.datetime.now(dt.UTC)) == business_date(clock.now()):  # not across midnight in Copenhagen
        assert target.read_bytes() == printed.stdout == admin.content
    assert printed.stdout.startswith(b"%PDF-") and printed.stdout.rstrip().endswith(b"%%EOF")
    assert [e["party"] for e in await portal.downloads()] == ["C-1001", "C-1001", "C-1001"]
    missing = portal_cli("customers", "statement", "C-404", database_url=pg_database, tmp_path=tmp_path)
    assert (missing.returncode, missing.stdout) == (1, b"")
    assert missing.stderr.decode().strip().splitlines() == ["error: no customer C-404"]
    usage = portal_cli(
        "customers", "statement", "C-1001", "--currency", "SEK", database_url=pg_database, tmp_path=tmp_path
    )
    assert usage.returncode == 2
    assert len(await portal.downloads()) == 3
