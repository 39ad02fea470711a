"""A real `portal serve` for the browser tests: embedded settings in a temp dir, seeded through the bus, on a free
port of 127.0.0.1, with the mail it sends read back from `/dev/mail.json`."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from domain.shared.clock import business_date
from infrastructure.container import build_container, close_container, migrate_database
from infrastructure.settings import Settings, load_settings
from interfaces.cli.demo_data import CUSTOMERS, DEMO_BRAND, DEMO_EMAIL, documents
from tests.builders import document, line
from tests.portal_process import PORTAL, ROOT, WAIT_SECONDS, free_port, stop, wait_until_live

FILLER = 22  # with the demo's documents, more than one page of 25 for the demo address
PAYER = {"customer_no": "C-1900", "name": "Anne Holm", "email": "anne@example.dk", "phone": "+4529876543"}
PAYER_INVOICES = ("INV-8001", "INV-8002", "INV-8003", "INV-8004")  # open invoices of their own for the payment tests
#: someone with a short list of their own (an overdue invoice among them) for the phone-width list test: each
#: address may ask for 5 sign-in mails in 10 minutes, and the demo address's are taken by the other browser tests
PHONE_USER = {"customer_no": "C-1950", "name": "Lars Vang", "email": "lars@example.dk", "phone": "+4521234567"}
#: someone with three open invoices of their own, paid in one approval by the several-invoices test (PRODUCT §13)
SEVERAL_PAYER = {"customer_no": "C-1980", "name": "Sofie Holm", "email": "sofie@example.dk", "phone": "+4522445566"}
SEVERAL_INVOICES = ("INV-1980", "INV-1981", "INV-1982")
#: someone whose invoice has every kind of money on it (paid outside the portal, a credit note applied, and later a
#: MobilePay payment) and an open invoice to start and cancel a payment on (issue 19's browser tests)
MONEY_USER = {"customer_no": "C-1970", "name": "Karin Dahl", "email": "karin@example.dk", "phone": "+4522334455"}
MONEY_INVOICE = "INV-1971"  # 2.500,00 kr.: 500,00 paid outside, CN-1971's 250,00 applied → 1.750,00 to pay
MONEY_CREDIT_NOTE = "CN-1971"
MONEY_OPEN_INVOICE = "INV-1972"  # 500,00 kr., not yet due
_LINK = re.compile(r"https?://\S+/login/link/[A-Za-z0-9_\-]+")
_CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


class PortalServer:
    def __init__(self, base_url: str, env: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self._env = env or {}

    def cli(self, *args: str) -> str:
        """Run `portal ARGS` as staff would, against this server's database and keys; returns its stdout."""
        done = subprocess.run(
            [*PORTAL, *args], cwd=ROOT, env=self._env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, f"portal {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}"
        return done.stdout

    def mails_to(self, address: str) -> list[dict[str, Any]]:
        mails: list[dict[str, Any]] = httpx.get(f"{self.base_url}/dev/mail.json", timeout=10).json()
        return [m for m in mails if address in m["to"]]

    def next_mail_to(self, address: str, seen: int) -> dict[str, Any]:
        """The newest mail to `address` once more than `seen` have arrived (the worker sends asynchronously)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            mails = self.mails_to(address)
            if len(mails) > seen:
                return mails[0]
            time.sleep(0.2)
        pytest.fail(f"no new mail to {address} within {WAIT_SECONDS} s")

    @staticmethod
    def link_in(mail: dict[str, Any]) -> str:
        found = _LINK.search(mail["text"])
        assert found is not None, "the sign-in mail has no link"
        return found.group(0)

    @staticmethod
    def code_in(mail: dict[str, Any]) -> str:
        found = _CODE.search(mail["text"])
        assert found is not None, "the sign-in mail has no code"
        return found.group(1)


def _environment(tmp: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env |= {
        "PORTAL_ENV": "embedded",
        "PORTAL_VAR_DIR": str(tmp / "var"),
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp / 'portal.db'}",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_SOURCE_URL": "https://example.org/customer-portal/source",
        "PORTAL_BRAND_NAME": "Nordvej Biler",
        "PORTAL_BRAND_LOGO": DEMO_BRAND["brand_logo"],
        "PORTAL_BRAND_COLOUR": DEMO_BRAND["brand_colour"],
        "PORTAL_SUPPORT_EMAIL": DEMO_BRAND["support_email"],
        "PORTAL_SUPPORT_PHONE": DEMO_BRAND["support_phone"],
        "PORTAL_LIMIT_LOGIN_EMAIL": "5/10m,50/24h",
        "PORTAL_LIMIT_LOGIN_IP": "500/10m",
        "PORTAL_LIMIT_VERIFY_IP": "500/10m",
    }
    return env


def _seed(settings: Settings) -> None:
    migrate_database(settings)

    async def seed() -> None:
        container = build_container(settings)
        bus = container.bus()
        try:
            for record in [*CUSTOMERS, PAYER, PHONE_USER, MONEY_USER, SEVERAL_PAYER]:
                await bus.handle(msgspec.convert(record, UpsertCustomer))
            today = business_date(container.clock().now())
            filler = [
                document(
                    "invoice",
                    f"INV-9{n:03d}",
                    issue_date=today - dt.timedelta(days=60 + 3 * n),
                    lines=[line(unit_price=49_500 + 2_500 * n, description="Service og eftersyn", unit="stk")],
                    **({"paid": (49_500 + 2_500 * n) * 125 // 100} if n % 2 else {}),
                )
                for n in range(FILLER)
            ]
            payable = [
                document(
                    "invoice",
                    number,
                    customer_no=PAYER["customer_no"],
                    issue_date=today - dt.timedelta(days=5),
                    lines=[line(unit_price=59_500, description="Dækskifte og opbevaring", unit="stk")],
                )
                for number in PAYER_INVOICES
            ]
            phone_user = [
                document(
                    "invoice",
                    f"INV-195{n}",
                    customer_no=PHONE_USER["customer_no"],
                    issue_date=today - dt.timedelta(days=10 + 20 * n),
                    lines=[line(unit_price=39_500, description="Service", unit="stk")],
                )
                for n in range(3)
            ]
            several = [
                document(
                    "invoice",
                    number,
                    customer_no=SEVERAL_PAYER["customer_no"],
                    issue_date=today - dt.timedelta(days=20 - 5 * n),
                    lines=[line(unit_price=20_000 * (n + 1), description="Værkstedsarbejde", unit="stk")],
                )
                for n, number in enumerate(SEVERAL_INVOICES)
            ]
            for record in [*documents(today), *filler, *payable, *phone_user, *_money_documents(today), *several]:
                body = msgspec.convert(record, DocumentBody)
                await bus.handle(UpsertDocument(type=record["type"], number=record["number"], body=body))
        finally:
            await close_container(container)

    asyncio.run(seed())


def _money_documents(today: dt.date) -> list[dict[str, Any]]:
    owner = MONEY_USER["customer_no"]
    return [
        document(
            "invoice",
            MONEY_INVOICE,
            customer_no=owner,
            issue_date=today - dt.timedelta(days=40),
            lines=[line(unit_price=200_000, description="Koblingssæt, skiftet", unit="stk")],
            paid=50_000,
        ),
        document(
            "credit_note",
            MONEY_CREDIT_NOTE,
            customer_no=owner,
            issue_date=today - dt.timedelta(days=10),
            lines=[line(unit_price=20_000, description="Rabat på arbejdsløn", unit="stk")],
            related=[{"type": "invoice", "number": MONEY_INVOICE}],
        ),
        document(
            "invoice",
            MONEY_OPEN_INVOICE,
            customer_no=owner,
            issue_date=today - dt.timedelta(days=3),
            lines=[line(unit_price=40_000, description="Hjulskift", unit="stk")],
        ),
    ]


@contextmanager
def running_portal(tmp: Path) -> Iterator[PortalServer]:
    """Seed, start `portal serve`, wait until it answers; stop it afterwards (only the process started here)."""
    port = free_port()
    env = _environment(tmp, port)
    settings = load_settings({k: v for k, v in env.items() if k.startswith("PORTAL_")})
    with ThreadPoolExecutor(max_workers=1) as seeder:  # its own thread: the browser's driver may own this one's loop
        seeder.submit(_seed, settings).result()
    log = (tmp / "server.log").open("wb")
    command = [*PORTAL, "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = PortalServer(f"http://127.0.0.1:{port}", env)
    try:
        wait_until_live(server.base_url, process, tmp / "server.log")
        yield server
    finally:
        stop(process)
        log.close()


__all__ = [
    "DEMO_EMAIL",
    "MONEY_CREDIT_NOTE",
    "MONEY_INVOICE",
    "MONEY_OPEN_INVOICE",
    "MONEY_USER",
    "PAYER",
    "PAYER_INVOICES",
    "PHONE_USER",
    "SEVERAL_INVOICES",
    "SEVERAL_PAYER",
    "PortalServer",
    "running_portal",
]
