"""Errors of the payments context."""

from __future__ import annotations

from domain.shared.errors import DomainError

__all__ = ["ImplausibleVendorFacts", "InvalidPayment"]


class InvalidPayment(DomainError):
    """The payment cannot be made or changed as asked."""


class ImplausibleVendorFacts(DomainError):
    """What MobilePay is said to say breaks the payment's invariants; the payment was left as it was."""
