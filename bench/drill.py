"""Fault drill: customers sign in and pay while a worker and a web process are killed and the database is cut.

An operator runs it by hand; it sets everything up on 127.0.0.1 and takes it all down again (also on Ctrl-C):

- a fresh PostgreSQL database (`portal_drill_…`, migrated with `portal db upgrade`, dropped at the end), Redis
  database 12 (flushed), the MobilePay simulator as its own process, an SMTP server of its own that keeps every
  message's Message-ID, recipient and sign-in code, and a TCP proxy in front of PostgreSQL;
- 2 × `portal serve` and 2 × `portal worker` in production mode, all reaching the database through the proxy;
- N customers (email, Danish mobile number), one open DKK invoice each, imported with `portal import`.

Load: N concurrent customers (starts spread over the first 75 % of the run, the last ones after the cut), each
alternating between the two servers like a load balancer (a connection error is counted and the request goes to the
other server; a 503 or 429 is retried after its Retry-After): sign in with the emailed code, list documents, open
the invoice, pay it (the simulator's test route approves), poll until final, then browse until the end. Faults: at
1/4 of the run one worker and one web process (the webhook's target) are SIGKILLed and restarted 3 s later by the
drill's supervisor (which restarts any process that ends); at 1/2 the database is cut for --cut-seconds.

The portal's base URL is `https://portal.drill.invalid` (production requires https) while the drill talks plain
HTTP to the servers' ports, as a TLS-terminating load balancer would; the webhook is registered directly at the
simulator with a server's http URL.

Prints figures, never pass/fail on a time. Exits 1 only if the audit finds money lost or doubled, an email sent
twice, or a 5xx other than 503. Stops by itself: every loop and wait is bounded.

    .venv/bin/python bench/drill.py [--customers 20] [--duration 120] [--cut-seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import secrets
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import redis
from _drill_support import (
    LOOPBACK,
    MailBox,
    Service,
    back_events,
    free_port,
    is_state_change,
    log_size,
    read_span,
    run_cli,
    wait_http,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[1]

PORTAL = str(Path(sys.executable).with_name("portal"))
BASE_URL = "https://portal.drill.invalid"
MSN = "123456"
VENDOR = {"client_id": "drill-client", "client_secret": "drill-secret", "subscription_key": "drill-subscription"}
WEBHOOK_EVENTS = [
    f"epayments.payment.{name}.v1"
    for name in ("created", "authorized", "aborted", "expired", "terminated", "captured", "cancelled", "refunded")
]
FINAL = {"complete", "failed", "refunded"}
GENEROUS = "100000/10m"
REQUEST_TIMEOUT = 15.0  # one HTTP attempt
REQUEST_BUDGET = 90.0  # one logical request, retries included
MAIL_WAIT = 45.0
POLL_BUDGET = 120.0
RESTART_AFTER = 3.0
MAX_STARTS = 10  # per process, restarts included
GRACE = 150.0  # after the run, for customers still paying
DRAIN_WAIT = 90.0
NEWLINE = b"\n"


# --- records ------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Stats:
    t0: float = 0.0
    results: list[tuple[float, str, int, int | str]] = field(default_factory=list)  # (t, label, port, status|error)
    server_errors: list[str] = field(default_factory=list)
    started: dict[str, float] = field(default_factory=dict)  # payment id → t of the 201 (or of the 409 naming it)
    started_201: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    finals: dict[str, str] = field(default_factory=dict)
    approvals: Counter[str] = field(default_factory=Counter)
    signin_failures: int = 0
    unfinished_customers: int = 0
    drill_errors: list[str] = field(default_factory=list)  # a customer or the fault schedule that crashed
    load_start: str = ""
    marks: dict[str, float] = field(default_factory=dict)
    ready_down: dict[int, float] = field(default_factory=dict)
    ready_back: dict[int, float | None] = field(default_factory=dict)
    ready_at_cut: dict[int, bool] = field(default_factory=dict)
    webhooks: Counter[str] = field(default_factory=Counter)  # the simulator's last deliveries, by outcome
    restore_wall: float | None = None  # Unix time of the restore, to compare with the processes' log lines

    def now(self) -> float:
        return time.monotonic() - self.t0

    def record(self, label: str, port: int, outcome: int | str) -> None:
        self.results.append((self.now(), label, port, outcome))


@dataclass(slots=True)
class Customer:
    index: int
    customer_no: str
    email: str
    phone: str
    invoice: str
    total: int


# --- the customers' HTTP --------------------------------------------------------------------------------------------


class Browser:
    """One customer's HTTP client: round-robin over the servers, another server on a connection error.

    The session cookie is sent by hand: the portal marks it Secure (its base URL is https) and the drill talks
    plain HTTP to the servers' ports, as a TLS-terminating load balancer would.
    """

    def __init__(self, ports: list[int], stats: Stats, offset: int) -> None:
        self._ports = ports
        self._stats = stats
        self._turn = offset
        self._client = httpx.AsyncClient(timeout=REQUEST_TIMEOUT)
        self.session: str | None = None

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(
        self, label: str, method: str, path: str, body: dict[str, Any] | None = None
    ) -> httpx.Response | None:
        """The answer that is neither 503 nor 429 nor a connection error, or None when the budget ran out."""
        deadline = time.monotonic() + REQUEST_BUDGET
        while time.monotonic() < deadline:
            port = self._ports[self._turn % len(self._ports)]
            self._turn += 1
            headers = {"Cookie": f"portal_session={self.session}"} if self.session else {}
            try:
                answer = await self._client.request(
                    method, f"http://{LOOPBACK}:{port}{path}", json=body, headers=headers
                )
            except httpx.TimeoutException:
                self._stats.record(label, port, "timeout")
                continue
            except httpx.TransportError:
                self._stats.record(label, port, "connection error")
                await asyncio.sleep(0.1)
                continue  # the next turn is the other server
            finally:
                self._client.cookies.clear()
            self._stats.record(label, port, answer.status_code)
            if answer.status_code >= 500 and answer.status_code != 503:
                self._stats.server_errors.append(
                    f"{method} {path} on :{port} -> {answer.status_code} at t={self._stats.now():.1f}s: "
                    f"{answer.text[:300]!r}"
                )
            if answer.status_code in (429, 503):
                await asyncio.sleep(_retry_after(answer))
                continue
            return answer
        return None


def _retry_after(answer: httpx.Response) -> float:
    try:
        return min(max(float(answer.headers.get("Retry-After", "1")), 0.2), 5.0)
    except ValueError:
        return 1.0


class Vendor:
    """The drill's own calls to the simulator: a token, the webhook registration, the test force-approve route."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._client = httpx.AsyncClient(base_url=base, timeout=10.0)
        self._token: str | None = None

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _headers(self) -> dict[str, str]:
        if self._token is None:
            answer = await self._client.post(
                "/accesstoken/get",
                headers={
                    "client_id": VENDOR["client_id"],
                    "client_secret": VENDOR["client_secret"],
                    "Ocp-Apim-Subscription-Key": VENDOR["subscription_key"],
                    "Merchant-Serial-Number": MSN,
                },
            )
            answer.raise_for_status()
            self._token = str(answer.json()["access_token"])
        return {
            "Authorization": f"Bearer {self._token}",
            "Ocp-Apim-Subscription-Key": VENDOR["subscription_key"],
            "Merchant-Serial-Number": MSN,
        }

    async def register_webhook(self, url: str) -> str:
        answer = await self._client.post(
            "/webhooks/v1/webhooks", json={"url": url, "events": WEBHOOK_EVENTS}, headers=await self._headers()
        )
        answer.raise_for_status()
        return str(answer.json()["id"])

    async def approve(self, reference: str, *, budget: float = 60.0) -> str:
        """Approve on the "phone"; waits (bounded) while the portal has not yet created the payment at the vendor."""
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            try:
                answer = await self._client.post(
                    f"/epayment/v1/test/payments/{reference}/approve", headers=await self._headers()
                )
            except httpx.HTTPError:
                await asyncio.sleep(0.5)
                continue
            if answer.status_code == 200:
                return "approved"
            if answer.status_code != 404:
                return f"refused {answer.status_code}"
            await asyncio.sleep(0.5)
        return "not created at the vendor in time"

    async def state(self) -> dict[str, Any]:
        answer = await self._client.get("/control/api/state")
        answer.raise_for_status()
        state: dict[str, Any] = answer.json()
        return state


