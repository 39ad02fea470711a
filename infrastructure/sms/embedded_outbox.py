"""The embedded SMS outbox (PRODUCT §9): messages are stored, not sent, so `/dev/sms` lists what every process sent."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.errors import StoreUnavailable
from application.ports.clock import Clock
from application.ports.sms import SmsMessage, SmsUnavailable
from application.queries.automation.views import SentSmsView
from infrastructure.jobs.message_ids import new_message_id
from infrastructure.persistence.tables.automation import sms_outbox

o = sms_outbox.c


class EmbeddedSmsOutbox:
    """An `SmsGateway` (and the `/dev/sms` reader) over the `sms_outbox` table.

    - One row per idempotency key: sending the same key again stores nothing and returns the first row's id.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock, sender: str) -> None:
        self._sessions = session_factory
        self._clock = clock
        self._sender = sender

    async def send(self, message: SmsMessage) -> str:
        row = {
            "id": new_message_id(),  # time-ordered, so messages sent within one clock tick still list in order
            "key": message.key,
            "recipient": message.to,
            "sender": self._sender,
            "text": message.text,
            "sent_at": self._clock.now(),
        }
        try:
            async with self._sessions() as session, session.begin():
                insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
                await session.execute(insert(sms_outbox).values(row).on_conflict_do_nothing(index_elements=["key"]))
                stored = await session.scalar(select(o.id).where(o.key == message.key))
        except (OSError, SQLAlchemyError, StoreUnavailable) as exc:  # its sessions translate faults to the latter
            raise SmsUnavailable("the SMS outbox cannot be reached") from exc
        return str(stored)

    async def sent(self, limit: int) -> list[SentSmsView]:
        query = select(o.id, o.recipient, o.sender, o.text, o.key, o.sent_at).order_by(o.sent_at.desc(), o.id.desc())
        async with self._sessions() as session:
            rows = (await session.execute(query.limit(limit))).all()
        return [
            msgspec.convert(
                {"id": r.id, "to": r.recipient, "sender": r.sender, "text": r.text, "key": r.key, "sent_at": r.sent_at},
                SentSmsView,
            )
            for r in rows
        ]
