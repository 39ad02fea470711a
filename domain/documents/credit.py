"""Allocation of credit notes to their invoice (PRODUCT §1)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.documents.model import CREDIT_NOTE, INVOICE, Document


def allocate_credit(invoice: Document | None, credit_notes: Iterable[Document]) -> None:
    """Apply credit notes to the invoice they relate to, oldest first, each up to what the invoice still lacks.

    - Withdrawn credit notes, and ones in another currency than the invoice, apply nothing.
    - With no (visible) invoice every credit note stays wholly unapplied.
    - What is not applied is the customer's unapplied credit.
    """
    notes = sorted(
        (n for n in credit_notes if n.type == CREDIT_NOTE),
        key=lambda n: (n.content.issue_date, n.number, str(n.id)),
    )
    if invoice is None or invoice.type != INVOICE or invoice.withdrawn:
        for note in notes:
            note.mark_credit_applied(0)
        if invoice is not None and invoice.type == INVOICE:
            invoice.apply_credit(0)
        return
    remaining = invoice.due_before_credit
    applied_total = 0
    for note in notes:
        usable = not note.withdrawn and note.content.currency == invoice.content.currency
        applied = min(note.total, remaining) if usable else 0
        note.mark_credit_applied(applied)
        remaining -= applied
        applied_total += applied
    invoice.apply_credit(applied_total)
