"""WithdrawDocument: the business system voids a document (PRODUCT §1)."""

from __future__ import annotations

import msgspec

from application import jobs
from application.commands.documents.credit_allocation import reallocate_credit
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import NotFound


class WithdrawDocument(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    number: str


class WithdrawDocumentHandler:
    """Hides a document from the portal; the record stays for audit.

    - Unknown (type, number) → NotFound. Withdrawing twice is accepted and changes nothing.
    - Records `document.withdrawn`; credit allocation of the concerned invoice is re-run.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: WithdrawDocument) -> None:
        async with self.uow:
            document = await self.uow.documents.get_by_number(cmd.type, cmd.number)
            if document is None:
                raise NotFound(f"no {cmd.type} {cmd.number}")
            now = self._clock.now()
            if document.withdraw(now=now):
                await reallocate_credit(self.uow, document, document.credit_for)
                pending = await self.uow.payments.pending_for(document.id)
                if pending is not None:  # §1: an unfinished payment on a withdrawn document is cancelled
                    pending.refuse("document_withdrawn", now)
                    self.uow.outbox.enqueue(
                        jobs.CANCEL_PAYMENT, {"payment_id": str(pending.id), "reason": "document_withdrawn"}
                    )
            await self.uow.commit()
