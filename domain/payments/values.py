"""Value objects of the payments context: what MobilePay says, and what the portal must ask it next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["NextStep", "VendorFacts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorFacts:
    """What MobilePay says about the payment: its state and running totals, as claimed (`Payment.observe` judges)."""

    state: str
    authorized: int = 0
    captured: int = 0
    refunded: int = 0
    cancelled: int = 0
    psp_reference: str | None = None

    def implausibility(self, *, amount: int, captured: int) -> str | None:
        """Why these facts cannot be true of a payment of `amount` that has `captured` so far, or None.

        - Impossible is claiming more money than MobilePay can have moved for the payment.
        """
        if min(self.authorized, self.captured, self.refunded, self.cancelled) < 0:
            return "a negative amount"
        if self.captured > self.authorized:
            return f"captured {self.captured} above the authorised {self.authorized}"
        if self.refunded > self.captured:
            return f"refunded {self.refunded} above the captured {self.captured}"
        if self.authorized > amount:
            return f"authorised {self.authorized} above the payment's {amount}"
        if captured and self.captured not in (0, captured):
            # the portal captures once (one idempotency key); 0 is merely a read from before the capture
            return f"captured {self.captured} where {captured} was captured"
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStep:
    """What the portal must ask MobilePay next: capture `amount`, or cancel the authorisation."""

    kind: Literal["capture", "cancel"]
    amount: int = 0
