"""DocumentContent: its checks, and a fingerprint that ignores decimal spelling and sees every field (PRODUCT §1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.documents.content import DocumentContent
from domain.documents.errors import InvalidDocument
from domain.documents.values import Line, Party, RelatedRef, Seller, Vehicle
from tests.example_budget import examples
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


@settings(max_examples=examples(40), deadline=None)
@given(contents(), st.integers(1, 4))
def test_equal_content_in_other_decimal_spellings_fingerprints_alike(content: DocumentContent, zeros: int) -> None:
    other = respell_content(content, zeros)
    assert str(other.lines[0].quantity) != str(content.lines[0].quantity)  # really spelled differently
    assert other == content
    assert other.fingerprint() == content.fingerprint()


@settings(max_examples=examples(10), deadline=None)
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


def _changed_field(content: DocumentContent, name: str, new: Any) -> DocumentContent | None:
    """`content` with one field replaced, or None when that is no change or breaks a rule."""
    if new == getattr(content, name):
        return None
    try:
        return replace(content, **{name: new})
    except InvalidDocument:  # e.g. a due date before the issue date
        return None


def _changed_line(content: DocumentContent, index: int, name: str, new: Any) -> DocumentContent | None:
    line = content.lines[index]
    if new == getattr(line, name):
        return None
    changes: dict[str, Any] = {name: new}
    if name == "discount_percent":
        changes["discount_amount"] = None
    elif name == "discount_amount":
        changes["discount_percent"] = None
    try:
        changed = replace(line, **changes)
    except InvalidDocument:  # e.g. a fixed discount above a new, lower gross
        return None
    return replace(content, lines=(*content.lines[:index], changed, *content.lines[index + 1 :]))


# One example changes every field in turn: far cheaper than a parametrised property test per field.
@settings(max_examples=examples(25), deadline=None)
@given(data=st.data())
def test_changing_any_field_changes_the_fingerprint(data: st.DataObject) -> None:
    content = data.draw(light_contents(), label="content")
    fingerprint = content.fingerprint()
    candidates: list[tuple[str, DocumentContent | None]] = []
    for name, strategy in CONTENT_FIELDS.items():
        candidates.append((name, _changed_field(content, name, data.draw(strategy, label=name))))
    index = data.draw(st.integers(0, len(content.lines) - 1), label="line")
    for name, strategy in LINE_FIELDS.items():
        candidates.append(
            (f"lines/{index}/{name}", _changed_line(content, index, name, data.draw(strategy, label=name)))
        )
    for attribute, strategies in NESTED_FIELDS.values():
        current = getattr(content, attribute)
        for name, strategy in strategies.items():
            new = data.draw(strategy, label=f"{attribute}.{name}")
            changed = (
                None
                if new == getattr(current, name)
                else replace(content, **{attribute: replace(current, **{name: new})})
            )
            candidates.append((f"{attribute}/{name}", changed))
    for label, changed in candidates:
        if changed is not None:
            assert changed != content, label
            assert changed.fingerprint() != fingerprint, label


_BASE = _content(
    bill_to=Party(customer_no="C-2001", name="Firma", address=("Vej 1",), email="f@example.dk", phone="+4520123456"),
    vehicle=Vehicle(
        registration_no="AB12345",
        vin="WVW",
        make="VW",
        model="Golf",
        variant="1.5",
        first_registration=dt.date(2021, 3, 1),
        mileage_km=45210,
        colour="Grå",
    ),
    notes="Betaling 14 dage netto.",
    related=(RelatedRef(type="order", number="ORD-5001"),),
    lines=(
        Line(
            description="Service",
            quantity=Decimal("1.5"),
            unit_price=249500,
            item_no="SRV-100",
            unit="stk",
            discount_percent=Decimal(10),
            vat_rate=Decimal(25),
        ),
        Line(description="Olie", quantity=Decimal(2), unit_price=100_00, discount_amount=10_00),
    ),
)


def _tweak(value: Any) -> Any:
    """A different value of the same kind that keeps every rule."""
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, Decimal):
        return value - 1 if value > 1 else value + Decimal("0.5")
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, tuple):
        return (*value, "x") if all(isinstance(v, str) for v in value) else value[:-1]
    raise TypeError(value)


def _leaf_changes() -> list[Any]:
    """Every leaf field of _BASE, changed alone: (label, content)."""
    changes = []
    for f in fields(DocumentContent):
        value = getattr(_BASE, f.name)
        if f.name == "lines":
            for i, line in enumerate(value):
                for lf in fields(Line):
                    old = getattr(line, lf.name)
                    new = _tweak(old) if old is not None else ("x" if lf.name in {"item_no", "unit"} else None)
                    if new is None:
                        continue
                    lines = (*value[:i], replace(line, **{lf.name: new}), *value[i + 1 :])
                    changes.append(pytest.param(replace(_BASE, lines=lines), id=f"lines/{i}/{lf.name}"))
        elif f.name == "related":
            changes.append(pytest.param(replace(_BASE, related=()), id="related-removed"))
            changes.append(
                pytest.param(replace(_BASE, related=(replace(value[0], number="ORD-5002"),)), id="related/number")
            )
            changes.append(pytest.param(replace(_BASE, related=(replace(value[0], type="quote"),)), id="related/type"))
        elif f.name in {"seller", "customer", "bill_to", "vehicle"}:
            for nf in fields(value):
                old = getattr(value, nf.name)
                new = _tweak(old) if old is not None else "x"
                changes.append(
                    pytest.param(replace(_BASE, **{f.name: replace(value, **{nf.name: new})}), id=f"{f.name}/{nf.name}")
                )
        elif f.name == "currency":
            changes.append(pytest.param(replace(_BASE, currency="EUR"), id="currency"))
        elif f.name == "locale":
            changes.append(pytest.param(replace(_BASE, locale="en"), id="locale"))
        elif f.name == "issue_date":
            changes.append(
                pytest.param(replace(_BASE, issue_date=_BASE.issue_date - dt.timedelta(days=1)), id="issue_date")
            )
        else:
            changes.append(pytest.param(replace(_BASE, **{f.name: _tweak(value)}), id=f.name))
    return changes


@pytest.mark.parametrize("changed", _leaf_changes())
def test_every_leaf_field_counts_in_the_fingerprint(changed: DocumentContent) -> None:
    assert changed != _BASE
    assert changed.fingerprint() != _BASE.fingerprint()


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
