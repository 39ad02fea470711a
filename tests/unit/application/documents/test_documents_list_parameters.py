"""ListDocuments: parameter checks, cursors and the filter handed to the reader (PRODUCT §4, §10, §12).

The SQL reader is replaced by a tiny fake that records what it was asked; visibility and ordering themselves are
the reader's contract and are tested against PostgreSQL.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Coroutine
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from dependency_injector import providers
from hypothesis import given, settings
from hypothesis import strategies as st

from application.queries.documents.list_documents import (
    ListDocuments,
    ListDocumentsHandler,
    _decode_cursor,
    _encode_cursor,
)
from application.queries.documents.reader import Keyset, ListFilter
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentItemView, DocumentPage
from domain.shared.errors import DomainError
from infrastructure.container import Container
from tests.example_budget import examples
from tests.fakes import FakeClock

pytestmark = pytest.mark.unit


class RecordingReader:
    """Answers `list_for` with the first `limit` of its rows and records each call."""

    def __init__(self, rows: list[DocumentItemView]) -> None:
        self.rows = rows
        self.calls: list[dict[str, Any]] = []

    async def list_for(
        self, email: str, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> list[DocumentItemView]:
        self.calls.append({"email": email, "flt": flt, "after": after, "limit": limit, "today": today})
        return self.rows[:limit]

    async def detail_for(self, email: str, document_id: UUID, *, today: dt.date) -> DocumentDetailView | None:
        return None

    async def balances_for(self, email: str) -> list[CustomerBalancesView]:
        return []


def item(number: str, issue_date: dt.date = dt.date(2026, 11, 2)) -> DocumentItemView:
    return DocumentItemView(
        id=uuid4(),
        type="invoice",
        number=number,
        issue_date=issue_date,
        due_date=None,
        currency="DKK",
        total=125_00,
        outstanding=125_00,
        status="open",
        role="customer",
        customer_no="C-1001",
        payment_pending=False,
        days_overdue=None,
    )


@pytest.fixture
def reader(fake_container: Container) -> RecordingReader:
    recording = RecordingReader([item(f"INV-{n}") for n in range(5)])
    fake_container.document_reader.override(providers.Object(recording))
    return recording


async def _list(container: Container, **params: Any) -> DocumentPage:
    page: DocumentPage = await container.bus().handle(ListDocuments(email="mette@example.dk", **params))
    return page


# -- refused parameters -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "pointer"),
    [
        ({"limit": 0}, "/limit"),
        ({"limit": 101}, "/limit"),
        ({"limit": -1}, "/limit"),
        ({"type": "receipt"}, "/type"),
        ({"type": "Invoice"}, "/type"),
        ({"status": "late"}, "/status"),
        ({"status": "PAID"}, "/status"),
        ({"cursor": "!!!"}, "/cursor"),
        ({"cursor": "bm90IGpzb24"}, "/cursor"),  # base64 of "not json"
        ({"cursor": base64.urlsafe_b64encode(b'{"a": 1}').decode()}, "/cursor"),  # JSON, not a keyset
        ({"cursor": base64.urlsafe_b64encode(b'["2026-11-02", "X"]').decode()}, "/cursor"),  # too short
        ({"cursor": "æøå"}, "/cursor"),
        ({"cursor": "A"}, "/cursor"),  # impossible base64 length
    ],
)
async def test_a_bad_parameter_is_a_domain_error_naming_it(
    fake_container: Container, reader: RecordingReader, params: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(DomainError) as exc:
        await _list(fake_container, **params)
    assert [p for p, _ in exc.value.errors] == [pointer]
    assert reader.calls == []


async def test_every_bad_parameter_is_named_at_once(fake_container: Container, reader: RecordingReader) -> None:
    with pytest.raises(DomainError) as exc:
        await _list(fake_container, limit=500, type="x", status="y", cursor="zz")
    assert [p for p, _ in exc.value.errors] == ["/limit", "/type", "/status", "/cursor"]
    assert dict(exc.value.errors)["/limit"] == "must be between 1 and 100"


def run_now(awaitable: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never waits (the fake reader answers at once) without an event loop."""
    try:
        awaitable.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the coroutine waited for something")


