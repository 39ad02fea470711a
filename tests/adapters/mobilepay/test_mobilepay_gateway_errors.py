"""HttpxMobilePayGateway's error mapping: vendor refusals, unknown references, busy codes, unreadable answers."""

from __future__ import annotations

import httpx
import pytest

from application.ports.mobilepay_gateway import MobilePayPaymentNotFound, MobilePayRefused, MobilePayUnavailable
from tests.adapters.mobilepay.gateway_support import (
    PAYMENT_ID,
    REF,
    NoSleep,
    Vendor,
    scripted_gateway,
)

pytestmark = pytest.mark.adapter


def _problem(status: int, code: str | None, title: str = "Refused") -> httpx.Response:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status, "traceId": "trace-7"}
    if code is not None:
        body["extraDetails"] = [{"name": "ErrorCode", "reason": code}]
    return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json"})


@pytest.mark.parametrize(
    ("status", "code", "reason"),
    [
        (400, "7010", "customer_not_found"),
        (400, "4070", "invalid_phone"),
        (400, "6090", "amount_exceeds_authorized"),
        (409, None, "conflict"),
        (400, "9999", "refused"),
        (400, None, "refused"),
    ],
)
async def test_a_vendor_refusal_becomes_mobilepay_refused_with_its_code(
    status: int, code: str | None, reason: str
) -> None:
    vendor = Vendor(_problem(status, code, "Customer not found"))
    with pytest.raises(MobilePayRefused) as raised:
        await scripted_gateway(vendor).create_payment(
            payment_id=PAYMENT_ID, amount=1, currency="DKK", phone_number="4512345678"
        )
    error = raised.value
    assert (error.status, error.code, error.reason, error.trace_id) == (status, code, reason, "trace-7")
    assert "Customer not found" in error.message


async def test_an_apim_forbidden_body_is_read_too() -> None:
    vendor = Vendor(httpx.Response(403, json={"statusCode": 403, "message": "Merchant Not Allowed"}))
    with pytest.raises(MobilePayRefused, match="Merchant Not Allowed") as raised:
        await scripted_gateway(vendor).capture(PAYMENT_ID, amount=1, currency="DKK")
    assert raised.value.reason == "not_allowed"


@pytest.mark.parametrize("answer", [_problem(404, None), _problem(400, "5090")])
async def test_an_unknown_reference_is_not_found(answer: httpx.Response) -> None:
    with pytest.raises(MobilePayPaymentNotFound) as raised:
        await scripted_gateway(Vendor(answer)).get_payment(PAYMENT_ID)
    assert raised.value.reference == REF


async def test_a_busy_code_is_retried_and_then_unavailable() -> None:
    sleep = NoSleep()
    vendor = Vendor(*[_problem(400, "6280")] * 3)
    with pytest.raises(MobilePayUnavailable, match="6280"):
        await scripted_gateway(vendor, sleep=sleep).capture(PAYMENT_ID, amount=1, currency="DKK")
    assert len(vendor.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in vendor.requests} == {f"capture-{REF}"}


@pytest.mark.parametrize("body", [b"<html>gateway</html>", b'{"reference": 5}', b"[]"])
async def test_an_unreadable_success_is_unavailable(body: bytes) -> None:
    vendor = Vendor(httpx.Response(201, content=body))
    with pytest.raises(MobilePayUnavailable, match="unreadable"):
        await scripted_gateway(vendor).create_payment(
            payment_id=PAYMENT_ID, amount=1, currency="DKK", phone_number="4512345678"
        )