# --- the customer's journey -----------------------------------------------------------------------------------------


async def customer_journey(
    customer: Customer, ports: list[int], stats: Stats, mail: MailBox, vendor: Vendor, start_at: float, end_at: float
) -> None:
    await asyncio.sleep(max(0.0, start_at - stats.now()))
    browser = Browser(ports, stats, customer.index)
    try:
        if not await sign_in(browser, customer, mail):
            stats.signin_failures += 1
            return
        for _attempt in range(3):
            outcome = await pay_once(browser, customer, stats, vendor)
            stats.outcomes[outcome] += 1
            if outcome in {"complete", "nothing to pay", "gave up"}:
                break
        while stats.now() < end_at:
            await browse(browser)
            await asyncio.sleep(random.uniform(0.5, 1.5))
    finally:
        await browser.aclose()


async def sign_in(browser: Browser, customer: Customer, mail: MailBox) -> bool:
    for _attempt in range(3):
        seen = mail.count_to(customer.email)
        answer = await browser.call("login", "POST", "/api/v1/auth/login", {"email": customer.email})
        if answer is None or answer.status_code != 202:
            continue
        code = await mail.code_for(customer.email, seen=seen, timeout=MAIL_WAIT)
        if code is None:
            continue
        answer = await browser.call("verify", "POST", "/api/v1/auth/verify", {"email": customer.email, "code": code})
        if answer is not None and answer.status_code == 200:
            session = answer.cookies.get("portal_session")
            if session:
                browser.session = session
                return True
    return False


async def open_invoice(browser: Browser) -> dict[str, Any] | None:
    listing = await browser.call("list", "GET", "/api/v1/documents?type=invoice")
    if listing is None or listing.status_code != 200:
        return None
    items = [i for i in listing.json()["items"] if i["type"] == "invoice"]
    if not items:
        return None
    detail = await browser.call("detail", "GET", f"/api/v1/documents/{items[0]['id']}")
    if detail is None or detail.status_code != 200:
        return None
    found: dict[str, Any] = detail.json()
    return found


