"""Direct links on PostgreSQL: where an opening lands, and that a link never grants access by itself (PRODUCT §7)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import httpx
import msgspec
import pytest
from sqlalchemy import func, select

from application.commands.documents.withdraw_document import WithdrawDocument
from application.commands.identity.create_api_key import CreateApiKey
from application.commands.links.open_link import OpenLink
from application.commands.links.revoke_link import RevokeLink
from application.commands.links.send_login_link import SendLoginLink
from application.commands.links.share_document_link import ShareDocumentLink
from domain.shared.errors import NotFound
from infrastructure.container import Container
from infrastructure.persistence.tables.identity import login_challenges
from infrastructure.persistence.tables.outbox import events
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, upsert_customer, upsert_document
from tests.fakes import FakeClock

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))


@pytest.fixture
async def seeded(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1", email="mette@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-2", email="firma@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-3", email="other@example.dk"))
    await bus.handle(upsert_document(document("invoice", "INV-1", customer_no="C-1", bill_to_no="C-2")))
    return pg_container


def _token(url: str) -> str:
    return url.rsplit("/l/", 1)[1]


async def test_landing_for_signed_in_signed_out_other_party_expired_revoked_and_tampered(
    seeded: Container, clock: FakeClock
) -> None:
    bus = seeded.bus()
    shared = await bus.handle(ShareDocumentLink(type="invoice", number="INV-1", party="bill_to"))
    token = _token(shared.url)
    assert shared.url.startswith(seeded.settings().base_url + "/l/")
    assert (await bus.handle(OpenLink(token=token, email="firma@example.dk"))).outcome == "document"
    assert (await bus.handle(OpenLink(token=token, email="Mette@example.dk"))).outcome == "document"  # customer too
    assert (await bus.handle(OpenLink(token=token, email="other@example.dk"))).outcome == "not_found"
    signed_out = await bus.handle(OpenLink(token=token))
    assert (signed_out.outcome, signed_out.masked_email) == ("sign_in", "f•••@example.dk")
    assert (await bus.handle(OpenLink(token=token[:-2] + "xx"))).outcome == "not_found"
    clock.advance(days=31)
    assert (await bus.handle(OpenLink(token=token))).outcome == "expired"
    clock.advance(days=-31)
    await bus.handle(RevokeLink(id=shared.id))
    assert (await bus.handle(OpenLink(token=token))).outcome == "expired"
    async with seeded.session_factory()() as session:
        opened = await session.scalar(select(func.count()).select_from(events).where(events.c.type == "link.opened"))
        shared_events = await session.scalar(
            select(func.count()).select_from(events).where(events.c.type == "link.shared")
        )
    assert (opened, shared_events) == (6, 1), "every opening of a genuine link is logged; tampered ones cannot be"


async def test_a_withdrawn_document_makes_its_links_not_found(seeded: Container) -> None:
    bus = seeded.bus()
    shared = await bus.handle(ShareDocumentLink(type="invoice", number="INV-1"))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    assert (await bus.handle(OpenLink(token=_token(shared.url)))).outcome == "not_found"
    with pytest.raises(NotFound):
        await bus.handle(ShareDocumentLink(type="invoice", number="INV-1"))


async def test_login_link_sends_the_sign_in_email_and_records_the_event(seeded: Container) -> None:
    await seeded.bus().handle(SendLoginLink(customer_no="C-1"))
    async with seeded.session_factory()() as session:
        challenges = await session.scalar(select(func.count()).select_from(login_challenges))
        sent = await session.scalar(select(func.count()).select_from(events).where(events.c.type == "login_link.sent"))
    assert (challenges, sent) == (1, 1)
    with pytest.raises(NotFound):
        await seeded.bus().handle(SendLoginLink(customer_no="C-404"))


async def test_admin_link_routes(seeded: Container) -> None:
    key = (await seeded.bus().handle(CreateApiKey(name="erp"))).key
    async with asgi_client(create_app(seeded)) as api:
        api.headers["Authorization"] = f"Bearer {key}"
        created = await api.post("/admin/api/v1/documents/invoice/INV-1/links", json={"party": "bill_to"})
        assert created.status_code == 201
        body = created.json()
        assert set(body) == {"id", "url", "expires_at"}
        assert dt.datetime.fromisoformat(body["expires_at"]) > dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        assert (await api.delete(f"/admin/api/v1/links/{body['id']}")).status_code == 204
        assert (await api.delete(f"/admin/api/v1/links/{body['id']}x")).status_code == 404
        bad = await api.post("/admin/api/v1/documents/invoice/INV-1/links", json={"party": "someone"})
        assert bad.status_code == 422
        assert (await api.post("/admin/api/v1/customers/C-1/login-links")).status_code == 202
        assert (await api.post("/admin/api/v1/customers/C-404/login-links")).status_code == 404
        unauthorised = await httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(seeded)), base_url="http://t"
        ).post("/admin/api/v1/customers/C-1/login-links")
        assert unauthorised.status_code == 401


def test_cli_links_share_prints_only_the_url_and_json_on_request(
    seeded: Container, pg_database: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PORTAL_DATABASE_URL": pg_database, "PORTAL_VAR_DIR": str(tmp_path / "var")}
    plain = subprocess.run(
        [PORTAL, "links", "share", "invoice", "INV-1"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.count("\n") == 1
    assert "/l/" in plain.stdout
    as_json = subprocess.run(
        [PORTAL, "links", "share", "invoice", "INV-1", "--party", "bill_to", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert set(msgspec.json.decode(as_json.stdout)) == {"id", "url", "expires_at"}
    listed = subprocess.run(
        [PORTAL, "links", "list", "--json"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert len(msgspec.json.decode(listed.stdout)) == 2
    missing = subprocess.run(
        [PORTAL, "links", "share", "invoice", "NOPE"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1
    usage = subprocess.run(
        [PORTAL, "links", "share", "receipt", "X"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert usage.returncode == 2
    login = subprocess.run(
        [PORTAL, "links", "login", "C-1"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert login.returncode == 0
    assert login.stdout == ""
