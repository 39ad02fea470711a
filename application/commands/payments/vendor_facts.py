"""What a GET of the payment (or the answer to a capture, cancel or refund) says: the facts a Payment observes."""

from __future__ import annotations

from application.ports.mobilepay_gateway import VendorPayment
from domain.payments.model import VendorFacts


def facts_from_payment(vendor: VendorPayment) -> VendorFacts:
    """MobilePay's own running totals (its payment aggregate): the only source of the amounts (PRODUCT §6.4)."""
    aggregate = vendor.aggregate
    return VendorFacts(
        state=str(vendor.state),
        authorized=aggregate.authorized,
        captured=aggregate.captured,
        refunded=aggregate.refunded,
        cancelled=aggregate.cancelled,
        psp_reference=vendor.psp_reference,
    )
