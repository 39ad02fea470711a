"""Repository ports of the automation context: flows, their runs, the overdue ledger, the daily schedule."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Protocol

import msgspec

from domain.automation.flow import Flow
from domain.automation.run import FlowRun


class FlowRepository(Protocol):
    def add(self, flow: Flow) -> None: ...

    async def all(self) -> list[Flow]:
        """Every stored flow, by name."""
        ...

    async def remove(self, flow: Flow) -> None: ...


class FlowRunRepository(Protocol):
    """- `get` locks the run until the unit of work ends, so two deliveries of one job act one after another."""

    def add(self, run: FlowRun) -> None: ...

    async def get(self, run_id: uuid.UUID) -> FlowRun | None: ...

    async def known(self, run_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these runs exist already."""
        ...


class OverdueInvoice(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    number: str
    customer_no: str
    due_date: dt.date
    outstanding: int
    currency: str


class OverdueLedger(Protocol):
    """Remembers which invoices were reported overdue, so each is reported once."""

    async def unreported(self, today: dt.date, limit: int) -> list[OverdueInvoice]:
        """Invoices not withdrawn, due before `today`, with money outstanding, not reported yet."""
        ...

    async def report(self, document_id: uuid.UUID, now: dt.datetime) -> None: ...


class DailySchedule(Protocol):
    """One row per day of the daily job: scheduled once, run once."""

    async def schedule(self, day: dt.date, at: dt.datetime) -> bool:
        """Record that the job of `day` is scheduled; False when it already was."""
        ...

    async def start(self, day: dt.date, now: dt.datetime) -> bool:
        """Mark the job of `day` as run; False when it had run already."""
        ...