async def pay_once(browser: Browser, customer: Customer, stats: Stats, vendor: Vendor) -> str:
    invoice = await open_invoice(browser)
    if invoice is None:
        return "gave up"
    if not invoice.get("outstanding"):
        return "nothing to pay"
    body = {"amount": invoice["outstanding"], "phone": customer.phone}
    answer = await browser.call("start payment", "POST", f"/api/v1/documents/{invoice['id']}/payments", body)
    if answer is None:
        return "gave up"
    if answer.status_code == 201:
        payment_id = str(answer.json()["id"])
        stats.started_201.append(stats.now())
    elif answer.status_code == 409 and "payment_id" in answer.text:
        payment_id = str(answer.json()["payment_id"])  # ours, from an attempt whose answer never arrived
    else:
        return f"start answered {answer.status_code}"
    stats.started.setdefault(payment_id, stats.now())
    stats.approvals[await vendor.approve(payment_id)] += 1
    deadline = time.monotonic() + POLL_BUDGET
    while time.monotonic() < deadline:
        answer = await browser.call("poll payment", "GET", f"/api/v1/payments/{payment_id}")
        if answer is not None and answer.status_code == 200 and answer.json()["status"] in FINAL:
            status = str(answer.json()["status"])
            stats.finals[payment_id] = status
            return status if status != "failed" else f"failed ({answer.json().get('reason')})"
        await asyncio.sleep(0.5)
    return "still pending at the client"


async def browse(browser: Browser) -> None:
    await browser.call("me", "GET", "/api/v1/me")
    await open_invoice(browser)


# --- faults -------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Rig:
    serves: list[Service]
    workers: list[Service]
    proxy: TcpProxy
    cut_seconds: float
    log_marks: dict[str, dict[str, tuple[Path, int]]] = field(default_factory=dict)
    exits: list[str] = field(default_factory=list)  # ends the drill did not cause
    restarts: list[str] = field(default_factory=list)

    def services(self) -> list[Service]:
        return [*self.serves, *self.workers]

    def mark_logs(self, name: str) -> None:
        self.log_marks[name] = {s.name: (s.log, log_size(s.log)) for s in self.services()}


async def supervise(rig: Rig, stats: Stats) -> None:
    """Restart any serve or worker process that has ended, RESTART_AFTER seconds later, as a supervisor would."""
    dead_since: dict[str, float] = {}
    while True:
        for service in rig.services():
            if service.alive():
                continue
            if service.name not in dead_since:
                dead_since[service.name] = time.monotonic()
                code = service.process.returncode if service.process is not None else None
                if code != -signal.SIGKILL:
                    last = read_span(service.log, max(0, log_size(service.log) - 400)).decode(errors="replace")
                    tail = last.strip().splitlines()[-1:] or [""]
                    rig.exits.append(f"{service.name} ended with {code} at t={stats.now():.1f} s: {tail[0][:200]}")
            elif time.monotonic() - dead_since[service.name] >= RESTART_AFTER and service.incarnation < MAX_STARTS:
                del dead_since[service.name]
                service.start()
                rig.restarts.append(f"{service.name} at t={stats.now():.1f} s")
        await asyncio.sleep(0.25)


async def faults(rig: Rig, stats: Stats, duration: float) -> None:
    await asyncio.sleep(max(0.0, duration / 4 - stats.now()))
    web = rig.serves[0]
    first = web.incarnation
    stats.marks["kill"] = stats.now()
    for service in (rig.workers[0], web):
        service.kill()
    restarted = asyncio.create_task(measure_restart(web, first, stats))
    await asyncio.sleep(max(0.0, duration / 2 - stats.now()))
    probes = await asyncio.gather(*(probe_ready(s.port or 0) for s in rig.serves))
    stats.ready_at_cut = {s.port or 0: ready for s, ready in zip(rig.serves, probes, strict=True)}
    rig.mark_logs("cut")
    await asyncio.to_thread(rig.proxy.cut)
    stats.marks["cut"] = stats.now()
    watchers = [asyncio.create_task(watch_unready(s.port or 0, stats)) for s in rig.serves]
    await asyncio.sleep(rig.cut_seconds)
    rig.proxy.restore()
    stats.marks["restore"] = stats.now()
    stats.restore_wall = time.time()
    rig.mark_logs("restore")
    for watcher in watchers:
        watcher.cancel()
    backs = await asyncio.gather(*(wait_ready(s, 60) for s in rig.serves))
    for service, seconds in zip(rig.serves, backs, strict=True):
        stats.ready_back[service.port or 0] = seconds
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(restarted, timeout=60)


async def wait_ready(service: Service, timeout: float) -> float | None:
    """Seconds until the server answers its readiness probe with 200 (across a restart), None after `timeout`."""
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() - started < timeout:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://{LOOPBACK}:{service.port}/health/ready")).status_code == 200:
                    return time.monotonic() - started
            await asyncio.sleep(0.1)
    return None


