"""Tables of the links context."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Uuid

from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import CodePointText, UtcDateTime

document_links = Table(
    "document_links",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("documents.id"), nullable=False, index=True),
    Column("document_type", String(16), nullable=False),
    Column("document_number", CodePointText, nullable=False),
    Column("role", String(16), nullable=False),
    Column("party_no", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("openings", Integer, nullable=False),
    Column("lock_version", Integer, nullable=False),
    Index("ix_document_links_created_at", "created_at"),
)
