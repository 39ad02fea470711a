"""A document's related documents both ways, as a JSON column of the detail's one statement (PRODUCT §4, §11).

Those the document names (its `content.related`), the credit notes of an invoice, and those that name it, as far as
the person may see them. The content is JSONB on PostgreSQL (a containment test) and JSON text on SQLite
(`json_each`); those that name the document are looked for per party, through each party's keyset index, so the
JSON test only ever reads one person's documents; those it names are found through the (type, number) key.
The subquery is correlated to the detail's `documents` row; `mine` is the person's customer records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    ColumnElement,
    FromClause,
    ScalarSelect,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)

from application.queries.documents.views import RelatedView
from infrastructure.persistence.readers.json_rows import decode_rows, json_rows
from infrastructure.persistence.tables.documents import documents

d = documents
o = documents.alias("o")  # the other document

#: `o` names the detail's document in its `content.related`
_NAMING = {
    "postgresql": "o.content -> 'related' @> jsonb_build_array(jsonb_build_object('type', documents.type, "
    "'number', documents.number))",
    "sqlite": "EXISTS (SELECT 1 FROM json_each(o.content, '$.related') AS r WHERE json_extract(r.value, '$.type') = "
    "documents.type AND json_extract(r.value, '$.number') = documents.number)",
}


def _named(dialect: str) -> tuple[FromClause, ColumnElement[bool]]:
    """The detail's `content.related` as rows `r`, and the join of `o` to them by its (type, number) key."""
    if dialect == "postgresql":
        refs = func.jsonb_array_elements(literal_column("documents.content -> 'related'")).table_valued("value")
        ref = refs.alias("r")
        field = ref.c.value.op("->>")
        return ref, and_(o.c.type == field("type"), o.c.number == field("number"))
    each = func.json_each(literal_column("documents.content"), "$.related").table_valued("value").alias("r")
    on = and_(
        o.c.type == func.json_extract(each.c.value, "$.type"), o.c.number == func.json_extract(each.c.value, "$.number")
    )
    return each, on


def related_column(dialect: str, mine: Select[Any]) -> ScalarSelect[Any]:
    """The related documents of the enclosing `documents` row that the person (`mine`) may see, as JSON: each
    branch of the union reads through an index (a party's keyset, the (type, number) key, `credit_for`).
    """
    shown = (o.c.withdrawn_at.is_(None), o.c.id != d.c.id)
    visible = or_(o.c.customer_no.in_(mine), o.c.bill_to_no.in_(mine))
    columns = (o.c.id, o.c.type, o.c.number, o.c.issue_date)
    naming: ColumnElement[bool] = text(_NAMING[dialect])  # type: ignore[assignment]
    naming_it = [select(*columns).where(party.in_(mine), naming, *shown) for party in (o.c.customer_no, o.c.bill_to_no)]
    refs, by_key = _named(dialect)
    it_names = select(*columns).select_from(refs.join(o, by_key)).where(visible, *shown)
    its_credit_notes = select(*columns).where(
        d.c.type == "invoice", o.c.type == "credit_note", o.c.credit_for == d.c.number, visible, *shown
    )
    branches = (*naming_it, it_names, its_credit_notes)
    return json_rows(dialect, union(*(branch.correlate(d) for branch in branches)))


class _Related(msgspec.Struct, frozen=True):
    id: UUID
    type: str
    number: str
    issue_date: dt.date


def related_of(value: Any) -> list[RelatedView]:
    """The JSON column decoded, newest first (issue date, then number, then id, as the list sorts)."""
    rows = sorted(decode_rows(value, _Related), key=lambda r: (r.issue_date, r.number, r.id), reverse=True)
    return [RelatedView(id=r.id, type=r.type, number=r.number) for r in rows]
