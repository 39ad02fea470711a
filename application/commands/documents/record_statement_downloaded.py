"""RecordStatementDownloaded: a statement of account was handed out; write `statement.downloaded` (PRODUCT §13)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.customer import normalise_email
from domain.documents.events import StatementDownloaded
from domain.shared.errors import NotFound


class RecordStatementDownloaded(msgspec.Struct, frozen=True, kw_only=True):
    """`email` is the signed-in person's address, or None for staff (admin API, CLI)."""

    customer_no: str
    currency: str
    as_of: dt.date
    email: str | None = None


class RecordStatementDownloadedHandler:
    """Writes the event to the outbox, once per download (sent after the PDF was rendered).

    - `party` is the customer record the statement is of.
    - A record that does not exist, or (for a person) is not theirs, raises NotFound and records nothing.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RecordStatementDownloaded) -> None:
        async with self.uow:
            record = await self.uow.customers.get(cmd.customer_no)
            wanted = None if cmd.email is None else normalise_email(cmd.email)
            if record is None or (wanted is not None and (not wanted or record.email_normalised != wanted)):
                raise NotFound(f"no customer {cmd.customer_no}")
            self.uow.outbox.publish(
                StatementDownloaded(
                    occurred_at=self._clock.now(), party=cmd.customer_no, currency=cmd.currency, as_of=cmd.as_of
                )
            )
            await self.uow.commit()
