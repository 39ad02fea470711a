"""Tables of the payments context."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import BigSerial, CodePointText, UtcDateTime

payments = Table(
    "payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("documents.id"), nullable=False),
    Column("invoice_number", CodePointText, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("party", String(64), nullable=False),
    Column("email", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(120)),
    Column("vendor_state", String(32), nullable=False),
    Column("authorized", BigInteger, nullable=False),
    Column("captured", BigInteger, nullable=False),
    Column("refunded", BigInteger, nullable=False),
    Column("psp_reference", String(100)),
    Column("capture_requested", Boolean, nullable=False),
    Column("release_requested", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("lock_version", Integer, nullable=False),
    Index("ix_payments_document_id", "document_id"),
    Index("ix_payments_status", "status"),
)

#: Which invoices a payment pays and each one's share (PRODUCT §13); one row for a one-invoice payment.
payment_allocations = Table(
    "payment_allocations",
    metadata,
    Column("payment_id", Uuid, ForeignKey("payments.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("document_id", Uuid, ForeignKey("documents.id"), nullable=False),
    Column("invoice_number", CodePointText, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("captured", BigInteger, nullable=False),
    Column("refunded", BigInteger, nullable=False),
    Column("settled", BigInteger, nullable=False),
    Column("planned", BigInteger, nullable=False),
    Column("holds", Boolean, nullable=False),
    Index("ix_payment_allocations_document_id", "document_id"),
    # §6.2, §13: at most one unfinished payment per invoice, across tabs, processes and several-invoice payments.
    Index(
        "uq_payment_allocations_one_holding_per_document",
        "document_id",
        unique=True,
        postgresql_where=text("holds"),
        sqlite_where=text("holds"),
    ),
)

payment_vendor_events = Table(
    "payment_vendor_events",
    metadata,
    Column("seq", BigSerial, primary_key=True, autoincrement=True),
    Column("payment_id", Uuid, nullable=False),
    Column("name", String(32), nullable=False),
    Column("psp_reference", String(100), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("success", Boolean, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("source", String(16), nullable=False),
    UniqueConstraint("payment_id", "name", "psp_reference"),
)
