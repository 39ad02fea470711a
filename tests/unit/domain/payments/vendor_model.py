"""MobilePay's payment aggregate as the payment state machines model it (the simulator and the vendor's description
keep it so): the vendor side both machines play against."""

from __future__ import annotations

from dataclasses import dataclass

from domain.payments.model import VendorFacts


@dataclass(frozen=True, slots=True)
class Vendor:
    state: str = "CREATED"
    authorized: int = 0
    captured: int = 0
    refunded: int = 0
    cancelled: int = 0

    def facts(self) -> VendorFacts:
        """What a look at MobilePay's aggregate tells the portal now."""
        return VendorFacts(
            state=self.state,
            authorized=self.authorized,
            captured=self.captured,
            refunded=self.refunded,
            cancelled=self.cancelled,
            psp_reference="psp-1",
        )
