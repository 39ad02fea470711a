"""DocumentContent: its checks, and a fingerprint that ignores decimal spelling and sees every field (PRODUCT §1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain.documents.content import DocumentContent
from domain.documents.errors import InvalidDocument
from domain.documents.values import Line, Party, RelatedRef, Seller, Vehicle
from tests.unit.domain.documents.documents_strategies import (
    contents,
    issue_dates,
    light_contents,
    lines,
    parties,
    percents,
    quantities,
    related_refs,
    respell_content,
    sellers,
    unit_prices,
    vat_rates,
    vehicles,
    words,
)

pytestmark = pytest.mark.unit

FAST = settings(max_examples=8, deadline=None)  # per parametrised field; 24 fields


def _content(**overrides: Any) -> DocumentContent:
    values: dict[str, Any] = {
        "issue_date": dt.date(2026, 11, 2),
        "due_date": dt.date(2026, 11, 16),
        "currency": "DKK",
        "locale": "da",
        "seller": Seller(name="Nordvej Biler ApS"),
        "customer": Party(customer_no="C-1001", name="Mette Jensen"),
        "lines": (Line(description="Service", quantity=Decimal(1), unit_price=249500, discount_percent=Decimal(10)),),
    }
    values.update(overrides)
    return DocumentContent(**values)


# -- checks ----------------------------------------------------------------------------------------------------


def test_every_content_problem_is_named_at_once() -> None:
    with pytest.raises(InvalidDocument) as exc:
        _content(currency="SEK", locale="de", lines=(), due_date=dt.date(2026, 11, 1))
    assert [p for p, _ in exc.value.errors] == ["/currency", "/locale", "/lines", "/due_date"]


def test_a_due_date_on_the_issue_date_is_fine() -> None:
    assert _content(due_date=dt.date(2026, 11, 2)).due_date == dt.date(2026, 11, 2)


def test_totals_are_those_of_the_lines() -> None:
    totals = _content().totals
    assert (totals.gross, totals.discount, totals.net, totals.vat_sum, totals.total) == (
        249500,
        24950,
        224550,
        56138,
        280688,
    )


def test_search_text_holds_number_vehicle_and_line_words_lower_cased() -> None:
    content = _content(
        vehicle=Vehicle(registration_no="AB12345", vin="WVWZZZ1KZ8W000001"),
        lines=(Line(description="Service 60.000 KM", quantity=Decimal(1), unit_price=1, item_no="SRV-100"),),
    )
    assert content.search_text("INV-10023").split("\n") == [
        "inv-10023",
        "ab12345",
        "wvwzzz1kz8w000001",
        "srv-100",
        "service 60.000 km",
    ]


# -- fingerprint: spelling ---------------------------------------------------------------------------------------


def test_one_and_one_point_zero_zero_zero_fingerprint_alike() -> None:
    a = _content(lines=(Line(description="x", quantity=Decimal(1), unit_price=100, vat_rate=Decimal(25)),))
    b = _content(lines=(Line(description="x", quantity=Decimal("1.000"), unit_price=100, vat_rate=Decimal("25.00")),))
    assert a.fingerprint() == b.fingerprint()


@pytest.mark.parametrize("zero", ["-0", "-0.00", "0E+3"])
def test_every_spelling_of_zero_fingerprints_alike(zero: str) -> None:
    def with_zeros(spelling: str) -> DocumentContent:
        return _content(
            lines=(
                Line(
                    description="x",
                    quantity=Decimal(1),
                    unit_price=100,
                    discount_percent=Decimal(spelling),
                    vat_rate=Decimal(spelling),
                ),
            )
        )

    assert with_zeros(zero) == with_zeros("0")
    assert with_zeros(zero).fingerprint() == with_zeros("0").fingerprint()


@settings(max_examples=40, deadline=None)
@given(contents(), st.integers(1, 4))
def test_equal_content_in_other_decimal_spellings_fingerprints_alike(content: DocumentContent, zeros: int) -> None:
    other = respell_content(content, zeros)
    assert str(other.lines[0].quantity) != str(content.lines[0].quantity)  # really spelled differently
    assert other == content
    assert other.fingerprint() == content.fingerprint()


@settings(max_examples=10, deadline=None)
@given(light_contents())
def test_the_fingerprint_is_a_stable_sha256(content: DocumentContent) -> None:
    fingerprint = content.fingerprint()
    assert len(fingerprint) == 64
    assert int(fingerprint, 16) >= 0
    assert replace(content).fingerprint() == fingerprint


# -- fingerprint: every field counts --------------------------------------------------------------------------

CONTENT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "issue_date": issue_dates,
    "currency": st.sampled_from(["DKK", "EUR"]),
    "locale": st.sampled_from(["da", "en"]),
    "seller": sellers,
    "customer": parties,
    "lines": st.lists(lines(), min_size=1, max_size=3).map(tuple),
    "due_date": st.none() | st.dates(dt.date(2030, 12, 31), dt.date(2031, 12, 31)),
    "bill_to": st.none() | parties,
    "vehicle": st.none() | vehicles,
    "notes": st.none() | words,
    "related": st.lists(related_refs, max_size=2).map(tuple),
}

LINE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "description": words.filter(str.strip),
    "quantity": quantities,
    "unit_price": unit_prices,
    "item_no": st.none() | words,
    "unit": st.none() | words,
    "discount_percent": st.none() | percents,
    "discount_amount": st.none() | st.integers(0, 1000),
    "vat_rate": vat_rates,
}

addresses = st.lists(words, max_size=3).map(tuple)
NESTED_FIELDS: dict[str, tuple[str, dict[str, st.SearchStrategy[Any]]]] = {
    "customer": (
        "customer",
        {
            "customer_no": words,
            "name": words,
            "address": addresses,
            "email": st.none() | words,
            "phone": st.none() | words,
        },
    ),
    "seller": (
        "seller",
        {"name": words, "address": addresses, **{k: st.none() | words for k in ("vat_no", "phone", "email", "bank")}},
    ),
}


def test_every_field_of_content_and_line_is_covered() -> None:
    assert set(CONTENT_FIELDS) == {f.name for f in fields(DocumentContent)}
    assert set(LINE_FIELDS) == {f.name for f in fields(Line)}
    assert set(NESTED_FIELDS["customer"][1]) == {f.name for f in fields(Party)}
    assert set(NESTED_FIELDS["seller"][1]) == {f.name for f in fields(Seller)}


@pytest.mark.parametrize("name", sorted(CONTENT_FIELDS))
@FAST
@given(data=st.data())
def test_changing_any_content_field_changes_the_fingerprint(name: str, data: st.DataObject) -> None:
    content = data.draw(light_contents(), label="content")
    new = data.draw(CONTENT_FIELDS[name], label=name)
    assume(new != getattr(content, name))
    try:
        changed = replace(content, **{name: new})
    except InvalidDocument:
        assume(False)  # e.g. a due date before the issue date
        raise
    assert changed != content
    assert changed.fingerprint() != content.fingerprint()


@pytest.mark.parametrize("name", sorted(LINE_FIELDS))
@FAST
@given(data=st.data())
def test_changing_any_line_field_changes_the_fingerprint(name: str, data: st.DataObject) -> None:
    content = data.draw(light_contents(), label="content")
    index = data.draw(st.integers(0, len(content.lines) - 1), label="index")
    line = content.lines[index]
    new = data.draw(LINE_FIELDS[name], label=name)
    assume(new != getattr(line, name))
    changes: dict[str, Any] = {name: new}
    if name == "discount_percent":
        changes["discount_amount"] = None
    elif name == "discount_amount":
        changes["discount_percent"] = None
    try:
        changed_line = replace(line, **changes)
    except InvalidDocument:
        assume(False)  # e.g. a fixed discount above a new, lower gross
        raise
    changed = replace(content, lines=(*content.lines[:index], changed_line, *content.lines[index + 1 :]))
    assert changed != content
    assert changed.fingerprint() != content.fingerprint()


@pytest.mark.parametrize("party", sorted(NESTED_FIELDS))
@FAST
@given(data=st.data())
def test_changing_any_party_or_seller_field_changes_the_fingerprint(party: str, data: st.DataObject) -> None:
    content = data.draw(light_contents(), label="content")
    attribute, strategies = NESTED_FIELDS[party]
    name = data.draw(st.sampled_from(sorted(strategies)), label="field")
    current = getattr(content, attribute)
    new = data.draw(strategies[name], label=name)
    assume(new != getattr(current, name))
    changed = replace(content, **{attribute: replace(current, **{name: new})})
    assert changed.fingerprint() != content.fingerprint()


def test_a_line_moved_to_another_position_is_a_change() -> None:
    first = Line(description="a", quantity=Decimal(1), unit_price=1)
    second = Line(description="b", quantity=Decimal(1), unit_price=1)
    assert _content(lines=(first, second)).fingerprint() != _content(lines=(second, first)).fingerprint()


def test_an_empty_note_is_not_the_same_as_no_note() -> None:
    assert _content(notes="").fingerprint() != _content(notes=None).fingerprint()


def test_related_order_and_a_related_type_count() -> None:
    a = RelatedRef(type="order", number="ORD-1")
    b = RelatedRef(type="invoice", number="ORD-1")
    assert _content(related=(a,)).fingerprint() != _content(related=(b,)).fingerprint()
