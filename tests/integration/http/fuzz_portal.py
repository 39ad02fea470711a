"""A real `portal serve` on PostgreSQL for the API fuzzer: seeded through the bus, signed in over HTTP.

Seeded: a customer with open invoices and a quote, another customer's invoice (foreign to the session), an admin API
key. The session comes from the sign-in API itself (the code read back from the embedded `/dev/mail.json`); then a
payment, a shared link and the cursors of both feeds are made over HTTP, so the fuzzer can reach existing resources.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import msgspec
import pytest

from application.commands.identity.create_api_key import CreateApiKey, CreatedApiKey
from infrastructure.container import build_container, close_container
from infrastructure.settings import load_settings
from tests.builders import document, line, upsert_customer, upsert_document
from tests.conftest import run_coroutine, truncate_all
from tests.portal_process import PORTAL, ROOT, free_port, stop, wait_until_live

MAIL = "mette@example.dk"
_CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
_WAIT_SECONDS = 30


class FuzzPortal(msgspec.Struct, frozen=True, kw_only=True):
    base_url: str
    session: str
    api_key: str
    log: Path
    #: Values of existing resources, by parameter name: ids, numbers, cursors.
    known: dict[str, list[str]]


def _environment(tmp: Path, port: int, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return env | {
        "PORTAL_ENV": "embedded",
        "PORTAL_VAR_DIR": str(tmp / "var"),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_LIMIT_LOGIN_EMAIL": "50/10m",
        "PORTAL_LIMIT_LOGIN_IP": "1000/10m",
        "PORTAL_LIMIT_VERIFY_IP": "1000/10m",
    }


async def _seed(env: dict[str, str]) -> str:
    """The customers, documents and admin API key; returns the key."""
    container = build_container(load_settings({k: v for k, v in env.items() if k.startswith("PORTAL_")}))
    bus = container.bus()
    try:
        await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone="+4520123456"))
        await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk"))
        issued = dt.date(2026, 11, 2)
        for number in ("INV-1", "INV-2"):
            await bus.handle(upsert_document(document("invoice", number, issue_date=issued)))
        await bus.handle(upsert_document(document("quote", "Q-1", lines=[line(unit_price=5_000)])))
        await bus.handle(upsert_document(document("invoice", "INV-9", customer_no="C-2001")))
        created: CreatedApiKey = await bus.handle(CreateApiKey(name="fuzzer"))
        return created.key
    finally:
        await close_container(container)


def _sign_in(base_url: str) -> str:
    """The session cookie of MAIL, signed in with the code of the sign-in mail."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.post("/api/v1/auth/login", json={"email": MAIL}).status_code == 202
        deadline = time.monotonic() + _WAIT_SECONDS
        while time.monotonic() < deadline:
            mails = [m for m in client.get("/dev/mail.json").json() if MAIL in m["to"]]
            if mails and (found := _CODE.search(mails[0]["text"])):
                verified = client.post("/api/v1/auth/verify", json={"email": MAIL, "code": found.group(1)})
                assert verified.status_code == 200, verified.text
                return str(verified.cookies["portal_session"])
            time.sleep(0.2)
    pytest.fail(f"no sign-in mail within {_WAIT_SECONDS} s")


def _existing(base_url: str, session: str, key: str) -> dict[str, list[str]]:
    """A payment on INV-2, a link to INV-1, and what the fuzzer may use to reach them and the seeded records."""
    customer = httpx.Client(base_url=f"{base_url}/api/v1", cookies={"portal_session": session}, timeout=10)
    staff = httpx.Client(base_url=f"{base_url}/admin/api/v1", headers={"Authorization": f"Bearer {key}"}, timeout=10)
    with customer, staff:
        documents = {item["number"]: item for item in customer.get("/documents").json()["items"]}
        invoice = documents["INV-2"]
        paid = customer.post(
            f"/documents/{invoice['id']}/payments", json={"amount": invoice["outstanding"], "phone": "+4520123456"}
        )
        assert paid.status_code == 201, paid.text
        link = staff.post("/documents/invoice/INV-1/links", json={"party": "customer"})
        assert link.status_code == 201, link.text
        cursor = customer.get("/documents", params={"limit": 1}).json()["next_cursor"]
        after = staff.get("/events", params={"limit": 1}).json()["next_after"]
    return {
        "document_id": [item["id"] for item in documents.values()],
        "payment_id": [paid.json()["id"]],
        "link_id": [link.json()["id"]],
        "cursor": [cursor],
        "after": [after],
        "number": ["INV-1", "INV-2", "INV-9", "Q-1"],
        "customer_no": ["C-1001", "C-2001"],
    }


@contextmanager
def fuzz_portal(tmp: Path, database_url: str) -> Iterator[FuzzPortal]:
    """Empty and seed `database_url`, serve it on a free port, sign in; stop the server afterwards."""
    run_coroutine(truncate_all(database_url))
    port = free_port()
    env = _environment(tmp, port, database_url)
    key = run_coroutine(_seed(env))
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*PORTAL, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_live(base_url, process, log_path)
            session = _sign_in(base_url)
            known = _existing(base_url, session, key)
            yield FuzzPortal(base_url=base_url, session=session, api_key=key, log=log_path, known=known)
        finally:
            stop(process)
