"""The MobilePay market a portal runs in, and the one currency MobilePay takes there (PRODUCT §6.1)."""

from __future__ import annotations

from typing import Literal

__all__ = ["MARKETS", "Market", "market_currency"]

Market = Literal["DK", "FI"]
_CURRENCY: dict[str, str] = {"DK": "DKK", "FI": "EUR"}
MARKETS: tuple[str, ...] = tuple(_CURRENCY)


def market_currency(market: str) -> str:
    """`DK` → `DKK`, `FI` → `EUR`; KeyError for a market MobilePay does not serve."""
    return _CURRENCY[market]
