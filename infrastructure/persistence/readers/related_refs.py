"""Which documents name a given one among their related documents (`content.related`), on both databases.

The content is JSONB on PostgreSQL (a containment test) and JSON text on SQLite (`json_each`); the readers only ask
it of the documents one person may see, so the scan is bounded by that person's records.
"""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, text


def naming(dialect: str, type_: str, number: str) -> ColumnElement[bool]:
    """A condition on `documents`: its related documents include (type_, number)."""
    if dialect == "postgresql":
        mention = json.dumps([{"type": type_, "number": number}])
        return text("documents.content -> 'related' @> CAST(:mention AS jsonb)").bindparams(mention=mention)  # type: ignore[return-value]
    return text(  # type: ignore[return-value]
        "EXISTS (SELECT 1 FROM json_each(documents.content, '$.related') AS r "
        "WHERE json_extract(r.value, '$.type') = :mention_type AND json_extract(r.value, '$.number') = :mention_number)"
    ).bindparams(mention_type=type_, mention_number=number)
