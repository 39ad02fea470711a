"""The document list as one statement (PRODUCT §4, §11): the person's customer records and a keyset page, and, for a
request, the session that asks, in one round trip.

The statements are built once, at import, with every filter a bound parameter (`IS NULL` when unused): a request
only binds values, so SQLAlchemy's compiled cache and the driver's prepared statements serve every request, and
no statement is built anew per request. On PostgreSQL each of the person's records is scanned through its keyset
index with a `LATERAL` subquery (ordered, stopping at the page's size, however many documents a fleet owner has);
SQLite, the embedded default, has no `LATERAL` and reads `IN (ids)`, with the same conditions and order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    LargeBinary,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    cast,
    or_,
    select,
    true,
    tuple_,
    union,
)
from sqlalchemy.sql.selectable import CTE

from application.queries.documents.reader import Keyset, ListFilter
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.persistence.tables.identity import customer_sessions
from infrastructure.persistence.tables.payments import payment_allocations

d = documents
ITEM_COLUMNS = (
    d.c.id,
    d.c.type,
    d.c.number,
    d.c.issue_date,
    d.c.due_date,
    d.c.currency,
    d.c.total,
    d.c.outstanding,
    d.c.customer_no,
    d.c.bill_to_no,
)
SESSION_COLUMNS = ("email", "created_at", "last_seen_at", "revoked_at")


def _typed(name: str, type_: Any) -> ColumnElement[Any]:
    """A typed bound parameter: the asyncpg dialect renders its cast (`$1::VARCHAR IS NULL`), so PostgreSQL can type
    it even when it is NULL; SQLite needs (and gets) none.
    """
    return bindparam(name, type_=type_)


_TYPE = _typed("type", String)
_STATUS = _typed("status", String)
_TODAY = _typed("today", Date)
_PATTERN = _typed("pattern", String)
_COMPACT = _typed("compact", String)
_AMOUNT = _typed("amount", Integer)
_AFTER_DATE = _typed("after_date", Date)
_AFTER_NUMBER = _typed("after_number", String)
_AFTER_ID = _typed("after_id", Uuid)
_CUSTOMER = _typed("customer", String)
_LIMIT = bindparam("limit", type_=Integer)


def status_condition(status: ColumnElement[Any], today: ColumnElement[Any]) -> ColumnElement[bool]:
    """An invoice's status in SQL (the domain's `Document.status`: paid when nothing is outstanding, overdue when
    something is and the due date has passed, else open); a test holds the two equal.
    """
    owing = d.c.outstanding > 0
    return and_(
        d.c.type == "invoice",
        or_(
            and_(status == "paid", d.c.outstanding == 0),
            and_(status == "overdue", owing, d.c.due_date < today),
            and_(status == "open", owing, or_(d.c.due_date.is_(None), d.c.due_date >= today)),
        ),
    )


_CONDITIONS = (
    d.c.withdrawn_at.is_(None),
    or_(_TYPE.is_(None), d.c.type == _TYPE),
    or_(_STATUS.is_(None), status_condition(_STATUS, _TODAY)),
    or_(
        _PATTERN.is_(None),
        d.c.search_text.like(_PATTERN, escape="\\"),
        d.c.search_text.like(_COMPACT, escape="\\"),  # "AB 12345" finds the registration no. AB12345
        d.c.total == _AMOUNT,
    ),
    or_(
        _AFTER_DATE.is_(None),
        tuple_(d.c.issue_date, d.c.number, d.c.id) < tuple_(_AFTER_DATE, _AFTER_NUMBER, _AFTER_ID),
    ),
)


def _newest_first(columns: Any) -> tuple[Any, ...]:
    return (columns.issue_date.desc(), columns.number.desc(), columns.id.desc())


def person_records(session: CTE | None) -> CTE:
    """The person's customer records (narrowed to one by `customer`): by the session's email, or by `email`."""
    query = select(customers.c.customer_no)
    if session is None:
        query = query.where(customers.c.email_normalised == _typed("email", String))
    else:
        query = query.join(session, customers.c.email_normalised == session.c.email)
    return query.where(or_(_CUSTOMER.is_(None), customers.c.customer_no == _CUSTOMER)).cte("ids")


def _per_party(party: Any, ids: CTE, *, lateral: bool) -> Select[Any]:
    if lateral:
        scan = (
            select(*ITEM_COLUMNS)
            .where(party == ids.c.customer_no, *_CONDITIONS)
            .order_by(*_newest_first(d.c))
            .limit(_LIMIT)
            .lateral()
        )
        return select(scan).select_from(ids.join(scan, true()))
    inner = select(*ITEM_COLUMNS).where(party.in_(select(ids.c.customer_no)), *_CONDITIONS)
    return select(inner.order_by(*_newest_first(d.c)).limit(_LIMIT).subquery())


def session_row() -> CTE:
    """The session a request's cookie names (`id_hash`), as stored; its rules are the application's to apply."""
    c = customer_sessions.c
    return (
        select(*(c[name] for name in SESSION_COLUMNS))
        .where(c.id_hash == bindparam("id_hash", type_=LargeBinary))
        .cte("s")
    )


def _statement(*, by_session: bool, lateral: bool) -> Select[Any]:
    session = session_row() if by_session else None
    ids = person_records(session)
    merged = union(*(_per_party(party, ids, lateral=lateral) for party in (d.c.customer_no, d.c.bill_to_no))).subquery()
    page = select(merged).order_by(*_newest_first(merged.c)).limit(_LIMIT).subquery("page")
    mine = select(ids.c.customer_no)
    held = payment_allocations.c
    waiting = select(held.payment_id).where(held.document_id == page.c.id, held.holds)
    flags = (
        cast(page.c.customer_no.in_(mine), Boolean).label("is_customer"),
        cast(page.c.bill_to_no.in_(mine), Boolean).label("is_bill_to"),
        waiting.exists().label("payment_pending"),  # §13: the list marks an invoice whose payment is waiting
    )
    if session is None:
        return select(page, *flags).order_by(*_newest_first(page.c))
    # one row per document, or one row of the session alone (NULL document) when the page is empty
    return (
        select(*(session.c[name] for name in SESSION_COLUMNS), page, *flags)
        .select_from(session.outerjoin(page, true()))
        .order_by(*_newest_first(page.c))
    )


#: (by_session, lateral) → the statement
STATEMENTS = {(s, lat): _statement(by_session=s, lateral=lat) for s in (False, True) for lat in (False, True)}


def statement_for(dialect: str, *, by_session: bool) -> Select[Any]:
    return STATEMENTS[by_session, dialect == "postgresql"]


def _contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def parameters(flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date) -> dict[str, Any]:
    """The bound values of a list request (every filter a parameter; None where unused)."""
    pattern = compact = None
    if flt.text is not None:
        pattern = _contains(flt.text)
        compact = _contains(flt.text.replace(" ", "")) if " " in flt.text.strip() else None
    return {
        "type": flt.type,
        "status": flt.status,
        "today": today,
        "pattern": pattern,
        "compact": compact,
        "amount": flt.amount if pattern is not None else None,
        "after_date": after.issue_date if after else None,
        "after_number": after.number if after else None,
        "after_id": after.id if after else None,
        "customer": flt.customer_no,
        "limit": limit,
    }
