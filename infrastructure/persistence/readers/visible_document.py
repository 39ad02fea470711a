"""One document as a person may see it, in one statement: the person's records as a subquery (by email, or by the
session that asks), the document if one of them is its customer or bill-to, and which, with its related documents
and its money as JSON columns (`related_refs`, `document_money`) (PRODUCT §1, §4, §11, §13). Built once per database
at import, like the list's statements (`document_page`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Select, Uuid, and_, bindparam, cast, or_, select, true
from sqlalchemy.sql.selectable import CTE

from infrastructure.persistence.readers.document_money import money_columns
from infrastructure.persistence.readers.document_page import (
    ITEM_COLUMNS,
    SESSION_COLUMNS,
    person_records,
    session_row,
)
from infrastructure.persistence.readers.related_refs import related_column
from infrastructure.persistence.tables.documents import documents
from infrastructure.persistence.tables.pdfs import document_pdfs

d = documents
#: what the detail shows of the row: the list item's columns, its content and money (not the search text)
DETAIL_COLUMNS = (
    *ITEM_COLUMNS,
    d.c.content,
    d.c.version,
    d.c.imported_paid,
    d.c.portal_paid,
    d.c.applied_credit,
    d.c.credit_for,
)


def _statement(dialect: str, *, by_session: bool) -> Select[Any]:
    session: CTE | None = session_row() if by_session else None
    mine = select(person_records(session).c.customer_no)
    stored = select(document_pdfs.c.etag).where(
        document_pdfs.c.document_id == d.c.id, document_pdfs.c.version == d.c.version
    )
    parts = {"related_rows": related_column(dialect, mine)} | money_columns(dialect, mine)
    document = select(
        *DETAIL_COLUMNS,
        stored.scalar_subquery().label("pdf_etag"),
        cast(d.c.customer_no.in_(mine), Boolean).label("is_customer"),
        cast(d.c.bill_to_no.in_(mine), Boolean).label("is_bill_to"),
        *(column.label(name) for name, column in parts.items()),
    ).where(
        d.c.id == bindparam("document_id", type_=Uuid),
        d.c.withdrawn_at.is_(None),
        or_(d.c.customer_no.in_(mine), d.c.bill_to_no.in_(mine)),
    )
    if session is None:
        return document
    found = document.subquery("document")
    # one row: the session, and the document's columns (NULL when it is not visible or not there)
    return select(*(session.c[name] for name in SESSION_COLUMNS), found).select_from(session.outerjoin(found, true()))


DIALECTS = ("postgresql", "sqlite")
BY_EMAIL = {dialect: _statement(dialect, by_session=False) for dialect in DIALECTS}
BY_SESSION = {dialect: _statement(dialect, by_session=True) for dialect in DIALECTS}


def _pdf_statement() -> Select[Any]:
    """The session, and the document's PDF facts and stored bytes (NULL when not stored) if the person may see it."""
    session = session_row()
    mine = select(person_records(session).c.customer_no)
    p = document_pdfs
    document = (
        select(
            d.c.id,
            d.c.type,
            d.c.number,
            d.c.version,
            d.c.customer_no,
            d.c.bill_to_no,
            cast(d.c.customer_no.in_(mine), Boolean).label("is_customer"),
            p.c.etag,
            p.c.content,
            p.c.rendered_at,
        )
        .select_from(d.outerjoin(p, and_(p.c.document_id == d.c.id, p.c.version == d.c.version)))
        .where(
            d.c.id == bindparam("document_id", type_=Uuid),
            d.c.withdrawn_at.is_(None),
            or_(d.c.customer_no.in_(mine), d.c.bill_to_no.in_(mine)),
        )
    )
    found = document.subquery("document")
    return select(*(session.c[name] for name in SESSION_COLUMNS), found).select_from(session.outerjoin(found, true()))


#: the stored-PDF download in one read (PRODUCT §5, §11)
PDF_BY_SESSION = _pdf_statement()
