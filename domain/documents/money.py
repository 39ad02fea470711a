"""Money rules of PRODUCT §1: integers in minor units, half-up rounding at the line and per VAT rate."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CURRENCIES = ("DKK", "EUR")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_MINOR_DIGITS = 2
_MAX_WHOLE_DIGITS = 15  # no typed amount is longer; int() refuses strings over 4300 digits


def round_half_up(value: Decimal) -> int:
    """Round a non-negative or negative amount of minor units half away from zero to a whole minor unit."""
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def percent_of(amount: Decimal, percent: Decimal) -> int:
    """`percent` % of an unrounded amount, rounded half-up to the minor unit."""
    return round_half_up(amount * percent / _HUNDRED)


def format_major(amount: int) -> str:
    """Minor units as a plain major-unit string with two decimals ("2806.88"), for search and logs."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d}"


def parse_major(text: str) -> int | None:
    """A major-unit amount typed by a person ("2806.88", "2806,88", "2806") in minor units, or None."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    whole, _, frac = cleaned.partition(".")
    if not _digits(whole) or len(whole) > _MAX_WHOLE_DIGITS:
        return None
    if frac and (not _digits(frac) or len(frac) > _MINOR_DIGITS):
        return None
    return int(whole) * 100 + int((frac or "0").ljust(_MINOR_DIGITS, "0"))


def _digits(text: str) -> bool:
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    return text.isascii() and text.isdigit()
