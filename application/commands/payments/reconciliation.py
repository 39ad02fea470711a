"""What reconciling one payment found and did (PRODUCT §6.6 `portal payments reconcile`, also `--json`)."""

from __future__ import annotations

import uuid
from typing import Literal, Self

import msgspec

from application.ports.mobilepay_gateway import VendorPayment
from domain.payments.model import Payment

__all__ = ["ActionKind", "ReconcileAction", "Reconciliation", "answer_of"]

ActionKind = Literal["asked", "created", "settled", "captured", "capture_refused", "cancelled", "failed"]


class ReconcileAction(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One thing reconcile found or did to a payment, in the order it happened.

    - `asked`: what MobilePay answered (`answer`: not_found, created, authorized, captured, aborted, expired,
      terminated); always first.
    - `created`: the create request sent again on the payment's key (MobilePay did not have it yet).
    - `settled`: what MobilePay had captured was added to the invoice (`amount`, `currency`).
    - `captured` (`amount`, `currency`), `capture_refused` (`reason`), `cancelled` (the authorisation released).
    - `failed` (`reason`): the payment ended as failed.
    In a dry run they are what would happen.
    """

    kind: ActionKind
    answer: str | None = None
    amount: int | None = None
    currency: str | None = None
    reason: str | None = None


class Reconciliation(msgspec.Struct, frozen=True, kw_only=True):
    """One payment's reconcile: its status before and after, and the actions between."""

    id: uuid.UUID
    invoice_number: str
    before: str
    after: str
    actions: tuple[ReconcileAction, ...] = ()

    @classmethod
    def of(cls, payment: Payment, *, before: str, actions: list[ReconcileAction], after: str | None = None) -> Self:
        done = list(actions)
        final = after or payment.status
        if final == "failed" != before:
            done.append(ReconcileAction(kind="failed", reason=payment.reason))
        return cls(
            id=payment.id, invoice_number=payment.document.number, before=before, after=final, actions=tuple(done)
        )


def answer_of(vendor: VendorPayment | None) -> str:
    """MobilePay's answer in one word: its state, `captured` once money was captured, `not_found` for a 404."""
    if vendor is None:
        return "not_found"
    if vendor.aggregate.captured > 0:
        return "captured"
    return str(vendor.state).lower()
