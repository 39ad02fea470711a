"""Whether MobilePay can take a document at all (PRODUCT §6.1): one rule for the pay pages and for a payment's start."""

from __future__ import annotations

from typing import Literal

__all__ = ["Refusal", "why_not_payable"]

Refusal = Literal["not_invoice", "currency", "paid"]


def why_not_payable(*, doc_type: str, currency: str, outstanding: int | None, market_currency: str) -> Refusal | None:
    """Why the document cannot be paid with MobilePay here, or None: only invoices, only in the market's currency,
    only with something outstanding.
    """
    if doc_type != "invoice":
        return "not_invoice"
    if currency != market_currency:
        return "currency"
    if (outstanding or 0) <= 0:
        return "paid"
    return None
