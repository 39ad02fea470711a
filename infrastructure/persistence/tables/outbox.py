"""The transactional outbox, the permanent event log, and the consumers' record of handled messages."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Uuid, text

from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import BigSerial, Json, UtcDateTime

outbox = Table(
    "outbox",
    metadata,
    Column("seq", BigSerial, primary_key=True, autoincrement=True),
    Column("message_id", Uuid, nullable=False, unique=True),
    Column("actor", String(64), nullable=False),
    Column("payload", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("not_before", UtcDateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Index(
        "ix_outbox_unsent",
        "seq",
        postgresql_where=text("sent_at IS NULL"),
        sqlite_where=text("sent_at IS NULL"),
    ),
)

events = Table(
    "events",
    metadata,
    Column("seq", BigSerial, primary_key=True, autoincrement=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("document_id", Uuid, index=True),
    # PostgreSQL: the inserting transaction's id, so the feed never passes an event that commits late (ADR-0017).
    Column("txid", BigInteger),
    Column("envelope", Json, nullable=False),
    Index("ix_events_feed", "txid", "seq"),
)

processed_messages = Table(
    "processed_messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("actor", String(64), nullable=False),
    Column("processed_at", UtcDateTime, nullable=False),
)

# One row per email handed to the mail server, claimed before sending (PRODUCT §10: each email once per cause).
mail_sends = Table(
    "mail_sends",
    metadata,
    Column("message_id", String(255), primary_key=True),
    Column("claimed_at", UtcDateTime, nullable=False, index=True),
)
