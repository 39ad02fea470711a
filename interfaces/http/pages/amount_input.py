"""Amounts as people type them on the payment page (PRODUCT §6.1): major units, Danish or English punctuation.

`1.234,50`, `1234,50`, `1,234.50`, `1234.50`, `1 234,50 kr.` and `1.234,-` all mean 123450 minor units. A lone
separator followed by three digits groups thousands (`1.234` is 1234); one or two digits after it are decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

_CURRENCY = re.compile(r"(?i)(?:kr|dkk|eur)\.?|€")
_SHAPE = re.compile(r"[0-9]*(?:[.,][0-9]*)*")
_IGNORED = frozenset(" \t\u00a0\u202f'")
_MAX_CHARS = 24
_MINOR_UNITS = Decimal(100)
_DECIMALS = (1, 2)
_GROUP = 3


def parse_amount(text: str) -> int | None:
    """The amount in minor units, or None when the text is not an amount (negative, letters, three decimals)."""
    cleaned = "".join(ch for ch in _CURRENCY.sub("", text) if ch not in _IGNORED).removesuffix(",-").removesuffix(".-")
    if len(cleaned) > _MAX_CHARS or not _SHAPE.fullmatch(cleaned) or not any(c.isdigit() for c in cleaned):
        return None
    separator = _decimal_separator(cleaned)
    whole, fraction = cleaned.rsplit(separator, 1) if separator else (cleaned, "")
    if separator and len(fraction) not in _DECIMALS:
        return None
    digits = _whole_digits(whole)
    if digits is None:
        return None
    return int(digits or "0") * 100 + int(fraction.ljust(2, "0"))


def amount_text(minor: int, locale: str) -> str:
    """Minor units as the amount field shows them in `locale`, without a currency: `2.806,88` (da), `2,806.88`."""
    return format_decimal(Decimal(minor) / _MINOR_UNITS, format="#,##0.00", locale=locale)


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
