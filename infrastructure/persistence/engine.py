"""Async engines for PostgreSQL (asyncpg) and SQLite (aiosqlite), configured the same way everywhere."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from infrastructure.persistence.store_errors import GuardedSession

#: A request must fail within PRODUCT §10's 5 s when the database is away or the pool is exhausted: a connection
#: attempt gives up after CONNECT_SECONDS and a wait for a pooled connection after POOL_WAIT_SECONDS.
CONNECT_SECONDS = 2.0
POOL_WAIT_SECONDS = 2.0
#: A pooled connection idle longer than this is pinged before use (ADR-0025): one that served a request a moment ago
#: is not (SQLAlchemy's `pool_pre_ping` pings every checkout, with asyncpg three round trips: BEGIN, `;`, ROLLBACK).
PING_AFTER_IDLE_SECONDS = 1.0


def async_url(url: str) -> str:
    """A SQLAlchemy async URL; plain `postgresql://` and `sqlite:///` are accepted too (PRODUCT §12)."""
    parsed = make_url(url)
    driver = {"postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}
    if parsed.drivername in driver:
        parsed = parsed.set(drivername=driver[parsed.drivername])
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, pool_size: int = 10, statement_seconds: float = 30.0) -> AsyncEngine:
    """An engine with a pool sized for one process; SQLite gets WAL, a busy timeout and foreign keys.

    - `statement_seconds` bounds one statement's wait (a lock held elsewhere); the web process passes a value
      below its request budget, the worker and the CLI keep the default.
    """
    url = async_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=POOL_WAIT_SECONDS,
        connect_args={"timeout": CONNECT_SECONDS, "command_timeout": statement_seconds},
    )
    event.listen(engine.sync_engine, "checkin", _stamp_use)
    event.listen(engine.sync_engine, "checkout", _ping_when_idle)
    return engine


def _stamp_use(_dbapi_connection: Any, record: Any) -> None:
    record.info["returned_at"] = time.monotonic()


def _ping_when_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """A connection back from the pool after more than `PING_AFTER_IDLE_SECONDS` is pinged; a dead one is replaced
    (SQLAlchemy retries the checkout on `DisconnectionError`), as `pool_pre_ping` would. A fresh one is not.
    """
    returned_at = record.info.get("returned_at")
    if returned_at is None or time.monotonic() - returned_at <= PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as dead:
        raise exc.DisconnectionError(str(dead)) from dead


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose `async with` translates database faults (`store_errors.GuardedSession`)."""
    return async_sessionmaker(engine, class_=GuardedSession, expire_on_commit=False, autoflush=True)


def make_read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The readers' sessions: the same pool, in autocommit, so a read is its statements and nothing else.

    - A reader never writes, and at READ COMMITTED (PostgreSQL's default, which the portal keeps) each statement
      already reads its own snapshot, inside a transaction or not: BEGIN and ROLLBACK around a read were two round
      trips that changed nothing (ADR-0025). On SQLite a statement outside a transaction is its own read.
    """
    reading = engine.execution_options(isolation_level="AUTOCOMMIT")
    return async_sessionmaker(reading, class_=GuardedSession, expire_on_commit=False, autoflush=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
