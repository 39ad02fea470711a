"""Money rules of PRODUCT §1: integers in minor units, half-up rounding at the line and per VAT rate."""

from __future__ import annotations

import re
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
    """A major-unit amount as people type or read it, in minor units; None when the text is not an amount.

    `1.234,50`, `1234,50`, `1,234.50`, `1234.50`, `1 234,50 kr.`, `5.396,88 kr.` and `1.234,-` all mean 123450 (the
    payment form, the list's search). A lone separator followed by three digits groups thousands (`1.234` is 1234);
    one or two digits after it are decimals. Negative amounts, letters and three decimals are not amounts.
    """
    cleaned = "".join(ch for ch in _CURRENCY.sub("", text) if ch not in _IGNORED).removesuffix(",-").removesuffix(".-")
    if len(cleaned) > _MAX_CHARS or not _SHAPE.fullmatch(cleaned) or not any(c.isdigit() for c in cleaned):
        return None
    separator = _decimal_separator(cleaned)
    whole, fraction = cleaned.rsplit(separator, 1) if separator else (cleaned, "")
    if separator and len(fraction) not in _DECIMALS:
        return None
    digits = _whole_digits(whole)
    if digits is None or len(digits) > _MAX_WHOLE_DIGITS:
        return None
    return int(digits or "0") * 100 + int(fraction.ljust(_MINOR_DIGITS, "0"))


_CURRENCY = re.compile(r"(?i)(?:kr|dkk|eur)\.?|€")
_SHAPE = re.compile(r"[0-9]*(?:[.,][0-9]*)*")
_IGNORED = frozenset(" \t\u00a0\u202f'")
_MAX_CHARS = 24
_DECIMALS = (1, 2)
_GROUP = 3


def _decimal_separator(text: str) -> str | None:
    """The separator that marks decimals: the last of two kinds, or a lone one not followed by a group of three."""
    present = [sep for sep in ".," if sep in text]
    if len(present) == 2:  # noqa: PLR2004
        return max(present, key=text.rfind)
    if not present:
        return None
    sep = present[0]
    if text.count(sep) > 1:
        return None
    return None if len(text.rsplit(sep, 1)[1]) == _GROUP else sep


def _whole_digits(whole: str) -> str | None:
    """The digits of the whole part, with thousands separators only between groups of three."""
    groups = re.split(r"[.,]", whole)
    if len(groups) == 1:
        return whole
    if len({ch for ch in whole if ch in ".,"}) > 1:
        return None
    head, *rest = groups
    if not 1 <= len(head) <= _GROUP or any(len(group) != _GROUP for group in rest):
        return None
    return "".join(groups)
