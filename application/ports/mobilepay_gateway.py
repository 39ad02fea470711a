"""Port: the MobilePay ePayment and Webhooks APIs, as the payment use cases need them (PRODUCT §6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal, Protocol
from uuid import UUID

import msgspec

from domain.shared.errors import DomainError, NotFound

__all__ = [
    "PAYMENT_WEBHOOK_EVENTS",
    "InvalidWebhookSignature",
    "MobilePayGateway",
    "MobilePayPaymentNotFound",
    "MobilePayRefused",
    "MobilePayUnavailable",
    "MobilePayWebhookVerifier",
    "RegisteredWebhook",
    "UnreadableWebhookEvent",
    "VendorAggregate",
    "VendorEvent",
    "VendorEventName",
    "VendorPayment",
    "VendorState",
    "WebhookRegistration",
]

VendorState = Literal["CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED"]
VendorEventName = Literal[
    "CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED", "CAPTURED", "CANCELLED", "REFUNDED"
]

PAYMENT_WEBHOOK_EVENTS: tuple[str, ...] = tuple(
    f"epayments.payment.{name}.v1"
    for name in ("created", "authorized", "aborted", "expired", "terminated", "captured", "cancelled", "refunded")
)


class VendorAggregate(msgspec.Struct, frozen=True, kw_only=True):
    """What MobilePay has done with the money so far, in minor units of the payment's currency."""

    authorized: int
    cancelled: int
    captured: int
    refunded: int


class VendorPayment(msgspec.Struct, frozen=True, kw_only=True):
    """A payment as MobilePay sees it (GET payment, or the answer to capture, cancel and refund).

    - `state` never becomes CAPTURED or REFUNDED: after a capture it stays AUTHORIZED; read `aggregate`.
    - `reference` is the portal payment's UUID as text.
    """

    reference: str
    state: VendorState
    amount: int
    currency: str
    aggregate: VendorAggregate
    psp_reference: str

    @property
    def capturable(self) -> int:
        """What may still be captured: authorised minus cancelled minus captured."""
        agg = self.aggregate
        return max(agg.authorized - agg.cancelled - agg.captured, 0)


class VendorEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of a payment's event log, or the body of one webhook.

    - `psp_reference` identifies this operation; (reference, name, psp_reference) identifies the event.
    - `amount` is the amount of this operation, not of the payment.
    - `msn` is set on webhooks only. Check `success` before acting on it.
    """

    reference: str
    psp_reference: str
    name: VendorEventName
    amount: int
    currency: str
    timestamp: datetime
    success: bool
    idempotency_key: str | None = None
    msn: str | None = None


class WebhookRegistration(msgspec.Struct, frozen=True, kw_only=True):
    """A new webhook registration. MobilePay shows `secret` only this once."""

    id: str
    secret: str


class RegisteredWebhook(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    url: str
    events: tuple[str, ...]


class MobilePayUnavailable(Exception):
    """MobilePay could not be reached or kept failing (timeouts, 5xx, 429) after the retries (HTTP 503).

    - Nothing is known about the outcome: retry later with the same idempotency key, or read the payment.
    """


class MobilePayRefused(DomainError):
    """MobilePay answered 4xx and refused the request; retrying it unchanged will not help (HTTP 422).

    - `code` is the vendor's numeric ErrorCode as text (e.g. "4070"), when it sent one.
    - `reason` is a stable snake_case word for the payment's `reason` (e.g. "invalid_phone", "refused").
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        reason: str,
        code: str | None = None,
        detail: str | None = None,
        trace_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.code = code
        self.detail = detail
        self.trace_id = trace_id


class MobilePayPaymentNotFound(NotFound):
    """MobilePay knows no payment with this reference for our merchant serial number (HTTP 404)."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"MobilePay has no payment {reference}")
        self.reference = reference


class InvalidWebhookSignature(Exception):
    """A webhook was altered, forged, unsigned or dated too far from now (HTTP 401); nothing may change."""


class UnreadableWebhookEvent(DomainError):
    """A correctly signed webhook whose body is not an ePayment event (HTTP 422)."""


class MobilePayGateway(Protocol):
    """The ePayment API (create, read, capture, cancel, refund) and webhook registration.

    - `reference` on MobilePay is always `str(payment_id)`. Create sends `Idempotency-Key` = the payment id,
      capture `capture-{payment_id}` and cancel `cancel-{payment_id}` unless a key is given.
    - Timeouts, 5xx and 429 are retried with backoff on the same idempotency key; when the retries run out the
      call raises `MobilePayUnavailable` and the outcome is unknown (read the payment, or retry on the same key).
    - A 4xx refusal raises `MobilePayRefused`; an unknown reference raises `MobilePayPaymentNotFound`.
    - Amounts are integers in minor units; `currency` is "DKK" or "EUR" (the market's).
    """

    async def create_payment(
        self,
        *,
        payment_id: UUID,
        amount: int,
        currency: str,
        phone_number: str,
        description: str | None = None,
    ) -> str:
        """Push a request to `phone_number` (MSISDN: country code + number, "+" tolerated); returns the reference."""
        ...

    async def get_payment(self, payment_id: UUID) -> VendorPayment: ...

    async def list_events(self, payment_id: UUID) -> list[VendorEvent]:
        """The payment's event log, oldest first: the authoritative history."""
        ...

    async def capture(
        self, payment_id: UUID, *, amount: int, currency: str, idempotency_key: str | None = None
    ) -> VendorPayment: ...

    async def cancel(self, payment_id: UUID, *, idempotency_key: str | None = None) -> VendorPayment:
        """Before approval: the payment becomes TERMINATED. After: the uncaptured remainder is released."""
        ...

    async def refund(self, payment_id: UUID, *, amount: int, currency: str, idempotency_key: str) -> VendorPayment:
        """Refund part or all of what was captured; each distinct refund needs its own idempotency key."""
        ...

    async def register_webhook(
        self, *, url: str, events: Sequence[str] = PAYMENT_WEBHOOK_EVENTS
    ) -> WebhookRegistration: ...

    async def list_webhooks(self) -> list[RegisteredWebhook]: ...

    async def delete_webhook(self, webhook_id: str) -> None: ...


class MobilePayWebhookVerifier(Protocol):
    """Checks a webhook delivery as MobilePay signs it and decodes its body.

    - `path_and_query` is that of the registered URL (what MobilePay signed), e.g. "/webhooks/mobilepay".
    - Raises `InvalidWebhookSignature` for a wrong hash or signature, missing headers, or an `x-ms-date` more
      than 5 minutes from `now`; `UnreadableWebhookEvent` for a signed body that is not an ePayment event.
    """

    def verify(self, *, headers: Mapping[str, str], body: bytes, path_and_query: str, now: datetime) -> VendorEvent: ...
