"""Tables of the documents context."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
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

from domain.documents.content import DocumentContent
from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import CodePointText, Json, StructJson, UtcDateTime

customers = Table(
    "customers",
    metadata,
    Column("customer_no", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("email_normalised", Text, index=True),
    Column("phone", String(32)),
    Column("address", Json, nullable=False),
    Column("locale", String(2), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("lock_version", Integer, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("type", String(16), nullable=False),
    Column("number", CodePointText, nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date),
    Column("currency", String(3), nullable=False),
    Column("customer_no", String(64), ForeignKey("customers.customer_no"), nullable=False),
    Column("bill_to_no", String(64), ForeignKey("customers.customer_no")),
    Column("content", StructJson(DocumentContent), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("version_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime),
    Column("total", BigInteger, nullable=False),
    Column("imported_paid", BigInteger, nullable=False),
    Column("portal_paid", BigInteger, nullable=False),
    Column("credited", BigInteger, nullable=False),
    Column("applied_credit", BigInteger, nullable=False),
    Column("outstanding", BigInteger, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("credit_for", CodePointText),
    Column("lock_version", Integer, nullable=False),
    UniqueConstraint("type", "number"),
    # §4: the list is a keyset scan per party, newest first; withdrawn documents are not in these indexes.
    Index(
        "ix_documents_customer_keyset",
        "customer_no",
        text("issue_date DESC"),
        text("number DESC"),
        text("id DESC"),
        postgresql_where=text("withdrawn_at IS NULL"),
        sqlite_where=text("withdrawn_at IS NULL"),
    ),
    Index(
        "ix_documents_bill_to_keyset",
        "bill_to_no",
        text("issue_date DESC"),
        text("number DESC"),
        text("id DESC"),
        postgresql_where=text("withdrawn_at IS NULL AND bill_to_no IS NOT NULL"),
        sqlite_where=text("withdrawn_at IS NULL AND bill_to_no IS NOT NULL"),
    ),
    Index("ix_documents_credit_for", "credit_for", postgresql_where=text("credit_for IS NOT NULL")),
)
