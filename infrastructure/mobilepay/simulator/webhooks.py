"""Webhook registrations and their delivery: signed as the vendor signs, in a background task, with switches.

Delivery follows the vendor's description: at least once, retried with backoff on any non-2xx or timeout, in
order per payment and registration (a failing event holds back the later events of that payment). The switches
add duplicates, lateness and reordering on purpose.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
import msgspec

from infrastructure.mobilepay.simulator.faults import WebhookSwitches
from infrastructure.mobilepay.simulator.payments import iso
from infrastructure.mobilepay.simulator.signing import signed_headers

__all__ = ["Registration", "WebhookDispatcher"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Registration:
    id: str
    url: str
    events: tuple[str, ...]
    secret: str
    msn: str | None


@dataclass(slots=True, kw_only=True, eq=False)  # deliveries are compared by identity: duplicates are equal
class _Delivery:
    registration: Registration
    reference: str
    name: str
    body: bytes
    ready_at: float
    held_until: float | None = None  # set while a reorder holds it back
    attempts: int = 0

    def due(self) -> float:
        return self.held_until if self.held_until is not None else self.ready_at


class WebhookDispatcher:
    """Queues deliveries and sends them from one background task on the running event loop.

    - The task, its wake-up event and its `httpx.AsyncClient` are created on first use in the running loop
      (a mounted app gets no lifespan events of its own); `aclose()` stops them.
    - `transport` replaces the network in tests.
    - `retry_delays` are the seconds between attempts (the vendor waits minutes to days); after `max_attempts`
      a delivery is dropped, as the vendor drops it after 7 days.
    """

    def __init__(
        self,
        *,
        wall_clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
        retry_delays: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 8.0),
        max_attempts: int = 8,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.registrations: dict[str, Registration] = {}
        self.switches = WebhookSwitches()
        self.log: deque[dict[str, object]] = deque(maxlen=200)
        self._wall_clock = wall_clock
        self._monotonic = monotonic
        self._retry_delays = tuple(retry_delays) or (1.0,)
        self._max_attempts = max_attempts
        self._timeout = httpx.Timeout(timeout)
        self._transport = transport
        self._queue: list[_Delivery] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    def register(self, *, url: str, events: Sequence[str], secret: str, msn: str | None) -> Registration:
        registration = Registration(id=str(uuid.uuid4()), url=url, events=tuple(events), secret=secret, msn=msn)
        self.registrations[registration.id] = registration
        return registration

    def unregister(self, registration_id: str) -> bool:
        """Forget a registration and drop what was still queued for it."""
        if self.registrations.pop(registration_id, None) is None:
            return False
        self._queue = [d for d in self._queue if d.registration.id != registration_id]
        return True

    def publish(self, *, msn: str, reference: str, name: str, body: dict[str, object]) -> None:
        """Queue one event for every registration of this merchant that subscribed to it."""
        event_type = f"epayments.payment.{name.lower()}.v1"
        encoded = msgspec.json.encode(body)
        now = self._monotonic()
        for registration in self.registrations.values():
            if event_type in registration.events and registration.msn in {None, msn}:
                copies = 2 if self.switches.duplicate else 1
                for _ in range(copies):
                    self._enqueue(
                        _Delivery(
                            registration=registration,
                            reference=reference,
                            name=name,
                            body=encoded,
                            ready_at=now + self.switches.late_seconds,
                        ),
                        now,
                    )
        self._kick()

    def flush(self) -> None:
        """Release every held or late delivery now."""
        now = self._monotonic()
        for delivery in self._queue:
            delivery.held_until = None
            delivery.ready_at = min(delivery.ready_at, now)
        self._kick()

    def pending(self) -> list[dict[str, object]]:
        return [
            {
                "webhook": d.registration.id,
                "reference": d.reference,
                "name": d.name,
                "attempts": d.attempts,
                "held": d.held_until is not None,
            }
            for d in self._queue
        ]

    async def aclose(self) -> None:
        worker, client = self._worker, self._client
        self._worker = self._client = self._wake = self._loop = None
        if worker is not None and not worker.done():
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await worker
        if client is not None:
            with contextlib.suppress(RuntimeError):
                await client.aclose()

    def _enqueue(self, delivery: _Delivery, now: float) -> None:
        if not self.switches.reorder:
            self._queue.append(delivery)
            return
        for index, held in enumerate(self._queue):
            same = held.registration.id == delivery.registration.id and held.reference == delivery.reference
            if same and held.held_until is not None:
                held.held_until = None
                self._queue.insert(index, delivery)  # the newer event overtakes the held one
                return
        delivery.held_until = now + self.switches.reorder_hold_seconds
        self._queue.append(delivery)

    def _kick(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a synchronous caller): the next call from the loop starts the worker
        if self._loop is not loop or self._worker is None or self._worker.done():
            self._loop = loop
            self._wake = asyncio.Event()
            self._client = httpx.AsyncClient(follow_redirects=False, transport=self._transport)
            self._worker = loop.create_task(self._run())
        assert self._wake is not None  # noqa: S101 - set just above
        self._wake.set()

    def _next(self) -> tuple[_Delivery | None, float | None]:
        now = self._monotonic()
        seen: set[tuple[str, str]] = set()
        earliest: float | None = None
        for delivery in self._queue:
            key = (delivery.registration.id, delivery.reference)
            if key in seen:
                continue  # an earlier event of this payment goes first
            seen.add(key)
            if delivery.due() <= now:
                return delivery, None
            earliest = delivery.due() if earliest is None else min(earliest, delivery.due())
        return None, (None if earliest is None else max(earliest - now, 0.0))

    async def _run(self) -> None:
        wake, client = self._wake, self._client
        assert wake is not None  # noqa: S101
        assert client is not None  # noqa: S101
        while True:
            delivery, wait = self._next()
            if delivery is None:
                wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout=wait)
                continue
            await self._deliver(client, delivery)

    async def _deliver(self, client: httpx.AsyncClient, delivery: _Delivery) -> None:
        registration = delivery.registration
        delivery.attempts += 1
        entry: dict[str, object] = {
            "webhook": registration.id,
            "reference": delivery.reference,
            "name": delivery.name,
            "attempt": delivery.attempts,
            "at": iso(self._wall_clock()),
            "status": None,
            "error": None,
        }
        headers = signed_headers(
            url=registration.url, body=delivery.body, secret=registration.secret, at=self._wall_clock()
        )
        try:
            response = await client.post(
                registration.url, content=delivery.body, headers=headers, timeout=self._timeout
            )
        except httpx.HTTPError as exc:
            entry["error"] = type(exc).__name__
            ok = False
        else:
            entry["status"] = response.status_code
            ok = response.is_success
        self.log.append(entry)
        if ok or delivery.attempts >= self._max_attempts or registration.id not in self.registrations:
            with contextlib.suppress(ValueError):
                self._queue.remove(delivery)
            return
        delay = self._retry_delays[min(delivery.attempts - 1, len(self._retry_delays) - 1)]
        delivery.ready_at = self._monotonic() + delay
