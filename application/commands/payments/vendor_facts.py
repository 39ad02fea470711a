"""What the stored vendor events, or a GET of the payment, say: the facts a Payment observes."""

from __future__ import annotations

from collections.abc import Sequence

from application.ports.mobilepay_gateway import VendorPayment
from application.ports.payments import StoredVendorEvent
from domain.payments.model import VendorFacts

_TERMINAL = ("ABORTED", "EXPIRED", "TERMINATED")


def facts_from_events(events: Sequence[StoredVendorEvent]) -> VendorFacts:
    """Totals over the distinct successful events; any order of arrival gives the same facts."""
    ok = [e for e in events if e.success]
    names = {e.name for e in ok}
    state = next((name for name in _TERMINAL if name in names), None)
    if state is None:
        state = "AUTHORIZED" if "AUTHORIZED" in names else "CREATED"
    psp = next((e.psp_reference for e in sorted(ok, key=lambda e: e.occurred_at) if e.name == "CAPTURED"), None)
    return VendorFacts(
        state=state,
        authorized=max((e.amount for e in ok if e.name == "AUTHORIZED"), default=0),
        captured=sum(e.amount for e in ok if e.name == "CAPTURED"),
        refunded=sum(e.amount for e in ok if e.name == "REFUNDED"),
        cancelled=sum(e.amount for e in ok if e.name == "CANCELLED"),
        psp_reference=psp,
    )


def facts_from_payment(vendor: VendorPayment) -> VendorFacts:
    aggregate = vendor.aggregate
    return VendorFacts(
        state=str(vendor.state),
        authorized=aggregate.authorized,
        captured=aggregate.captured,
        refunded=aggregate.refunded,
        cancelled=aggregate.cancelled,
        psp_reference=vendor.psp_reference,
    )
