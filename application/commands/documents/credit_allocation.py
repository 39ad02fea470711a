"""Re-runs the credit allocation of the invoices a document change concerns."""

from __future__ import annotations

from application.ports.unit_of_work import UnitOfWork
from domain.documents.credit import allocate_credit
from domain.documents.model import CREDIT_NOTE, INVOICE, Document


async def reallocate_credit(uow: UnitOfWork, document: Document, previous_credit_for: str | None) -> None:
    """After `document` changed: allocate anew for its invoice, and for the one a credit note used to name."""
    numbers: list[str] = []
    if document.type == INVOICE:
        numbers.append(document.number)
    elif document.type == CREDIT_NOTE:
        numbers += [n for n in (document.credit_for, previous_credit_for) if n is not None]
        if document.credit_for is None:
            document.mark_credit_applied(0)
    for number in dict.fromkeys(numbers):
        invoice = await uow.documents.get_by_number(INVOICE, number)
        notes = await uow.documents.credit_notes_for(number)
        if document.type == CREDIT_NOTE and document.credit_for == number and document not in notes:
            notes.append(document)
        allocate_credit(invoice, notes)