async def probe_ready(port: int) -> bool:
    async with httpx.AsyncClient(timeout=1.0) as client:
        try:
            return (await client.get(f"http://{LOOPBACK}:{port}/health/ready")).status_code == 200
        except httpx.HTTPError:
            return False


async def measure_restart(web: Service, first: int, stats: Stats) -> None:
    """When the supervisor restarted the killed web process, and when it answered ready again."""
    deadline = time.monotonic() + 60
    while web.incarnation == first and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    if web.incarnation == first:
        return
    stats.marks["restart"] = stats.now()
    if await wait_ready(web, 120) is not None:
        stats.marks["restart ready"] = stats.now()


async def watch_unready(port: int, stats: Stats) -> None:
    """Seconds from the cut until this server's readiness probe says 503."""
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=5.0) as client:
        while time.monotonic() - started < 60:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://{LOOPBACK}:{port}/health/ready")).status_code == 503:
                    stats.ready_down[port] = time.monotonic() - started
                    return
            await asyncio.sleep(0.1)


# --- set-up -------------------------------------------------------------------------------------------------------


def make_dataset(count: int, tmp: Path) -> tuple[list[Customer], Path, Path]:
    today = dt.datetime.now(dt.UTC).date()
    customers: list[Customer] = []
    customer_lines: list[str] = []
    document_lines: list[str] = []
    for i in range(count):
        price = 1_000_00 + i * 100
        vat = price // 4
        customer = Customer(
            index=i,
            customer_no=f"D-{i:05d}",
            email=f"drill-{i:05d}@example.dk",
            phone=f"+4520{100_000 + i:06d}",
            invoice=f"DRILL-{i:05d}",
            total=price + vat,
        )
        customers.append(customer)
        customer_lines.append(
            json.dumps(
                {
                    "customer_no": customer.customer_no,
                    "name": f"Kunde {i}",
                    "email": customer.email,
                    "phone": customer.phone,
                    "address": ["Nørregade 4", "8000 Aarhus C"],
                    "locale": "da",
                }
            )
        )
        document_lines.append(
            json.dumps(
                {
                    "type": "invoice",
                    "number": customer.invoice,
                    "issue_date": (today - dt.timedelta(days=5)).isoformat(),
                    "due_date": (today + dt.timedelta(days=9)).isoformat(),
                    "currency": "DKK",
                    "locale": "da",
                    "customer_no": customer.customer_no,
                    "seller": {"name": "Nordvej Biler ApS", "address": ["Nordvej 1", "8200 Aarhus N"]},
                    "lines": [{"description": "Service", "quantity": "1", "unit_price": price, "vat_rate": "25"}],
                    "totals": {"gross": price, "discount": 0, "net": price, "vat": vat, "total": price + vat},
                }
            )
        )
    customers_file, documents_file = tmp / "customers.ndjson", tmp / "documents.ndjson"
    customers_file.write_text("\n".join(customer_lines) + "\n")
    documents_file.write_text("\n".join(document_lines) + "\n")
    return customers, customers_file, documents_file


def portal_env(
    *, database_url: str, redis_url: str, smtp_port: int, simulator_url: str, secret: str, tmp: Path
) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return {
        **keep,
        "PORTAL_ENV": "production",
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BROKER_URL": redis_url,
        "PORTAL_BASE_URL": BASE_URL,
        "PORTAL_BRAND_NAME": "Drill",
        "PORTAL_SECRET_KEYS": f"drill:{secrets.token_urlsafe(48)}",
        "PORTAL_SMTP_HOST": LOOPBACK,
        "PORTAL_SMTP_PORT": str(smtp_port),
        "PORTAL_MAIL_FROM": "portal@drill.invalid",
        "PORTAL_SOURCE_URL": f"{BASE_URL}/source",
        "PORTAL_MOBILEPAY_BASE_URL": simulator_url,
        "PORTAL_MOBILEPAY_CLIENT_ID": VENDOR["client_id"],
        "PORTAL_MOBILEPAY_CLIENT_SECRET": VENDOR["client_secret"],
        "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY": VENDOR["subscription_key"],
        "PORTAL_MOBILEPAY_MSN": MSN,
        "PORTAL_MOBILEPAY_MARKET": "DK",
        "PORTAL_MOBILEPAY_WEBHOOK_SECRET": secret,
        "PORTAL_LIMIT_LOGIN_EMAIL": GENEROUS,
        "PORTAL_LIMIT_LOGIN_IP": GENEROUS,
        "PORTAL_LIMIT_VERIFY_IP": GENEROUS,
        "PORTAL_VAR_DIR": str(tmp / "var"),
    }


