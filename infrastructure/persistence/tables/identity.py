"""Tables of the identity context."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table, Text, Uuid

from domain.identity.landing import MAX_LANDING
from infrastructure.persistence.tables.metadata import metadata
from infrastructure.persistence.types import BigSerial, UtcDateTime

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

login_challenges = Table(
    "login_challenges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", Text, nullable=False),
    Column("code_hash", LargeBinary(32), nullable=False),
    Column("link_hash", LargeBinary(32), nullable=False, unique=True),
    Column("browser_hash", LargeBinary(32)),
    Column("landing", String(MAX_LANDING)),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("consumed_at", UtcDateTime),
    Column("ended_at", UtcDateTime),
    Column("lock_version", Integer, nullable=False),
    Index("ix_login_challenges_email_open", "email", "expires_at"),
)

customer_sessions = Table(
    "customer_sessions",
    metadata,
    Column("id_hash", LargeBinary(32), primary_key=True),
    Column("email", Text, nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("lock_version", Integer, nullable=False),
)

rate_limit_buckets = Table(
    "rate_limit_buckets",
    metadata,
    Column("bucket", String(200), primary_key=True),
    Column("touched_at", UtcDateTime, nullable=False),
)

rate_limit_hits = Table(
    "rate_limit_hits",
    metadata,
    Column("id", BigSerial, primary_key=True, autoincrement=True),
    Column("bucket", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_rate_limit_hits_bucket_at", "bucket", "at"),
)
