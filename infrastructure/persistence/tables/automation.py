"""Tables of the automation context: flows, their runs, the embedded SMS outbox, the daily job's ledgers."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, Uuid

from domain.automation.flow import FlowAction
from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import Json, StructJson, UtcDateTime

flows = Table(
    "flows",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("on_type", String(64), nullable=False),
    Column("conditions", Json, nullable=False),
    Column("wait_seconds", Integer),
    Column("unless", String(64)),
    Column("actions", StructJson(tuple[FlowAction, ...]), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("lock_version", Integer, nullable=False),
)

flow_runs = Table(
    "flow_runs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("flow_name", String(64), nullable=False),
    Column("action_index", Integer, nullable=False),
    Column("action", StructJson(FlowAction), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("party", String(64)),
    Column("document_id", Uuid),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("unless", String(64)),
    Column("status", String(16), nullable=False),
    Column("payload", Json),
    Column("detail", Text),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("lock_version", Integer, nullable=False),
    # The idempotency key: one run per flow × event × action (PRODUCT §8).
    UniqueConstraint("flow_name", "event_id", "action_index"),
    Index("ix_flow_runs_created_at", "created_at"),
    Index("ix_flow_runs_status", "status", "due_at"),
)

sms_outbox = Table(
    "sms_outbox",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("recipient", String(32), nullable=False),
    Column("sender", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("sent_at", UtcDateTime, nullable=False, index=True),
)

overdue_invoices = Table(
    "overdue_invoices",
    metadata,
    Column("document_id", Uuid, ForeignKey("documents.id"), primary_key=True),
    Column("reported_at", UtcDateTime, nullable=False),
)

daily_jobs = Table(
    "daily_jobs",
    metadata,
    Column("day", Date, primary_key=True),
    Column("run_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime),
)