def cli(argv: list[str], env: dict[str, str], timeout: float = 180.0) -> str:
    done = run_cli([PORTAL, *argv], env=env, cwd=ROOT, timeout=timeout)
    if done.returncode < 0:
        raise SystemExit(f"portal {' '.join(argv)} was ended by signal {-done.returncode}")
    if done.returncode != 0:
        raise SystemExit(f"portal {' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


# --- audit --------------------------------------------------------------------------------------------------------


async def db_counts(db: asyncpg.Connection) -> tuple[int, int]:
    due = await db.fetchval(
        "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND (not_before IS NULL OR not_before <= now())"
    )
    pending = await db.fetchval("SELECT count(*) FROM payments WHERE status = 'pending'")
    return int(due), int(pending)


async def settle(db: asyncpg.Connection, budget: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < budget:
        due, pending = await db_counts(db)
        if due == 0 and pending == 0:
            break
        await asyncio.sleep(1.0)
    return time.monotonic() - started


@dataclass(slots=True)
class Audit:
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


async def audit(db: asyncpg.Connection, stats: Stats, mail: MailBox, vendor_state: dict[str, Any]) -> Audit:
    found = Audit()
    rows = await db.fetch(
        """
        SELECT p.id::text AS id, p.status, p.reason, p.captured, p.document_id,
               (SELECT count(*) FROM events e
                 WHERE e.type = 'payment.completed' AND e.envelope->'data'->>'payment_id' = p.id::text) AS completed
          FROM payments p
        """
    )
    by_status = Counter(str(r["status"]) for r in rows)
    reasons = Counter(str(r["reason"]) for r in rows if r["status"] == "failed")
    in_db = {str(r["id"]) for r in rows}
    lost_ids = sorted(set(stats.started) - in_db)
    stuck = [str(r["id"]) for r in rows if r["status"] == "pending"]
    bad_events = [f"{r['id']} has {r['completed']}" for r in rows if r["status"] == "complete" and r["completed"] != 1]
    extra_events = [
        f"{r['id']} ({r['status']}) has {r['completed']}" for r in rows if r["status"] != "complete" and r["completed"]
    ]
    invoices = await db.fetch(
        """
        SELECT d.number, d.total, d.imported_paid, d.portal_paid, d.outstanding,
               COALESCE(sum(p.captured) FILTER (WHERE p.status = 'complete'), 0) AS captured,
               count(p.id) FILTER (WHERE p.status = 'complete') AS completes
          FROM documents d LEFT JOIN payments p ON p.document_id = d.id
         WHERE d.type = 'invoice'
         GROUP BY d.id
        """
    )
    mismatched = [
        f"{r['number']}: portal_paid {r['portal_paid']} != captured {r['captured']}"
        for r in invoices
        if r["portal_paid"] != r["captured"]
    ]
    overpaid = [
        f"{r['number']}: paid {r['imported_paid'] + r['captured']} > total {r['total']}"
        for r in invoices
        if r["imported_paid"] + r["captured"] > r["total"]
    ]
    doubled = [f"{r['number']}: {r['completes']} complete payments" for r in invoices if r["completes"] > 1]
    # The vendor's side: money it captured that the portal does not count is lost; a second capture, doubled.
    db_captured = {str(r["id"]): (str(r["status"]), int(r["captured"])) for r in rows}
    vendor_lost = []
    for payment in vendor_state.get("payments", []):
        reference, captured = str(payment["reference"]), int(payment.get("captured") or 0)
        status, counted = db_captured.get(reference, ("absent", 0))
        if captured and (status != "complete" or counted != captured):
            vendor_lost.append(f"{reference}: vendor captured {captured}, portal {status} {counted}")
    unsent = await db.fetch(
        "SELECT actor, count(*) AS n, count(*) FILTER (WHERE not_before > now()) AS deferred "
        "FROM outbox WHERE sent_at IS NULL GROUP BY actor ORDER BY actor"
    )
    due_unsent = sum(int(r["n"]) - int(r["deferred"]) for r in unsent)
    deferred = ", ".join(f"{r['actor']} {r['deferred']}" for r in unsent if r["deferred"]) or "none"

    messages = mail.all()
    duplicates = mail.duplicates()
    kinds = Counter(m.message_id.split(".", 1)[0] for m in messages)
    receipts = kinds.get("receipt", 0)

    lost_total = len(lost_ids) + len(stuck)
    doubled_total = len(doubled) + len(overpaid) + sum(1 for r in rows if r["completed"] > 1)
    complete = by_status.get("complete", 0)
    found.lines += [
        (
            f"payments in the database: {len(rows)}; "
            + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
            + (f"; failed reasons: {dict(reasons)}" if reasons else "")
        ),
        (
            f"payments started by clients (201, or 409 naming theirs): {len(stats.started)}; "
            f"lost (not in the database) {len(lost_ids)}; stuck pending {len(stuck)}; doubled {doubled_total}"
        ),
        f"complete payments with exactly one payment.completed event: {complete - len(bad_events)}/{complete}",
        (
            f"invoices: {len(invoices)}; portal_paid = sum of complete captures on "
            f"{len(invoices) - len(mismatched)}; overpaid {len(overpaid)}; paid twice {len(doubled)}"
        ),
        f"vendor captures not counted by the portal: {len(vendor_lost)}",
        f"outbox: {due_unsent} unsent and due; deferred by design: {deferred}",
        (
            f"emails: {len(messages)} delivered ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
            f"duplicated Message-IDs {len(duplicates)}; receipts {receipts} for {complete} complete payments"
        ),
    ]
    checks = [
        (f"money lost: payments answered 201 but absent: {lost_ids[:5]}", bool(lost_ids)),
        (f"money lost: payments stuck pending after reconcile: {stuck[:5]}", bool(stuck)),
        (f"money lost: {vendor_lost[:5]}", bool(vendor_lost)),
        (f"money miscounted: {mismatched[:5]}", bool(mismatched)),
        (f"money doubled: {(doubled + overpaid)[:5]}", bool(doubled or overpaid)),
        (f"settlement recorded twice: {extra_events[:5]}", any(r["completed"] > 1 for r in rows) or bool(extra_events)),
        (f"email sent twice: {list(duplicates.items())[:5]}", bool(duplicates)),
        (f"{len(stats.server_errors)} server errors (5xx other than 503)", bool(stats.server_errors)),
    ]
    found.failures += [text for text, failed in checks if failed]
    notes = [
        (f"complete payments without exactly one payment.completed event: {bad_events[:5]}", bool(bad_events)),
        (f"{due_unsent} outbox rows due but unsent at the end", bool(due_unsent)),
        (f"{receipts} receipts for {complete} complete payments", receipts != complete),
    ]
    found.notes += [text for text, noted in notes if noted]
    found.lines.insert(0, f"money lost {lost_total + len(vendor_lost)}, doubled {doubled_total}")
    return found


# --- report -------------------------------------------------------------------------------------------------------


def window(stats: Stats, start: float, end: float, kind: str) -> int:
    return sum(1 for t, _label, _port, outcome in stats.results if start <= t <= end and outcome == kind)


def seconds(value: float | None) -> str:
    return "n/a" if value is None or value != value else f"{value:.1f} s"  # noqa: PLR0124 - NaN check


def log_volume(rig: Rig) -> list[str]:
    lines = []
    start, end = rig.log_marks.get("cut", {}), rig.log_marks.get("restore", {})
    for name, (path, offset) in start.items():
        _end_path, end_offset = end.get(name, (path, log_size(path)))
        span = read_span(path, offset, end_offset)
        lines.append(f"  {name}: {span.count(NEWLINE)} lines, {len(span)} bytes")
    return lines


def worker_lines(rig: Rig, worker: Service) -> list[str]:
    """The outage lines (down, retrying, back) a worker logged from the cut to now, else its last lines."""
    path, offset = rig.log_marks.get("cut", {}).get(worker.name, (worker.log, 0))
    text = read_span(path, offset).decode("utf-8", errors="replace").splitlines()
    changes = [line for line in text if is_state_change(line)]
    shown = changes[:20] if changes else text[-8:]
    return [f"  {line[:220]}" for line in shown]


def resumed(rig: Rig, stats: Stats) -> str:
    """Per process, how long after the restore each loop logged `….back` (its first attempt that succeeded)."""
    if stats.restore_wall is None:
        return "n/a"
    parts = []
    for service in rig.services():
        path, offset = rig.log_marks.get("cut", {}).get(service.name, (service.log, 0))
        text = read_span(path, offset).decode("utf-8", errors="replace")
        for name, at in back_events(text):
            loop = name.removesuffix(".back").removeprefix("job.")
            parts.append(f"{service.name} {loop} {at - stats.restore_wall:+.1f} s")
    return ", ".join(parts) or "no process logged a .back line"


def report(
    args: argparse.Namespace, stats: Stats, rig: Rig, found: Audit, rss: dict[str, int | None], drained: float
) -> None:
    statuses = Counter(outcome for _t, _label, _port, outcome in stats.results)
    by_label: dict[str, Counter[int | str]] = {}
    for _t, label, _port, outcome in stats.results:
        by_label.setdefault(label, Counter())[outcome] += 1
    marks = stats.marks
    kill, cut, restore = marks.get("kill", 0.0), marks.get("cut", 0.0), marks.get("restore", 0.0)
    kill_end = marks.get("restart ready", marks.get("restart", kill))
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}; load average {stats.load_start} at the start, {load_average()} at the end"
    )
    print(
        f"dataset: {args.customers} customers, one open DKK invoice each; PostgreSQL (through a TCP proxy), "
        "Redis, the simulator, 2 x portal serve, 2 x portal worker"
    )
    print(
        f"timeline: load {args.duration:.0f} s; SIGKILL of {rig.workers[0].name} and {rig.serves[0].name} at "
        f"{kill:.1f} s (web restarted at {marks.get('restart', float('nan')):.1f} s, ready at "
        f"{marks.get('restart ready', float('nan')):.1f} s); database cut {cut:.1f}-{restore:.1f} s"
    )
    print(f"requests: {len(stats.results)}; by status: {counts_text(statuses)}")
    for label, counts in by_label.items():
        print(f"  {label}: {counts_text(counts)}")
    print(f"500 (and any 5xx but 503): {len(stats.server_errors)}")
    for line in stats.server_errors[:10]:
        print(f"  {line}")
    print(
        f"connection errors: {statuses.get('connection error', 0)} in all; "
        f"{window(stats, kill, kill_end, 'connection error')} from the kill until the web process was ready again "
        f"({seconds(kill_end - kill)}); {window(stats, cut, restore, 'connection error')} during the cut; "
        f"timeouts {statuses.get('timeout', 0)}"
    )
    print(
        f"customers: sign-in failed {stats.signin_failures}; still busy after the grace period "
        f"{stats.unfinished_customers}; payment outcomes {dict(stats.outcomes)}; approvals {dict(stats.approvals)}"
    )
    for line in found.lines:
        print(line)
    print(f"settling after the load (outbox drained, no payment pending): {seconds(drained)}")
    backs = [b for b in stats.ready_back.values() if b is not None]
    both = max(backs) if backs and len(backs) == len(stats.ready_back) else None
    first_start = next((t - restore for t in sorted(stats.started_201) if t >= restore), None) if cut else None
    first_ok = next(
        (t - restore for t, _l, _p, o in stats.results if t >= restore and isinstance(o, int) and 200 <= o < 300),
        None,
    )
    print(
        "recovery after the cut: /health/ready 200 again after "
        + ", ".join(
            f"{port_name(rig, port)} {seconds(value)}"
            + ("" if stats.ready_at_cut.get(port, True) else " (it was still starting when the cut began)")
            for port, value in stats.ready_back.items()
        )
        + f" (both: {seconds(both)}); first customer 2xx after {seconds(first_ok)}; first payment started after "
        + (seconds(first_start) if first_start is not None else "n/a (none started after the cut)")
        + "; readiness said 503 after the cut began: "
        + ", ".join(f"{port_name(rig, port)} {seconds(value)}" for port, value in stats.ready_down.items())
    )
    print(f"loops back after the restore (their ….back lines): {resumed(rig, stats)}")
    print(
        f"webhooks: registered to {rig.serves[0].name}; the simulator's last deliveries by outcome: "
        f"{counts_text(stats.webhooks) or 'none'}"
    )
    print(f"supervisor restarts: {'; '.join(rig.restarts) or 'none'}")
    print(f"exits the drill did not cause: {len(rig.exits)}")
    for line in rig.exits:
        print(f"  {line}")
    print(
        "RSS at the end: "
        + ", ".join(f"{name} {value / 2**20:.0f} MB" if value else f"{name} n/a" for name, value in rss.items())
    )
    print(f"log volume during the {args.cut_seconds:g} s cut (stderr of each process):")
    for line in log_volume(rig):
        print(line)
    print(f"{rig.workers[1].name}'s outage lines from the cut on:")
    for line in worker_lines(rig, rig.workers[1]):
        print(line)
    for note in [*found.notes, *stats.drill_errors]:
        print(f"note: {note}")
    if found.failures:
        print("AUDIT FAILED:")
        for failure in found.failures:
            print(f"  {failure}")
    else:
        print("audit: no money lost or doubled, no email sent twice, no 500")