@settings(max_examples=examples(60), deadline=None)
@given(cursor=st.text(min_size=1, max_size=40))
def test_no_cursor_text_crashes_the_list(cursor: str) -> None:
    handler = ListDocumentsHandler(RecordingReader([]), FakeClock())
    try:
        page = run_now(handler(ListDocuments(email="m@example.dk", cursor=cursor)))
    except DomainError as exc:
        assert exc.errors == [("/cursor", "not a cursor this list gave out")]  # noqa: PT017 - Hypothesis, not pytest.raises
    else:
        assert page == DocumentPage(items=[], next_cursor=None)


# -- accepted parameters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 25, 100])
async def test_limits_from_1_to_100_are_accepted_and_one_more_row_is_asked_for(
    fake_container: Container, reader: RecordingReader, limit: int
) -> None:
    await _list(fake_container, limit=limit)
    assert reader.calls[0]["limit"] == limit + 1


@pytest.mark.parametrize("type_", ["quote", "order", "invoice", "credit_note"])
@pytest.mark.parametrize("status", [None, "open", "overdue", "paid"])
async def test_every_type_and_status_is_accepted(
    fake_container: Container, reader: RecordingReader, type_: str, status: str | None
) -> None:
    await _list(fake_container, type=type_, status=status)
    assert (reader.calls[0]["flt"].type, reader.calls[0]["flt"].status) == (type_, status)


async def test_the_default_page_is_25(fake_container: Container, reader: RecordingReader) -> None:
    await _list(fake_container)
    assert reader.calls[0]["limit"] == 26
    assert reader.calls[0]["after"] is None


async def test_the_reader_gets_the_normalised_email_and_todays_copenhagen_date(
    fake_container: Container, reader: RecordingReader, clock: FakeClock
) -> None:
    clock.set(dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))  # already 1 December in Copenhagen
    await fake_container.bus().handle(ListDocuments(email="  Mette@Example.DK "))
    assert reader.calls[0]["email"] == "mette@example.dk"
    assert reader.calls[0]["today"] == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("q", "text", "amount"),
    [
        ("  INV-10023 ", "inv-10023", None),
        ("2806,88", "2806,88", 280688),
        ("2806.88", "2806.88", 280688),
        ("AB12345", "ab12345", None),
        ("   ", None, None),
        ("²", "²", None),  # a digit to str.isdigit(), not to int()
        pytest.param("9" * 5000, "9" * 5000, None, id="5000-digits"),
    ],
)
async def test_the_search_text_is_trimmed_lower_cased_and_read_as_an_amount_too(
    fake_container: Container, reader: RecordingReader, q: str, text: str | None, amount: int | None
) -> None:
    await _list(fake_container, q=q, customer="")
    flt = reader.calls[0]["flt"]
    assert (flt.text, flt.amount, flt.customer_no) == (text, amount, None)


async def test_a_short_page_has_no_next_cursor(fake_container: Container, reader: RecordingReader) -> None:
    page = await _list(fake_container, limit=5)
    assert [i.number for i in page.items] == [f"INV-{n}" for n in range(5)]
    assert page.next_cursor is None


async def test_a_full_page_hands_out_a_cursor_that_continues_after_its_last_item(
    fake_container: Container, reader: RecordingReader
) -> None:
    page = await _list(fake_container, limit=2)
    assert [i.number for i in page.items] == ["INV-0", "INV-1"]
    assert page.next_cursor is not None
    assert "=" not in page.next_cursor  # URL-safe and unpadded
    last = page.items[-1]

    await _list(fake_container, limit=2, cursor=page.next_cursor)
    assert reader.calls[1]["after"] == Keyset(last.issue_date, last.number, last.id)


@settings(max_examples=examples(40), deadline=None)
@given(
    st.dates(),
    st.text(min_size=0, max_size=30),
    st.uuids(),
)
def test_cursors_round_trip_any_keyset(issue_date: dt.date, number: str, id_: UUID) -> None:
    keyset = Keyset(issue_date, number, id_)
    cursor = _encode_cursor(keyset)
    problems: list[tuple[str, str]] = []
    assert _decode_cursor(cursor, problems) == keyset
    assert problems == []
    assert base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)) == msgspec.json.encode(keyset)
