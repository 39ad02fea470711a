"""Tables of the identity context."""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table, Text, Uuid

from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import UtcDateTime

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("key_hash", LargeBinary(32), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("lock_version", Integer, nullable=False),
)
