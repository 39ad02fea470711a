"""The vendor's JSON shapes (camelCase) and their conversion into the port's structs.

Decoding is lenient about extra fields (the vendor adds fields over time) and strict about the ones we use.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.ports.mobilepay_gateway import (
    RegisteredWebhook,
    VendorAggregate,
    VendorEvent,
    VendorEventName,
    VendorPayment,
    VendorState,
    WebhookRegistration,
)

__all__ = [
    "WireCreateResponse",
    "WireEvent",
    "WirePayment",
    "WireProblem",
    "WireRegisterResponse",
    "WireToken",
    "WireWebhookList",
    "create_payment_body",
    "modification_body",
]


class WireAmount(msgspec.Struct, frozen=True):
    currency: str
    value: int


class WireAggregate(msgspec.Struct, frozen=True, rename="camel"):
    authorized_amount: WireAmount
    cancelled_amount: WireAmount
    captured_amount: WireAmount
    refunded_amount: WireAmount


class WirePayment(msgspec.Struct, frozen=True, rename="camel"):
    """GetPaymentResponse and ModificationResponse share these fields."""

    reference: str
    state: VendorState
    amount: WireAmount
    aggregate: WireAggregate
    psp_reference: str

    def to_port(self) -> VendorPayment:
        agg = self.aggregate
        return VendorPayment(
            reference=self.reference,
            state=self.state,
            amount=self.amount.value,
            currency=self.amount.currency,
            aggregate=VendorAggregate(
                authorized=agg.authorized_amount.value,
                cancelled=agg.cancelled_amount.value,
                captured=agg.captured_amount.value,
                refunded=agg.refunded_amount.value,
            ),
            psp_reference=self.psp_reference,
        )


class WireEvent(msgspec.Struct, frozen=True, rename="camel"):
    """PaymentEvent (event log) and WebhookEvent (webhook body; it adds `msn`)."""

    reference: str
    psp_reference: str
    name: VendorEventName
    amount: WireAmount
    timestamp: datetime
    success: bool
    idempotency_key: str | None = None
    msn: str | None = None

    def to_port(self) -> VendorEvent:
        return VendorEvent(
            reference=self.reference,
            psp_reference=self.psp_reference,
            name=self.name,
            amount=self.amount.value,
            currency=self.amount.currency,
            timestamp=self.timestamp,
            success=self.success,
            idempotency_key=self.idempotency_key,
            msn=self.msn,
        )


class WireToken(msgspec.Struct, frozen=True):
    """The Access Token API answers every value as a string; `expires_in` is parsed with int()."""

    access_token: str
    expires_in: str | int
    token_type: str = "Bearer"  # noqa: S105 - a token kind, not a secret


class WireCreateResponse(msgspec.Struct, frozen=True, rename="camel"):
    reference: str
    redirect_url: str | None = None


class WireRegisterResponse(msgspec.Struct, frozen=True):
    id: str
    secret: str

    def to_port(self) -> WebhookRegistration:
        return WebhookRegistration(id=self.id, secret=self.secret)


class WireWebhook(msgspec.Struct, frozen=True):
    id: str
    url: str
    events: list[str]


class WireWebhookList(msgspec.Struct, frozen=True):
    webhooks: list[WireWebhook]

    def to_port(self) -> list[RegisteredWebhook]:
        return [RegisteredWebhook(id=w.id, url=w.url, events=tuple(w.events)) for w in self.webhooks]


class WireExtraDetail(msgspec.Struct, frozen=True):
    name: str | None = None
    reason: str | None = None


class WireProblem(msgspec.Struct, frozen=True, rename="camel"):
    """RFC 7807 body of the ePayment and Webhooks APIs; also Azure APIM's `{statusCode, message}`."""

    type: str | None = None
    title: str | None = None
    detail: str | None = None
    status: int | None = None
    trace_id: str | None = None
    extra_details: list[WireExtraDetail] | None = None
    message: str | None = None

    @property
    def error_code(self) -> str | None:
        for extra in self.extra_details or []:
            if (extra.name or "").lower() == "errorcode" and extra.reason:
                return extra.reason
        return None


def create_payment_body(
    *, reference: str, amount: int, currency: str, phone_number: str, description: str | None
) -> dict[str, object]:
    body: dict[str, object] = {
        "amount": {"currency": currency, "value": amount},
        "paymentMethod": {"type": "WALLET"},
        "reference": reference,
        "userFlow": "PUSH_MESSAGE",
        "customer": {"phoneNumber": phone_number},
    }
    if description:
        body["paymentDescription"] = description
    return body


def modification_body(*, amount: int, currency: str) -> dict[str, object]:
    return {"modificationAmount": {"currency": currency, "value": amount}}
