"""The one formatter of money, numbers and dates (ADR-0040): the spellings the pages, the mail and the PDFs share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from application.localisation import LanguageCode, LocaleFormat

pytestmark = pytest.mark.unit

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "currency", "minor", "expected"),
    [
        ("da", "DKK", 123450, f"1.234,50{NBSP}kr."),
        ("da", "DKK", -24950, f"-249,50{NBSP}kr."),
        ("da", "EUR", 280688, f"2.806,88{NBSP}€"),
        ("da", "DKK", 0, f"0,00{NBSP}kr."),
        ("en", "DKK", 123450, f"DKK{NBSP}1,234.50"),
        ("en", "DKK", -24950, f"-DKK{NBSP}249.50"),
        ("en", "EUR", 100000000, "€1,000,000.00"),
        ("en", "EUR", -5, "-€0.05"),
    ],
)
def test_money_is_written_as_the_pages_write_it(
    language: LanguageCode, currency: str, minor: int, expected: str
) -> None:
    assert LocaleFormat(language).money(minor, currency) == expected


def test_amounts_without_currency_show_the_minor_digits() -> None:
    assert LocaleFormat("da").amount(1234500, "DKK") == "12.345,00"
    assert LocaleFormat("en").amount(1234501, "EUR") == "12,345.01"
    assert LocaleFormat("en").amount(-5, "DKK") == "-0.05"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("da", date(2026, 11, 2), "2. nov. 2026"),
        ("da", date(2026, 5, 17), "17. maj 2026"),
        ("en", date(2026, 11, 2), "2 Nov 2026"),
        # a moment's date is the date in Copenhagen: 23.30 UTC on 1 November is already 2 November there
        ("da", datetime(2026, 11, 1, 23, 30, tzinfo=UTC), "2. nov. 2026"),
    ],
)
def test_dates_are_written_by_language(language: LanguageCode, value: date, expected: str) -> None:
    assert LocaleFormat(language).day(value) == expected


def test_moments_and_clock_times_are_copenhagen_time() -> None:
    at = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)  # 14.05 in Copenhagen (CET)
    assert LocaleFormat("da").moment(at) == "20. nov. 2026 14.05.00"
    assert LocaleFormat("en").moment(at) == "20 Nov 2026, 14:05:00"
    assert (LocaleFormat("da").clock(at), LocaleFormat("en").clock(at)) == ("14.05", "14:05")


def test_quantities_and_percentages_keep_their_decimals() -> None:
    da, en = LocaleFormat("da"), LocaleFormat("en")
    assert (da.number("1.125"), da.number("2.500"), da.number("45210")) == ("1,125", "2,5", "45.210")
    assert (en.number("1.125"), en.number(45210)) == ("1.125", "45,210")
    assert (da.percent("25"), da.percent("12.5"), da.percent("0")) == (f"25{NBSP}%", f"12,5{NBSP}%", f"0{NBSP}%")
    assert (en.percent("25"), en.percent("12.5")) == ("25%", "12.5%")


def test_a_wait_is_said_in_words() -> None:
    assert LocaleFormat("da").duration(420) == "7 minutter"
    assert LocaleFormat("en").duration(45) == "45 seconds"