def counts_text(counts: Counter[Any]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in sorted(counts.items(), key=lambda item: str(item[0])))


def port_name(rig: Rig, port: int) -> str:
    return next((s.name for s in rig.serves if s.port == port), f":{port}")


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


# --- main ---------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Resources:
    """What the drill starts, so that `cleanup()` can stop it all, also after Ctrl-C ended the event loop."""

    admin_url: str
    redis_url: str
    keep_logs: bool
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portal-drill-")))
    database: str = field(default_factory=lambda: f"portal_drill_{uuid.uuid4().hex[:8]}")
    created: bool = False
    services: list[Service] = field(default_factory=list)
    mail: MailBox = field(default_factory=MailBox)
    mail_started: bool = False
    proxy: TcpProxy = field(default_factory=lambda: TcpProxy(LOOPBACK, 5432))
    proxy_started: bool = False

    @property
    def database_url(self) -> str:
        return self.admin_url.rsplit("/", 1)[0] + f"/{self.database}"

    def cleanup(self) -> None:
        """Synchronous, every step on its own (one failure skips nothing), Ctrl-C ignored meanwhile; bounded."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop_all(self.services)
            if self.proxy_started:
                with contextlib.suppress(Exception):
                    self.proxy.stop()
            if self.mail_started:
                with contextlib.suppress(Exception):
                    self.mail.stop()
            if self.created:
                with contextlib.suppress(Exception):
                    asyncio.run(drop_database(self.admin_url, self.database))
            with contextlib.suppress(Exception):
                redis.Redis.from_url(self.redis_url, socket_timeout=5).flushdb()
            if self.keep_logs:
                print(f"logs kept in {self.tmp}")
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)
        finally:
            signal.signal(signal.SIGINT, previous)


def stop_all(services: list[Service], timeout: float = 15.0) -> None:
    """SIGTERM to every process at once, then SIGKILL to any still running after `timeout` seconds."""
    for service in services:
        if service.alive() and service.process is not None:
            with contextlib.suppress(ProcessLookupError):
                service.process.terminate()
    deadline = time.monotonic() + timeout
    for service in services:
        while service.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(Exception):
            service.stop(timeout=1)


async def connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url.replace("postgresql://", "postgres://", 1), timeout=10)


async def drop_database(admin_url: str, database: str) -> None:
    admin = await connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await admin.close()


async def drill(args: argparse.Namespace, res: Resources) -> int:
    tmp, database_url, redis_url = res.tmp, res.database_url, res.redis_url
    admin = await connect(res.admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{res.database}"')
        res.created = True
    finally:
        await admin.close()
    redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()
    res.mail.start()
    res.mail_started = True
    res.proxy.start()
    res.proxy_started = True
    mail, proxy = res.mail, res.proxy
    secret = secrets.token_urlsafe(40)
    sim_port = free_port()
    simulator = Service(
        "simulator",
        [PORTAL, "simulator", "--port", str(sim_port), "--webhook-secret", secret],
        dict(os.environ),
        ROOT,
        tmp,
        port=sim_port,
    )
    res.services.append(simulator)
    simulator.start()
    sim_url = f"http://{LOOPBACK}:{sim_port}"
    if await wait_http(f"{sim_url}/control/api/state", timeout=180, service=simulator) is None:
        raise SystemExit("the simulator did not start")
    direct = portal_env(
        database_url=database_url,
        redis_url=redis_url,
        smtp_port=mail.port,
        simulator_url=sim_url,
        secret=secret,
        tmp=tmp,
    )
    proxied = {**direct, "PORTAL_DATABASE_URL": proxy.url_for(database_url)}
    cli(["db", "upgrade"], direct)
    customers, customers_file, documents_file = make_dataset(args.customers, tmp)
    cli(["import", "customers", str(customers_file)], direct)
    cli(["import", "documents", str(documents_file)], direct)

    serves = []
    for i in range(2):
        port = free_port()
        serves.append(Service(f"serve-{i + 1}", [PORTAL, "serve", "--port", str(port)], proxied, ROOT, tmp, port=port))
    workers = [Service(f"worker-{i + 1}", [PORTAL, "worker"], proxied, ROOT, tmp) for i in range(2)]
    res.services += [*serves, *workers]
    for service in [*serves, *workers]:
        service.start()
    for service in serves:
        if await wait_http(f"http://{LOOPBACK}:{service.port}/health/ready", timeout=180, service=service) is None:
            raise SystemExit(f"{service.name} did not become ready: {read_span(service.log, 0)[-800:]!r}")
    rig = Rig(serves=serves, workers=workers, proxy=proxy, cut_seconds=args.cut_seconds)
    vendor = Vendor(sim_url)
    stats = Stats(load_start=load_average())
    supervisor = asyncio.create_task(supervise(rig, stats))
    try:
        await vendor.register_webhook(f"http://{LOOPBACK}:{serves[0].port}/webhooks/mobilepay")
        await load(args, customers, rig, stats, mail, vendor)
        db = await connect(database_url)
        try:
            drained = await settle(db, DRAIN_WAIT)
            _due, pending = await db_counts(db)
            if pending:
                print(f"reconciling {pending} pending payments: {cli(['payments', 'reconcile'], direct).strip()}")
                drained += await settle(db, 30)
            await asyncio.sleep(2)  # the last receipts leave the workers' SMTP clients
            vendor_state = await vendor.state()
            stats.webhooks.update(str(d.get("status") or d.get("error")) for d in vendor_state.get("deliveries", []))
            found = await audit(db, stats, mail, vendor_state)
        finally:
            await db.close()
        rss = {s.name: s.rss() for s in [*serves, *workers]}
    finally:
        supervisor.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await supervisor
        await vendor.aclose()
    report(args, stats, rig, found, rss, drained)
    return 1 if found.failures else 0


async def load(
    args: argparse.Namespace, customers: list[Customer], rig: Rig, stats: Stats, mail: MailBox, vendor: Vendor
) -> None:
    """The customers and the fault schedule, until the run is over and the last payments are final (bounded)."""
    stats.t0 = time.monotonic()
    ports = [s.port or 0 for s in rig.serves]
    # Starts spread so that some customers sign in and pay during each fault, and at least one after the cut.
    spread = max(args.duration * 0.75, args.duration / 2 + args.cut_seconds + 2)
    journeys = [
        asyncio.create_task(
            customer_journey(c, ports, stats, mail, vendor, c.index * spread / len(customers), args.duration)
        )
        for c in customers
    ]
    fault_task = asyncio.create_task(faults(rig, stats, args.duration))
    try:
        await asyncio.sleep(args.duration)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(fault_task), timeout=90)
        _done, busy = await asyncio.wait(journeys, timeout=GRACE)
        stats.unfinished_customers = len(busy)
    finally:
        for task in [*journeys, fault_task]:
            task.cancel()
        outcomes = await asyncio.gather(*journeys, fault_task, return_exceptions=True)
    stats.drill_errors += [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, Exception)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument("--cut-seconds", type=float, default=10.0, help="how long the database is cut")
    parser.add_argument("--postgres", default=f"postgresql://postgres@{LOOPBACK}:5432/postgres")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs (a temporary directory)")
    args = parser.parse_args()
    if args.customers < 1 or args.duration < 20 or args.cut_seconds <= 0:
        parser.error("--customers >= 1, --duration >= 20 and --cut-seconds > 0")
    res = Resources(
        admin_url=args.postgres, redis_url=f"redis://{LOOPBACK}:6379/{args.redis_db}", keep_logs=args.keep_logs
    )
    code = 130
    try:
        code = asyncio.run(drill(args, res))
    except KeyboardInterrupt:
        print("interrupted; stopping everything the drill started", file=sys.stderr)
    finally:
        res.cleanup()
    sys.exit(code)


if __name__ == "__main__":
    main()
