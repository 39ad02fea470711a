"""Money, numbers, percentages and dates as every surface writes them (pages, mail, PDF), by language.

One formatter, so that an amount or a date is spelled the same on the page, in the mail and on the PDF (ADR-0040).
Babel does the work with its CLDR data; the few choices made here are the ones the pages made first:

- Money in Danish: the locale's own pattern (`1.234,50 kr.`, `1.234,50 €`). In English a currency whose symbol
  is letters is written as its code before the amount (`DKK 1,234.50`), a sign goes first (`€1,234.50`).
- Amounts without a currency (table columns, the amount field) always show the currency's minor digits.
- Percentages keep up to three decimals; Danish puts a no-break space before `%`, English none (`25 %`, `25%`).
- A date is CLDR's medium date (`2. nov. 2026`, `2 Nov 2026`); a moment is the medium date and time in Copenhagen.

Spaces inside one figure are no-break spaces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_time, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision, get_currency_symbol

from application.localisation.languages import BABEL_LOCALES, LanguageCode
from domain.shared.clock import BUSINESS_TZ

__all__ = ["LocaleFormat"]

_NBSP = "\u00a0"
_CODE_FIRST = f"¤{_NBSP}#,##0.00"
_PERCENT: dict[LanguageCode, str] = {"da": f"#,##0.###{_NBSP}%", "en": "#,##0.###%"}
_NUMBER = "#,##0.###"


@dataclass(frozen=True, slots=True)
class LocaleFormat:
    """The formats of one language."""

    language: LanguageCode

    @property
    def babel_locale(self) -> str:
        return BABEL_LOCALES[self.language]

    def money(self, minor_units: int, currency: str) -> str:
        """An amount in minor units with its currency: `1.234,50 kr.` (da), `DKK 1,234.50`, `€1,234.50` (en)."""
        locale = self.babel_locale
        code_first = self.language != "da" and get_currency_symbol(currency, locale=locale).isalpha()
        return format_currency(
            _major(minor_units, currency), currency, format=_CODE_FIRST if code_first else None, locale=locale
        )

    def amount(self, minor_units: int, currency: str) -> str:
        """An amount without its currency: `1.234,50` (da), `1,234.50` (en)."""
        digits = get_currency_precision(currency)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(_major(minor_units, currency), format=pattern, locale=self.babel_locale)

    def number(self, value: str | int) -> str:
        """A quantity or count with the decimals it has (up to three): `1,5` (da), `45,210` (en)."""
        return format_decimal(Decimal(value), format=_NUMBER, locale=self.babel_locale)

    def percent(self, value: str) -> str:
        """A rate given in percent as the import spells it (`"25"`, `"12.5"`): `25 %` (da), `12.5%` (en)."""
        return format_percent(Decimal(value).scaleb(-2), format=_PERCENT[self.language], locale=self.babel_locale)

    def day(self, value: dt.date) -> str:
        """A calendar date (a moment's date as it was in Copenhagen): `2. nov. 2026` (da), `2 Nov 2026` (en)."""
        if isinstance(value, dt.datetime):
            value = value.astimezone(BUSINESS_TZ).date()
        return format_date(value, "medium", locale=self.babel_locale)

    def moment(self, value: dt.datetime) -> str:
        """A moment in Copenhagen: `2. nov. 2026 14.35.00` (da), `2 Nov 2026, 14:35:00` (en)."""
        return format_datetime(value.astimezone(BUSINESS_TZ), "medium", locale=self.babel_locale)

    def clock(self, value: dt.datetime) -> str:
        """The hour and minute of a moment in Copenhagen: `14.35` (da), `14:35` (en)."""
        return format_time(value.astimezone(BUSINESS_TZ), "short", locale=self.babel_locale)

    def duration(self, seconds: int) -> str:
        """A wait in words, rounded as people say it: `7 minutter`, `45 seconds`."""
        return format_timedelta(dt.timedelta(seconds=seconds), locale=self.babel_locale)


def _major(minor_units: int, currency: str) -> Decimal:
    return Decimal(minor_units).scaleb(-get_currency_precision(currency))
