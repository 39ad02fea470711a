"""The admin events feed in commit order (PRODUCT §12, ADR-0017).

PostgreSQL: every event row carries the id of the transaction that inserted it (`txid`). A transaction's id is
taken at its first write, so an event that commits late always has a lower txid than one that committed early.
The feed therefore returns only events whose txid is below the oldest transaction still running
(`pg_snapshot_xmin(pg_current_snapshot())`): all of those have committed (or rolled back), and every event written
later has a txid at or above it. Ordered by (txid, seq), a cursor never passes a position a late commit could
still fill. SQLite runs one writer at a time, so `seq` is already commit order.
"""

from __future__ import annotations

import binascii

import msgspec
from sqlalchemy import ColumnElement, Select, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application import base64url
from application.events.envelope import Envelope
from application.queries.automation.views import EventFeedPage
from infrastructure.persistence.tables.outbox import events

e = events.c
_HORIZON: ColumnElement[int] = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


def encode_cursor(position: tuple[int, ...]) -> str:
    text = ".".join(str(part) for part in position)
    return base64url.encode(f"v1.{text}".encode())


def decode_cursor(cursor: str, size: int) -> tuple[int, ...]:
    """ValueError for anything `encode_cursor` did not make for a feed of this shape."""
    try:
        text = base64url.decode(cursor).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("not a feed cursor") from None
    version, _, rest = text.partition(".")
    parts = rest.split(".")
    if version != "v1" or len(parts) != size or not all(p.isdigit() for p in parts):
        raise ValueError("not a feed cursor")
    return tuple(int(p) for p in parts)


class SqlAlchemyEventFeedReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def page(self, after: str | None, limit: int) -> EventFeedPage:
        async with self._sessions() as session:
            postgres = session.get_bind().dialect.name == "postgresql"
            query = self._postgres(after, limit) if postgres else self._sqlite(after, limit)
            rows = (await session.execute(query)).all()
        items = [msgspec.convert(row.envelope, Envelope) for row in rows]
        if not rows:
            return EventFeedPage(items=[], next_after=after)
        last = rows[-1]
        position = (int(last.txid), int(last.seq)) if postgres else (int(last.seq),)
        return EventFeedPage(items=items, next_after=encode_cursor(position))

    @staticmethod
    def _postgres(after: str | None, limit: int) -> Select[tuple[object, ...]]:
        query = select(e.txid, e.seq, e.envelope).where(e.txid < _HORIZON)
        if after is not None:
            txid, seq = decode_cursor(after, 2)
            query = query.where(tuple_(e.txid, e.seq) > tuple_(txid, seq))
        return query.order_by(e.txid, e.seq).limit(limit)

    @staticmethod
    def _sqlite(after: str | None, limit: int) -> Select[tuple[object, ...]]:
        query = select(e.seq, e.envelope)
        if after is not None:
            (seq,) = decode_cursor(after, 1)
            query = query.where(e.seq > seq)
        return query.order_by(e.seq).limit(limit)
