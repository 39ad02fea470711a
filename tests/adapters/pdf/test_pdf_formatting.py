from __future__ import annotations

from datetime import date

import pytest

from application.ports.pdf_renderer import PdfLocale
from infrastructure.pdf.formatting import LocaleFormat
from infrastructure.pdf.labels import LABELS, Labels

pytestmark = pytest.mark.adapter

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "currency", "minor", "expected"),
    [
        ("da", "DKK", 123450, f"1.234,50{NBSP}kr."),
        ("da", "DKK", -24950, f"-249,50{NBSP}kr."),
        ("da", "EUR", 280688, f"2.806,88{NBSP}€"),
        ("da", "DKK", 0, f"0,00{NBSP}kr."),
        ("en", "DKK", 123450, f"DKK{NBSP}1,234.50"),
        ("en", "EUR", 100000000, f"EUR{NBSP}1,000,000.00"),
        ("en", "EUR", -5, f"-EUR{NBSP}0.05"),
    ],
)
def test_money_is_formatted_by_locale(locale: PdfLocale, currency: str, minor: int, expected: str) -> None:
    assert LocaleFormat(locale, currency).money(minor) == expected


def test_table_amounts_have_no_currency_and_two_decimals() -> None:
    assert LocaleFormat("da", "DKK").amount(1234500) == "12.345,00"
    assert LocaleFormat("en", "EUR").amount(1234501) == "12,345.01"


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("da", date(2026, 11, 2), "2. nov. 2026"),
        ("da", date(2026, 5, 17), "17. maj 2026"),
        ("en", date(2026, 11, 2), "2 Nov 2026"),
    ],
)
def test_dates_are_formatted_by_locale(locale: PdfLocale, value: date, expected: str) -> None:
    assert LocaleFormat(locale, "DKK").day(value) == expected


def test_quantities_and_percentages_keep_their_decimals() -> None:
    da, en = LocaleFormat("da", "DKK"), LocaleFormat("en", "DKK")
    assert (da.number("1.125"), da.number("2.500"), da.number("45210")) == ("1,125", "2,5", "45.210")
    assert (en.number("1.125"), en.number("45210")) == ("1.125", "45,210")
    assert (da.percent("25"), da.percent("12.5"), da.percent("0")) == (f"25{NBSP}%", f"12,5{NBSP}%", f"0{NBSP}%")
    assert en.percent("25") == "25%"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_every_label_is_filled_in_and_placeholders_match(locale: PdfLocale) -> None:
    labels = LABELS[locale]
    for field in Labels.__dataclass_fields__:
        assert getattr(labels, field), field
    assert set(labels.titles) == set(labels.numbers) == {"quote", "order", "invoice", "credit_note"}
    assert labels.page_of.format(page=2, pages=3) in {"Side 2 af 3", "Page 2 of 3"}
    assert "{bank}" in labels.bank_transfer
    assert "{number}" in labels.bank_transfer
