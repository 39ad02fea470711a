"""PRODUCT §1 money rules as properties, checked against the test's own exact arithmetic with `Fraction`."""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.documents.errors import InvalidDocument
from domain.documents.money import format_major, parse_major
from domain.documents.totals import Totals
from domain.documents.values import Line
from tests.example_budget import examples
from tests.unit.domain.documents.documents_strategies import lines, quantities, unit_prices

pytestmark = pytest.mark.unit

HALF = Fraction(1, 2)


def half_up(value: Fraction) -> int:
    """Round half away from zero, written independently of the code under test."""
    return math.floor(value + HALF) if value >= 0 else -math.floor(-value + HALF)


def expected_line(line: Line) -> tuple[int, int, int]:
    exact = Fraction(line.quantity) * line.unit_price
    gross = half_up(exact)
    if line.discount_percent is not None:
        discount = half_up(exact * Fraction(line.discount_percent) / 100)
    else:
        discount = line.discount_amount or 0
    return gross, discount, gross - discount


@settings(max_examples=examples(80), deadline=None)
@given(lines())
def test_a_line_rounds_half_up_at_the_line(line: Line) -> None:
    assert (line.gross, line.discount, line.net) == expected_line(line)


@settings(max_examples=examples(60), deadline=None)
@given(lines())
def test_net_is_gross_minus_discount_and_never_negative(line: Line) -> None:
    assert line.net == line.gross - line.discount
    assert 0 <= line.discount <= line.gross


@settings(max_examples=examples(50), deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 10**4))
def test_exact_halves_always_round_up(whole: int, unit_price: int) -> None:
    # (2·whole + 1) / 2 øre per unit; one unit of that is exactly half an øre above `whole`.
    line = Line(description="x", quantity=Decimal("0.5"), unit_price=2 * whole + 1)
    assert line.gross == whole + 1
    assert Line(description="x", quantity=Decimal("0.5"), unit_price=2 * unit_price).gross == unit_price


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(lines(), min_size=1, max_size=8))
def test_document_totals_follow_the_lines(items: list[Line]) -> None:
    totals = Totals.of(items)
    per_line = [expected_line(line) for line in items]
    assert totals.gross == sum(g for g, _, _ in per_line)
    assert totals.discount == sum(d for _, d, _ in per_line)
    assert totals.net == sum(n for _, _, n in per_line)
    assert totals.net == totals.gross - totals.discount

    net_by_rate: dict[Fraction, int] = defaultdict(int)
    for line, (_, _, net) in zip(items, per_line, strict=True):
        net_by_rate[Fraction(line.vat_rate)] += net
    expected_vat = {rate: half_up(rate * net / 100) for rate, net in net_by_rate.items()}
    assert {Fraction(v.rate): v.amount for v in totals.vat} == expected_vat
    assert [v.rate for v in totals.vat] == sorted((v.rate for v in totals.vat), reverse=True)
    assert totals.vat_sum == sum(expected_vat.values())
    assert totals.total == totals.net + sum(expected_vat.values())


@settings(max_examples=examples(30), deadline=None)
@given(
    st.lists(lines(), min_size=1, max_size=6).flatmap(lambda items: st.tuples(st.just(items), st.permutations(items)))
)
def test_totals_do_not_depend_on_the_order_of_the_lines(pair: tuple[list[Line], list[Line]]) -> None:
    items, shuffled = pair
    assert Totals.of(shuffled) == Totals.of(items)


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(lines(), min_size=1, max_size=6))
def test_stated_totals_equal_to_the_computed_ones_have_no_differences(items: list[Line]) -> None:
    t = Totals.of(items)
    assert t.differences(gross=t.gross, discount=t.discount, net=t.net, vat=t.vat_sum, total=t.total) == []
    off = t.differences(gross=t.gross, discount=t.discount, net=t.net, vat=t.vat_sum + 1, total=t.total)
    assert off == [("/totals/vat", f"stated {t.vat_sum + 1}, computed {t.vat_sum}")]


@settings(max_examples=examples(50), deadline=None)
@given(quantities, unit_prices, st.integers(1, 10**6))
def test_a_fixed_discount_above_the_gross_is_always_refused(quantity: Decimal, unit_price: int, extra: int) -> None:
    gross = half_up(Fraction(quantity) * unit_price)
    with pytest.raises(InvalidDocument) as exc:
        Line(description="x", quantity=quantity, unit_price=unit_price, discount_amount=gross + extra)
    assert [p for p, _ in exc.value.errors] == ["/discount_amount"]


@settings(max_examples=examples(50), deadline=None)
@given(quantities, st.integers(1, 9))
def test_a_fourth_significant_decimal_is_always_refused(quantity: Decimal, digit: int) -> None:
    bad = quantity.quantize(Decimal("0.001")) + Decimal(digit).scaleb(-4)
    with pytest.raises(InvalidDocument) as exc:
        Line(description="x", quantity=bad, unit_price=100)
    assert exc.value.errors == [("/quantity", "at most 3 decimal places")]


@settings(max_examples=examples(100), deadline=None)
@given(
    st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from([Decimal("sNaN"), Decimal("-sNaN")]),
    st.integers(-(2**64), 2**64),
    st.none() | st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
)
def test_any_line_is_either_accepted_or_refused_with_pointers_never_crashes(
    quantity: Decimal, unit_price: int, percent: Decimal | None, rate: Decimal
) -> None:
    try:
        line = Line(description="x", quantity=quantity, unit_price=unit_price, discount_percent=percent, vat_rate=rate)
    except InvalidDocument as exc:
        problems = exc.errors
    else:
        assert (line.gross, line.discount, line.net) == expected_line(line)
        return
    assert problems  # at least one named problem
    assert all(pointer.startswith("/") for pointer, _ in problems)


@settings(max_examples=examples(60), deadline=None)
@given(st.text(max_size=30) | st.from_regex(r"\A ?[0-9²٣]{0,20}([.,][0-9²]{0,3})? ?\Z"))
def test_parse_major_answers_an_amount_or_none_for_any_text(text: str) -> None:
    amount = parse_major(text)
    assert amount is None or (isinstance(amount, int) and amount >= 0)


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(0, 10**17 - 1))
def test_major_unit_text_round_trips(amount: int) -> None:
    assert parse_major(format_major(amount)) == amount
    assert parse_major(format_major(amount).replace(".", ",")) == amount
