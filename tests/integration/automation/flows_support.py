"""Helpers for the flow tests: seed a customer and an invoice, run the outbox in-process, and local HTTP receivers."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import or_, select, update

from application import jobs
from application.commands.automation.apply_flows import ApplyFlows
from application.commands.automation.handle_portal_event import HandlePortalEvent
from application.commands.automation.run_flow_action import RunFlowAction
from infrastructure.container import Container
from infrastructure.persistence.tables.automation import flow_runs
from infrastructure.persistence.tables.outbox import outbox
from tests.builders import document, upsert_customer, upsert_document

PHONE = "+4520123456"


async def seed_invoice(container: Container, number: str = "INV-1", customer_no: str = "C-1001") -> uuid.UUID:
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no=customer_no, phone=PHONE))
    result = await bus.handle(upsert_document(document("invoice", number, customer_no=customer_no)))
    return result.id  # type: ignore[no-any-return]


async def apply(container: Container, source: str) -> None:
    await container.bus().handle(ApplyFlows(source=source))


async def pump(container: Container, *, final: bool = False, only: tuple[str, ...] = ()) -> int:
    """Take every due outbox row in order and handle it in-process, as the worker would; returns how many.

    With `only`, rows of other actors are left unsent.
    """
    bus = container.bus()
    now = container.clock().now()
    done = 0
    while True:
        async with container.session_factory()() as session:
            query = (
                select(outbox.c.seq, outbox.c.actor, outbox.c.payload)
                .where(outbox.c.sent_at.is_(None), or_(outbox.c.not_before.is_(None), outbox.c.not_before <= now))
                .order_by(outbox.c.seq)
            )
            if only:
                query = query.where(outbox.c.actor.in_(only))
            rows = (await session.execute(query)).all()
        if not rows:
            return done
        for row in rows:
            if row.actor == jobs.PORTAL_EVENT:
                await bus.handle(HandlePortalEvent(event_id=uuid.UUID(row.payload["event_id"])))
            elif row.actor == jobs.RUN_FLOW_ACTION:
                await bus.handle(RunFlowAction(run_id=uuid.UUID(row.payload["run_id"]), final=final))
            async with container.session_factory()() as session, session.begin():
                await session.execute(update(outbox).where(outbox.c.seq == row.seq).values(sent_at=now))
            done += 1


async def runs(container: Container) -> list[dict[str, Any]]:
    async with container.session_factory()() as session:
        rows = (await session.execute(select(flow_runs).order_by(flow_runs.c.created_at, flow_runs.c.id))).all()
    return [row._asdict() for row in rows]


@dataclass
class Receiver:
    """What a local HTTP server received; `statuses` are answered in turn (then 200)."""

    statuses: list[int] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def keys(self) -> list[str]:
        with self.lock:
            return [r["headers"].get("idempotency-key", "") for r in self.requests]


@contextmanager
def receiver(*, gatewayapi: bool = False, statuses: list[int] | None = None) -> Iterator[Receiver]:
    """A threaded HTTP server on 127.0.0.1 recording every POST; as GatewayAPI it answers `{"ids": [n]}`."""
    state = Receiver(statuses=list(statuses or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            if len(body) < length:
                return  # the sender died mid-request: like any server, nothing was received
            with state.lock:
                state.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                number = len(state.requests)
                status = state.statuses.pop(0) if state.statuses else 200
            answer = json.dumps({"ids": [number]} if gatewayapi else {"ok": True}).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
