"""Stored PDF renderings: one per document version (PRODUCT §5)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, Uuid

from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import UtcDateTime

document_pdfs = Table(
    "document_pdfs",
    metadata,
    Column("document_id", Uuid, ForeignKey("documents.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("etag", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("rendered_at", UtcDateTime, nullable=False),
)
