"""A document's related documents both ways, as one statement per database built once (PRODUCT §4, §11).

Those the document names (its `content.related`), the credit notes of an invoice, and those that name it, as far as
the person may see them. The content is JSONB on PostgreSQL (a containment test) and JSON text on SQLite
(`json_each`); those that name the document are looked for per party, through each party's keyset index, so the
JSON test only ever reads one person's documents.

Bound values: `email`, `document_id`, `refs` (the (type, number) pairs it names), `credit_for` (its number when it is
an invoice, else None), and the mention (`mention` on PostgreSQL; `mention_type`, `mention_number` on SQLite).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, Select, String, Uuid, and_, bindparam, or_, select, text, tuple_, union

from infrastructure.persistence.tables.documents import customers, documents

d = documents


def _naming(dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return text("documents.content -> 'related' @> CAST(:mention AS jsonb)")  # type: ignore[return-value]
    return text(  # type: ignore[return-value]
        "EXISTS (SELECT 1 FROM json_each(documents.content, '$.related') AS r "
        "WHERE json_extract(r.value, '$.type') = :mention_type AND json_extract(r.value, '$.number') = :mention_number)"
    )


def _statement(dialect: str) -> Select[Any]:
    mine = select(customers.c.customer_no).where(customers.c.email_normalised == bindparam("email", type_=String))
    shown = (d.c.withdrawn_at.is_(None), d.c.id != bindparam("document_id", type_=Uuid))
    columns = (d.c.id, d.c.type, d.c.number, d.c.issue_date)
    naming_it = [
        select(*columns).where(party.in_(mine), _naming(dialect), *shown) for party in (d.c.customer_no, d.c.bill_to_no)
    ]
    named = or_(
        tuple_(d.c.type, d.c.number).in_(bindparam("refs", expanding=True)),
        and_(d.c.type == "credit_note", d.c.credit_for == bindparam("credit_for", type_=String)),
    )
    its_own = select(*columns).where(named, or_(d.c.customer_no.in_(mine), d.c.bill_to_no.in_(mine)), *shown)
    found = union(*naming_it, its_own).subquery()
    return select(found.c.id, found.c.type, found.c.number).order_by(
        found.c.issue_date.desc(), found.c.number.desc(), found.c.id.desc()
    )


STATEMENTS = {dialect: _statement(dialect) for dialect in ("postgresql", "sqlite")}


def related_values(row: Any, email: str, dialect: str) -> dict[str, Any]:
    """The bound values for a document row (its id, type, number and content) and the person's email."""
    values: dict[str, Any] = {
        "email": email,
        "document_id": row["id"],
        "refs": [(r.type, r.number) for r in row["content"].related],
        "credit_for": row["number"] if row["type"] == "invoice" else None,
    }
    if dialect == "postgresql":
        values["mention"] = json.dumps([{"type": row["type"], "number": row["number"]}])
    else:
        values |= {"mention_type": row["type"], "mention_number": row["number"]}
    return values
