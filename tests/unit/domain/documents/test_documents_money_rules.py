"""PRODUCT §1 and §10 money and line rules, by example with the figures written out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.documents.errors import InvalidDocument
from domain.documents.money import format_major, parse_major, percent_of, round_half_up
from domain.documents.totals import Totals, VatAmount
from domain.documents.values import Line

pytestmark = pytest.mark.unit


def _line(quantity: str = "1", unit_price: int = 100_00, **extra: object) -> Line:
    return Line(description="Service", quantity=Decimal(quantity), unit_price=unit_price, **extra)  # type: ignore[arg-type]


def _pointers(exc: pytest.ExceptionInfo[InvalidDocument]) -> list[str]:
    return [pointer for pointer, _ in exc.value.errors]


# -- the §12 example -------------------------------------------------------------------------------------------


def test_the_import_format_example_adds_up_as_stated() -> None:
    line = _line("1", 249500, discount_percent=Decimal(10), vat_rate=Decimal(25))
    assert (line.gross, line.discount, line.net) == (249500, 24950, 224550)
    totals = Totals.of([line])
    assert (totals.gross, totals.discount, totals.net) == (249500, 24950, 224550)
    assert totals.vat == (VatAmount(rate=Decimal(25), amount=56138),)  # 56137.5 rounds up
    assert totals.vat_sum == 56138
    assert totals.total == 280688
    assert totals.differences(gross=249500, discount=24950, net=224550, vat=56138, total=280688) == []


# -- rounding --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "unit_price", "gross"),
    [
        ("0.5", 1, 1),  # exactly half an øre rounds up
        ("2.5", 1, 3),  # half-up, not to even (banker's rounding would give 2)
        ("0.25", 10, 3),  # 2.5 → 3
        ("0.249", 10, 2),  # 2.49 → 2
        ("1.333", 300, 400),  # 399.9 → 400
        ("3", 33333, 99999),
    ],
)
def test_gross_is_quantity_times_unit_price_rounded_half_up(quantity: str, unit_price: int, gross: int) -> None:
    assert _line(quantity, unit_price).gross == gross


def test_rounding_helpers_round_half_away_from_zero() -> None:
    assert [round_half_up(Decimal(v)) for v in ("0.5", "1.5", "2.5", "2.4999", "-0.5", "-2.5")] == [1, 2, 3, 2, -1, -3]
    assert percent_of(Decimal(10), Decimal(5)) == 1  # 0.5 → 1
    assert percent_of(Decimal(10), Decimal("4.9")) == 0  # 0.49 → 0


def test_a_percentage_discount_is_taken_of_the_unrounded_amount() -> None:
    # 1.5 × 3 = 4.5: the gross rounds to 5, but 10 % is of 4.5 (0.45 → 0), not of 5 (0.5 → 1).
    line = _line("1.5", 3, discount_percent=Decimal(10))
    assert (line.gross, line.discount, line.net) == (5, 0, 5)


def test_a_percentage_discount_rounds_half_up() -> None:
    line = _line("1", 10, discount_percent=Decimal(5))  # 0.5 øre
    assert (line.gross, line.discount, line.net) == (10, 1, 9)


def test_net_is_gross_minus_discount_exactly_even_when_both_were_rounded() -> None:
    # 0.333 × 100 = 33.3 → gross 33; 50 % of 33.3 = 16.65 → 17; net 33 − 17 = 16 (not round(16.65) = 17).
    line = _line("0.333", 100, discount_percent=Decimal(50))
    assert (line.gross, line.discount, line.net) == (33, 17, 16)


def test_a_fixed_discount_applies_to_the_whole_line() -> None:
    line = _line("3", 100_00, discount_amount=50_00)
    assert (line.gross, line.discount, line.net) == (300_00, 50_00, 250_00)


def test_a_fixed_discount_equal_to_the_gross_is_allowed() -> None:
    assert _line("2", 100, discount_amount=200).net == 0


def test_a_full_percentage_discount_leaves_nothing() -> None:
    assert _line("0.5", 3, discount_percent=Decimal(100)).net == 0  # gross 2 (1.5 ↑), discount 100 % of 1.5 = 2


# -- VAT per rate ----------------------------------------------------------------------------------------------


def test_vat_is_rounded_per_rate_not_per_line() -> None:
    # Two lines of 2 øre at 25 %: per line 0.5 + 0.5 would round to 1 + 1; per rate 25 % of 4 is exactly 1.
    totals = Totals.of([_line("1", 2), _line("1", 2)])
    assert totals.vat == (VatAmount(rate=Decimal(25), amount=1),)
    assert totals.total == 5


def test_vat_rounds_the_sum_of_a_rate_half_up_once() -> None:
    # Three lines of 1 øre at 50 %: per line 0.5 each would give 3; per rate 50 % of 3 = 1.5 → 2.
    totals = Totals.of([_line("1", 1, vat_rate=Decimal(50)) for _ in range(3)])
    assert totals.vat_sum == 2
    assert totals.total == 5


def test_each_rate_gets_its_own_amount_highest_rate_first() -> None:
    totals = Totals.of(
        [
            _line("1", 100_01, vat_rate=Decimal(0)),
            _line("1", 100_02, vat_rate=Decimal(25)),
            _line("1", 100_03, vat_rate=Decimal("12.5")),
            _line("2", 10_01, vat_rate=Decimal("25.00")),  # the same rate written differently
        ]
    )
    assert totals.vat == (
        VatAmount(rate=Decimal(25), amount=3001),  # 25 % of (10002 + 2002) = 3001
        VatAmount(rate=Decimal("12.5"), amount=1250),  # 12.5 % of 10003 = 1250.375
        VatAmount(rate=Decimal(0), amount=0),
    )
    assert (totals.gross, totals.net) == (32008, 32008)
    assert totals.total == 32008 + 3001 + 1250


def test_totals_add_gross_discount_and_net_over_the_lines() -> None:
    totals = Totals.of(
        [_line("2", 1000, discount_percent=Decimal(10)), _line("1", 500, discount_amount=100, vat_rate=Decimal(0))]
    )
    assert (totals.gross, totals.discount, totals.net) == (2500, 300, 2200)
    assert totals.vat_sum == 450  # 25 % of 1800; nothing on the 0 % line
    assert totals.total == 2650


def test_differences_name_each_differing_figure_with_both_values() -> None:
    totals = Totals.of([_line("1", 249500, discount_percent=Decimal(10))])
    assert totals.differences(gross=249500, discount=24950, net=224550, vat=56137, total=280687) == [
        ("/totals/vat", "stated 56137, computed 56138"),
        ("/totals/total", "stated 280687, computed 280688"),
    ]
    assert [p for p, _ in totals.differences(gross=1, discount=2, net=3, vat=4, total=5)] == [
        "/totals/gross",
        "/totals/discount",
        "/totals/net",
        "/totals/vat",
        "/totals/total",
    ]


# -- refused lines ---------------------------------------------------------------------------------------------


def test_a_fixed_discount_above_the_gross_is_refused() -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line("1", 100, discount_amount=101)
    assert exc.value.errors == [("/discount_amount", "exceeds the line's gross 100")]


@pytest.mark.parametrize("quantity", ["1.0001", "0.0005", "2.1234"])
def test_a_quantity_with_more_than_three_decimals_is_refused(quantity: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line(quantity)
    assert exc.value.errors == [("/quantity", "at most 3 decimal places")]


@pytest.mark.parametrize("quantity", ["1.000", "1.0000", "2.5000000", "0.001", "1E+2"])
def test_trailing_zeros_do_not_count_as_decimal_places(quantity: str) -> None:
    assert _line(quantity, 100).gross == round_half_up(Decimal(quantity) * 100)


@pytest.mark.parametrize("quantity", ["0", "-1", "-0.001", "NaN", "Infinity"])
def test_a_quantity_must_be_greater_than_zero(quantity: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line(quantity)
    assert _pointers(exc) == ["/quantity"]


def test_percent_and_amount_together_are_refused() -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line("1", 100, discount_percent=Decimal(10), discount_amount=10)
    assert exc.value.errors == [("", "discount_percent and discount_amount exclude each other")]


@pytest.mark.parametrize("percent", ["-0.01", "100.01", "NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_discount_percentage_outside_0_to_100_is_refused(percent: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line("1", 100, discount_percent=Decimal(percent))
    assert _pointers(exc) == ["/discount_percent"]


@pytest.mark.parametrize("rate", ["-1", "100.5", "NaN", "Infinity"])
def test_a_vat_rate_outside_0_to_100_is_refused(rate: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line("1", 100, vat_rate=Decimal(rate))
    assert _pointers(exc) == ["/vat_rate"]


def test_the_vat_rate_defaults_to_25_percent_and_0_is_allowed() -> None:
    assert _line().vat_rate == Decimal(25)
    assert Totals.of([_line("1", 100, vat_rate=Decimal(0))]).total == 100


def test_negative_prices_and_amounts_and_empty_descriptions_are_refused() -> None:
    with pytest.raises(InvalidDocument) as exc:
        Line(description="  ", quantity=Decimal(1), unit_price=-1)
    assert _pointers(exc) == ["/unit_price", "/description"]
    with pytest.raises(InvalidDocument) as exc:
        _line("1", 100, discount_amount=-1)
    assert _pointers(exc) == ["/discount_amount"]


@pytest.mark.parametrize("quantity", ["1E+30", "1234567890123456789012345678.0001", "1E+999999"])
def test_an_absurd_quantity_is_refused_rather_than_crashing(quantity: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line(quantity, 100)
    assert _pointers(exc) == ["/quantity"]


def test_a_line_amount_beyond_what_minor_units_hold_is_refused() -> None:
    with pytest.raises(InvalidDocument) as exc:
        _line("999999999", 2**63 - 1)
    assert _pointers(exc) == ["/unit_price"]


def test_problems_lists_every_broken_rule_under_the_pointer_given() -> None:
    line = _line("1", 100)
    broken = Line.__new__(Line)
    for name, value in {
        "description": "",
        "quantity": Decimal("1.0001"),
        "unit_price": -5,
        "item_no": None,
        "unit": None,
        "discount_percent": Decimal(101),
        "discount_amount": None,
        "vat_rate": Decimal(-1),
    }.items():
        object.__setattr__(broken, name, value)
    assert line.problems("/lines/0") == []
    assert [p for p, _ in broken.problems("/lines/3")] == [
        "/lines/3/quantity",
        "/lines/3/unit_price",
        "/lines/3/discount_percent",
        "/lines/3/vat_rate",
        "/lines/3/description",
    ]


# -- major units -----------------------------------------------------------------------------------------------


def test_major_unit_text_round_trips_through_minor_units() -> None:
    assert format_major(280688) == "2806.88"
    assert format_major(5) == "0.05"
    assert format_major(-150) == "-1.50"
    assert [parse_major(t) for t in ("2806.88", "2806,88", " 2 806 ", "2806.8", "0.05")] == [
        280688,
        280688,
        280600,
        280680,
        5,
    ]
    assert [parse_major(t) for t in ("1.234", "2.806,88", "5.396,88 kr.", "1,234.50", "1.234,-")] == [
        123400,
        280688,
        539688,
        123450,
        123400,
    ]
    assert [parse_major(t) for t in ("", "abc", "1,2345", "-5", "1,2,3", "1.2.3")] == [None] * 6
    assert [parse_major(t) for t in ("²", "1.²", "٣", "9" * 5000, "1" * 16)] == [None] * 5  # never a crash
