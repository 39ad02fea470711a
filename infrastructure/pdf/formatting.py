"""Money, numbers and dates as the PDF prints them, by locale (Babel; CLDR data ships with it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision

from application.ports.pdf_renderer import PdfLocale

__all__ = ["LocaleFormat"]

_NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class _Patterns:
    babel_locale: str
    money: str | None  # None: the locale's own currency pattern
    amount: str
    percent: str
    day: str


_PATTERNS: dict[PdfLocale, _Patterns] = {
    # Danish: 1.234,50 kr. / 1.234,50 € / 2. nov. 2026 / 25 %
    "da": _Patterns("da_DK", None, "#,##0.00", f"#,##0.###{_NBSP}%", "d. MMM y"),
    # English: DKK 1,234.50 / EUR 1,234.50 / 2 Nov 2026 / 25%
    "en": _Patterns("en_GB", f"¤¤{_NBSP}#,##0.00", "#,##0.00", "#,##0.###%", "d MMM y"),
}


@dataclass(frozen=True, slots=True)
class LocaleFormat:
    """Formats for one locale and currency; spaces inside one figure are no-break spaces."""

    locale: PdfLocale
    currency: str

    def _major(self, minor_units: int) -> Decimal:
        return Decimal(minor_units).scaleb(-get_currency_precision(self.currency))

    def money(self, minor_units: int) -> str:
        """An amount with its currency: `1.234,50 kr.` (da), `DKK 1,234.50` (en)."""
        patterns = _PATTERNS[self.locale]
        if patterns.money is None:
            return format_currency(self._major(minor_units), self.currency, locale=patterns.babel_locale)
        return format_currency(
            self._major(minor_units),
            self.currency,
            format=patterns.money,
            locale=patterns.babel_locale,
            currency_digits=False,
        )

    def amount(self, minor_units: int) -> str:
        """An amount without currency, for table columns: `1.234,50` (da), `1,234.50` (en)."""
        patterns = _PATTERNS[self.locale]
        return format_decimal(self._major(minor_units), format=patterns.amount, locale=patterns.babel_locale)

    def number(self, value: str | int) -> str:
        """A quantity or count with as many decimals as it has: `1,5` (da), `45,210` (en)."""
        return format_decimal(Decimal(value), locale=_PATTERNS[self.locale].babel_locale)

    def percent(self, value: str) -> str:
        """A percentage given in percent ("25", "12.5"): `25 %` (da), `12.5%` (en)."""
        patterns = _PATTERNS[self.locale]
        return format_percent(Decimal(value).scaleb(-2), format=patterns.percent, locale=patterns.babel_locale)

    def day(self, value: date) -> str:
        """A calendar date: `2. nov. 2026` (da), `2 Nov 2026` (en)."""
        patterns = _PATTERNS[self.locale]
        return format_date(value, patterns.day, locale=patterns.babel_locale)
