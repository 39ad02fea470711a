"""The balance rule of PRODUCT §1 in SQL, written once for `/api/v1/me` and the statement of account (§13).

A record's balance per currency = Σ outstanding of the invoices it pays − the unapplied credit of its credit notes.
The payer of a document is its bill-to, else its customer. `DocumentReader.balances_for` sums `CONTRIBUTION` per
payer; the statement reader lists the rows with their `CONTRIBUTION`, so both read the same figure.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, func, or_

from infrastructure.persistence.tables.documents import documents as d

__all__ = ["CONTRIBUTION", "COUNTED", "PAYER", "paid_by"]

#: the record whose balance a document counts toward: its bill-to, else its customer
PAYER = func.coalesce(d.c.bill_to_no, d.c.customer_no)

#: what one document adds to its payer's balance: an invoice its outstanding, a credit note minus its unapplied credit
CONTRIBUTION = case((d.c.type == "invoice", d.c.outstanding), else_=-(d.c.total - d.c.applied_credit))

#: the documents a balance counts: invoices and credit notes that are not withdrawn
COUNTED: tuple[ColumnElement[bool], ...] = (d.c.withdrawn_at.is_(None), d.c.type.in_(("invoice", "credit_note")))


def paid_by(customer_no: str) -> ColumnElement[bool]:
    """`PAYER == customer_no`, written so that the bill-to and customer indexes serve it."""
    return or_(d.c.bill_to_no == customer_no, and_(d.c.bill_to_no.is_(None), d.c.customer_no == customer_no))
