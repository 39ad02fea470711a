"""UpsertDocument: the business system pushes a document snapshot (PRODUCT §1, §10, §12)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.documents.content_builder import build_content
from application.commands.documents.credit_allocation import reallocate_credit
from application.commands.documents.document_input import DocumentBody
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.errors import InvalidDocument, TotalsMismatch
from domain.documents.model import Document


class UpsertDocument(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    number: str
    body: DocumentBody


class UpsertDocumentResult(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    version: int
    created: bool
    published: bool


class UpsertDocumentHandler:
    """Creates or revises a document keyed by (type, number).

    - The customer and bill-to records must exist; their details are snapshot into the version.
    - Every line rule is checked and every stated total compared; all problems are reported at once.
    - A new content version (or a restore of a withdrawn document) records `document.published`; an identical
      re-import changes nothing but the imported `paid`.
    - Invoices and credit notes re-run the credit allocation of the invoice they concern, in the same transaction.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: UpsertDocument) -> UpsertDocumentResult:
        body = cmd.body
        if body.type is not None and body.type != cmd.type:
            raise InvalidDocument("type differs from the address", [("/type", f"expected {cmd.type}")])
        if body.number is not None and body.number != cmd.number:
            raise InvalidDocument("number differs from the address", [("/number", f"expected {cmd.number}")])
        now = self._clock.now()
        async with self.uow:
            customer = await self.uow.customers.get(body.customer_no)
            bill_to = await self.uow.customers.get(body.bill_to_no) if body.bill_to_no else None
            content = build_content(body, customer=customer, bill_to=bill_to)
            differences = content.totals.differences(**msgspec.structs.asdict(body.totals))
            if differences:
                raise TotalsMismatch("stated totals differ from the computed ones", differences)
            document = await self.uow.documents.get_by_number(cmd.type, cmd.number)
            previous_credit_for = document.credit_for if document is not None else None
            created = document is None
            if document is None:
                document = Document.publish(
                    id=uuid.uuid4(), type=cmd.type, number=cmd.number, content=content, imported_paid=body.paid, now=now
                )
                self.uow.documents.add(document)
                published = True
            else:
                published = document.revise(content=content, imported_paid=body.paid, now=now)
            await reallocate_credit(self.uow, document, previous_credit_for)
            await self.uow.commit()
            return UpsertDocumentResult(id=document.id, version=document.version, created=created, published=published)
