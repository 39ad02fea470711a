"""ListDocuments: one page of everything a person may see (PRODUCT §4, §12)."""

from __future__ import annotations

import binascii

import msgspec

from application import base64url
from application.ports.clock import Clock
from application.queries.documents.reader import DocumentReader, Keyset, ListFilter
from application.queries.documents.views import DocumentItemView, DocumentPage
from domain.documents.customer import normalise_email
from domain.documents.money import parse_major
from domain.shared.clock import business_date
from domain.shared.errors import DomainError

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
TYPES = ("quote", "order", "invoice", "credit_note")
STATUSES = ("open", "overdue", "paid")


class ListRequest(msgspec.Struct, frozen=True, kw_only=True):
    """What a list request asks, whoever asks it (`ListDocuments`, `ListMyDocuments`)."""

    type: str | None = None
    status: str | None = None
    customer: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


class ListDocuments(ListRequest, frozen=True, kw_only=True):
    email: str


class ListDocumentsHandler:
    """- `limit` 1–100 (25 by default); a bad limit, type, status or cursor is a DomainError naming the parameter.
    - `q` matches number, registration no., VIN and line text; an amount (`2806.88`, `2806,88`) matches the total.
    - `status` filters invoices by open|overdue|paid on today's date in Copenhagen.
    """

    def __init__(self, reader: DocumentReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def __call__(self, query: ListDocuments) -> DocumentPage:
        flt, after = list_request(query)
        rows = await self._reader.list_for(
            normalise_email(query.email),
            flt,
            after=after,
            limit=query.limit + 1,
            today=business_date(self._clock.now()),
        )
        return page_of(rows, query.limit)


def list_request(query: ListRequest) -> tuple[ListFilter, Keyset | None]:
    """The reader's filter and keyset for a request; a DomainError naming each bad parameter."""
    problems: list[tuple[str, str]] = []
    if not 1 <= query.limit <= MAX_LIMIT:
        problems.append(("/limit", f"must be between 1 and {MAX_LIMIT}"))
    if query.type is not None and query.type not in TYPES:
        problems.append(("/type", f"must be one of {', '.join(TYPES)}"))
    if query.status is not None and query.status not in STATUSES:
        problems.append(("/status", f"must be one of {', '.join(STATUSES)}"))
    after = _decode_cursor(query.cursor, problems)
    if problems:
        raise DomainError(problems[0][1], problems)
    text = (query.q or "").strip()
    flt = ListFilter(
        type=query.type,
        status=query.status,
        customer_no=query.customer or None,
        text=text.lower() or None,
        amount=parse_major(text) if text else None,
    )
    return flt, after


def page_of(rows: list[DocumentItemView], limit: int) -> DocumentPage:
    """A page of `limit` items from `limit + 1` rows read: the extra row says another page follows."""
    items, more = rows[:limit], len(rows) > limit
    next_cursor = _encode_cursor(Keyset(items[-1].issue_date, items[-1].number, items[-1].id)) if more else None
    return DocumentPage(items=items, next_cursor=next_cursor)


def _encode_cursor(keyset: Keyset) -> str:
    return base64url.encode(msgspec.json.encode(keyset))


def _decode_cursor(cursor: str | None, problems: list[tuple[str, str]]) -> Keyset | None:
    if not cursor:
        return None
    try:
        raw = base64url.decode(cursor)
        return msgspec.json.decode(raw, type=Keyset)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        problems.append(("/cursor", "not a cursor this list gave out"))
        return None
