"""The payment page's amount field as it shows an amount (PRODUCT §6.1); what people type back is read by the
domain's one rule for typed amounts, `domain.documents.money.parse_major`.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

_MINOR_UNITS = Decimal(100)


def amount_text(minor: int, locale: str) -> str:
    """Minor units as the amount field shows them in `locale`, without a currency: `2.806,88` (da), `2,806.88`."""
    return format_decimal(Decimal(minor) / _MINOR_UNITS, format="#,##0.00", locale=locale)
