"""No import body may crash UpsertDocument or UpsertCustomer: each is taken or refused with pointers (PRODUCT §10).

Bodies are generated as msgspec would decode them (any decimal, any integer, any text), then sent through the
handlers with the fake unit of work. Neither the handlers nor the fakes wait on anything, so the coroutines are run
to completion directly, without an event loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerHandler
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentHandler
from domain.shared.errors import DomainError
from tests.builders import document, line, totals_of, upsert_customer
from tests.example_budget import examples
from tests.fakes import FakeClock, FakeUnitOfWork

pytestmark = pytest.mark.unit

HOSTILE = settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_now(awaitable: Coroutine[Any, Any, Any]) -> Any:
    try:
        awaitable.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the coroutine waited for something")


def seeded_store() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    run_now(UpsertCustomerHandler(uow, FakeClock())(upsert_customer(customer_no="C-1001")))
    return uow


any_decimal = st.decimals() | st.sampled_from([Decimal("sNaN"), Decimal("1E+999999"), Decimal("-0"), Decimal("1E-30")])
any_int = st.integers() | st.sampled_from([2**63, -(2**63), 10**15, 10**15 + 1])
texts = st.text(max_size=8)

HOSTILE_LINE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "description": texts,
    "quantity": any_decimal.map(str),
    "unit_price": any_int,
    "discount_percent": any_decimal.map(str),
    "discount_amount": any_int,
    "vat_rate": any_decimal.map(str),
}
HOSTILE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "currency": st.sampled_from(["", "dkk", "SEK"]) | texts,
    "locale": st.sampled_from(["sv", ""]),
    "customer_no": st.sampled_from(["C-404", ""]),
    "bill_to_no": st.sampled_from(["C-1001", "C-404", ""]),
    "due_date": st.none() | st.dates().map(dt.date.isoformat),
    "paid": any_int,
    "totals": st.fixed_dictionaries(dict.fromkeys(("gross", "discount", "net", "vat", "total"), any_int)),
    "vehicle": st.fixed_dictionaries({"mileage_km": st.none() | any_int}),
    "related": st.lists(
        st.fixed_dictionaries({"type": st.sampled_from(["invoice", "order"]), "number": texts}), max_size=2
    ),
    "lines": st.just([]),
}


@st.composite
def hostile_lines(draw: st.DrawFn) -> dict[str, Any]:
    """A valid line, now and then with one field (or two) of any value msgspec decodes."""
    item = line(
        unit_price=draw(st.integers(0, 10**9)),
        quantity=draw(st.sampled_from(["1", "0.5", "2.125", "1000"])),
        vat_rate=draw(st.sampled_from(["25", "0", "12.5"])),
    )
    for name in draw(st.lists(st.sampled_from(sorted(HOSTILE_LINE_FIELDS)), max_size=2, unique=True)):
        item[name] = draw(HOSTILE_LINE_FIELDS[name])
    return item


@st.composite
def hostile_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record whose totals add up when its lines are valid, with a few fields of any decodable value."""
    items = draw(st.lists(hostile_lines(), min_size=1, max_size=3))
    try:
        totals = totals_of(items)
    except (DomainError, ArithmeticError, ValueError):
        totals = dict.fromkeys(("gross", "discount", "net", "vat", "total"), 0)
    record = document(
        draw(st.sampled_from(["invoice", "credit_note", "order", "quote"])),
        "X-1",
        lines=[line()],
        issue_date=draw(st.dates()),
    )
    record.update(lines=items, totals=totals)
    for name in draw(st.lists(st.sampled_from(sorted(HOSTILE_FIELDS)), max_size=2, unique=True)):
        record[name] = draw(HOSTILE_FIELDS[name])
    return record


@HOSTILE
@given(hostile_records())
def test_any_decodable_document_is_taken_or_refused_with_pointers(record: dict[str, Any]) -> None:
    try:
        body = msgspec.json.decode(msgspec.json.encode(record), type=DocumentBody)
    except msgspec.ValidationError:
        event("does not decode")
        return  # the HTTP edge answers 422 for what does not decode
    uow = seeded_store()
    handler = UpsertDocumentHandler(uow, FakeClock())
    try:
        result = run_now(handler(UpsertDocument(type=record["type"], number="X-1", body=body)))
    except DomainError as exc:
        problems = exc.errors
    else:
        event("accepted")
        assert result.version == 1
        assert uow.store.documents[result.id].total >= 0
        return
    event(f"refused at {problems[0][0] if problems else '?'}")
    assert problems
    assert all(pointer.startswith("/") for pointer, _ in problems)


@HOSTILE
@given(
    st.fixed_dictionaries(
        {"customer_no": texts, "name": texts},
        optional={"email": st.none() | texts | st.emails().map(str), "phone": st.none() | texts, "locale": texts},
    )
)
def test_any_decodable_customer_is_taken_or_refused_with_pointers(record: dict[str, Any]) -> None:
    try:
        command = msgspec.convert(record, UpsertCustomer)
    except msgspec.ValidationError:
        event("does not decode")
        return  # control characters and the like: the HTTP edge answers 422, the import names the record
    try:
        result = run_now(UpsertCustomerHandler(FakeUnitOfWork(), FakeClock())(command))
    except DomainError as exc:
        problems = exc.errors
    else:
        assert result.created
        return
    assert problems
    assert all(pointer.startswith("/") for pointer, _ in problems)
