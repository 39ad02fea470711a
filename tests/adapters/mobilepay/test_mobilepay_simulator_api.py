"""The simulator's vendor API in process: headers, validation, idempotency, the state machine, faults."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.adapters.mobilepay.simulator_support import MSN, MovableClock

pytestmark = pytest.mark.adapter

PAYMENTS = "/epayment/v1/payments"


def _create_body(reference: str, /, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": {"currency": "DKK", "value": 12500},
        "paymentMethod": {"type": "WALLET"},
        "reference": reference,
        "userFlow": "PUSH_MESSAGE",
        "customer": {"phoneNumber": "4520123456"},
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


async def _create(sim: httpx.AsyncClient, headers: dict[str, str], **changes: Any) -> str:
    reference = str(uuid.uuid4())
    answer = await sim.post(
        PAYMENTS, json=_create_body(reference, **changes), headers={**headers, "Idempotency-Key": reference}
    )
    assert answer.status_code == 201, answer.text
    return reference


def _code(answer: httpx.Response) -> str | None:
    for extra in answer.json().get("extraDetails", []):
        if extra["name"] == "ErrorCode":
            return str(extra["reason"])
    return None


@pytest.mark.parametrize("missing", ["client_id", "client_secret", "Ocp-Apim-Subscription-Key"])
async def test_a_token_needs_every_credential(sim: httpx.AsyncClient, missing: str) -> None:
    headers = {"client_id": "id", "client_secret": "secret", "Ocp-Apim-Subscription-Key": "key"}
    headers[missing] = ""
    answer = await sim.post("/accesstoken/get", headers=headers)
    assert answer.status_code == 401
    assert "access_token" not in answer.json()


async def test_a_token_answer_has_string_values_as_the_vendor_sends(sim: httpx.AsyncClient) -> None:
    answer = await sim.post(
        "/accessToken/get", headers={"client_id": "a", "client_secret": "b", "Ocp-Apim-Subscription-Key": "c"}
    )
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == "3600"
    assert all(isinstance(value, str) for value in body.values())


@pytest.mark.parametrize(
    "change",
    [
        {"Authorization": ""},
        {"Authorization": "Bearer not-issued"},
        {"Ocp-Apim-Subscription-Key": "other-key"},
        {"Ocp-Apim-Subscription-Key": ""},
    ],
)
async def test_api_calls_need_a_token_it_issued_for_that_subscription_key(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str], change: dict[str, str]
) -> None:
    answer = await sim.get(f"{PAYMENTS}/some-reference", headers={**vendor_headers, **change})
    assert answer.status_code == 401
    assert answer.json()["statusCode"] == 401


async def test_an_expired_token_is_refused(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str], clock: MovableClock
) -> None:
    clock.advance(hours=1)
    assert (await sim.get(f"{PAYMENTS}/some-reference", headers=vendor_headers)).status_code == 401


async def test_the_merchant_serial_number_is_required(sim: httpx.AsyncClient, vendor_headers: dict[str, str]) -> None:
    headers = {k: v for k, v in vendor_headers.items() if k != "Merchant-Serial-Number"}
    answer = await sim.get(f"{PAYMENTS}/some-reference", headers=headers)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"


async def test_create_then_get_shows_a_created_payment(sim: httpx.AsyncClient, vendor_headers: dict[str, str]) -> None:
    reference = await _create(sim, vendor_headers)
    body = (await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)).json()
    assert body["state"] == "CREATED"
    assert body["aggregate"]["authorizedAmount"] == {"currency": "DKK", "value": 0}
    assert "redirectUrl" not in body


async def test_the_same_key_and_body_replays_and_creates_one_payment(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = str(uuid.uuid4())
    headers = {**vendor_headers, "Idempotency-Key": reference}
    first = await sim.post(PAYMENTS, json=_create_body(reference), headers=headers)
    again = await sim.post(PAYMENTS, json=_create_body(reference), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    events = (await sim.get(f"{PAYMENTS}/{reference}/events", headers=vendor_headers)).json()
    assert [e["name"] for e in events] == ["CREATED"]
    assert events[0]["idempotencyKey"] == reference


async def test_the_same_key_with_another_body_is_a_conflict(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = str(uuid.uuid4())
    headers = {**vendor_headers, "Idempotency-Key": reference}
    await sim.post(PAYMENTS, json=_create_body(reference), headers=headers)
    answer = await sim.post(
        PAYMENTS, json=_create_body(reference, amount={"currency": "DKK", "value": 1}), headers=headers
    )
    assert answer.status_code == 409
    assert _code(answer) == "4020"


async def test_a_reused_reference_with_a_new_key_is_refused(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = await _create(sim, vendor_headers)
    answer = await sim.post(
        PAYMENTS, json=_create_body(reference), headers={**vendor_headers, "Idempotency-Key": "other-key"}
    )
    assert answer.status_code == 409
    assert _code(answer) == "4150"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"customer": {"phoneNumber": "+4520123456"}}, "4070"),
        ({"customer": None}, "4140"),
        ({"amount": {"currency": "DKK", "value": 12.5}}, "4040"),
        ({"amount": {"currency": "NOK", "value": 99}}, "6010"),
        ({"reference": "short"}, None),
        ({"surprise": 1}, None),
        ({"userFlow": "WEB_REDIRECT"}, "4090"),
        ({"paymentDescription": "ab"}, None),
    ],
)
async def test_bad_create_bodies_are_refused_with_the_vendor_code(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str], changes: dict[str, Any], code: str | None
) -> None:
    reference = str(uuid.uuid4())
    body = _create_body(reference, **changes)
    answer = await sim.post(PAYMENTS, json=body, headers={**vendor_headers, "Idempotency-Key": reference})
    assert answer.status_code == 400
    assert _code(answer) == code


async def test_a_web_redirect_payment_gets_a_landing_url(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = str(uuid.uuid4())
    body = _create_body(reference, userFlow="WEB_REDIRECT", customer=None, returnUrl="https://shop.example/back")
    answer = await sim.post(PAYMENTS, json=body, headers={**vendor_headers, "Idempotency-Key": reference})
    assert answer.json()["redirectUrl"].startswith("http://sim.test/phone?token=")


async def test_force_approve_with_an_empty_body_authorizes_a_push_payment(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = await _create(sim, vendor_headers)
    answer = await sim.post(f"/epayment/v1/test/payments/{reference}/approve", headers=vendor_headers)
    assert answer.status_code == 200
    body = (await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)).json()
    assert body["state"] == "AUTHORIZED"
    assert body["aggregate"]["authorizedAmount"]["value"] == 12500


async def test_force_approve_checks_the_customer(sim: httpx.AsyncClient, vendor_headers: dict[str, str]) -> None:
    reference = await _create(sim, vendor_headers)
    url = f"/epayment/v1/test/payments/{reference}/approve"
    wrong = await sim.post(url, json={"customer": {"phoneNumber": "4599999999"}}, headers=vendor_headers)
    right = await sim.post(url, json={"customer": {"phoneNumber": "4520123456"}}, headers=vendor_headers)
    twice = await sim.post(url, json={"customer": {"phoneNumber": "4520123456"}}, headers=vendor_headers)
    assert (wrong.status_code, right.status_code, twice.status_code) == (400, 200, 400)


async def test_an_unanswered_payment_expires_after_ten_minutes(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str], clock: MovableClock
) -> None:
    reference = await _create(sim, vendor_headers)
    clock.advance(minutes=9, seconds=59)
    assert (await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)).json()["state"] == "CREATED"
    clock.advance(seconds=1)
    assert (await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)).json()["state"] == "EXPIRED"


async def test_capture_refund_and_cancel_follow_the_aggregate_rules(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    reference = await _create(sim, vendor_headers)
    base = f"{PAYMENTS}/{reference}"

    def amount(value: int) -> dict[str, Any]:
        return {"modificationAmount": {"currency": "DKK", "value": value}}

    early = await sim.post(f"{base}/capture", json=amount(100), headers={**vendor_headers, "Idempotency-Key": "c0"})
    assert _code(early) == "6080"
    await sim.post(f"/epayment/v1/test/payments/{reference}/approve", headers=vendor_headers)
    too_much = await sim.post(
        f"{base}/capture", json=amount(12501), headers={**vendor_headers, "Idempotency-Key": "c1"}
    )
    assert _code(too_much) == "6090"
    captured = await sim.post(
        f"{base}/capture", json=amount(10000), headers={**vendor_headers, "Idempotency-Key": "c2"}
    )
    assert captured.json()["aggregate"]["capturedAmount"]["value"] == 10000
    assert captured.json()["state"] == "AUTHORIZED"
    over_refund = await sim.post(
        f"{base}/refund", json=amount(10001), headers={**vendor_headers, "Idempotency-Key": "r1"}
    )
    assert _code(over_refund) == "6150"
    cancelled = await sim.post(f"{base}/cancel", json={"cancelTransactionOnly": False}, headers=vendor_headers)
    assert cancelled.json()["aggregate"]["cancelledAmount"]["value"] == 2500
    after_cancel = await sim.post(
        f"{base}/capture", json=amount(1), headers={**vendor_headers, "Idempotency-Key": "c3"}
    )
    assert _code(after_cancel) == "6070"
    events = (await sim.get(f"{base}/events", headers=vendor_headers)).json()
    assert [e["name"] for e in events] == ["CREATED", "AUTHORIZED", "CAPTURED", "CANCELLED"]


async def test_cancel_before_approval_terminates(sim: httpx.AsyncClient, vendor_headers: dict[str, str]) -> None:
    reference = await _create(sim, vendor_headers)
    answer = await sim.post(f"{PAYMENTS}/{reference}/cancel", headers={**vendor_headers, "Idempotency-Key": "k"})
    assert answer.json()["state"] == "TERMINATED"


async def test_a_rate_limit_fault_answers_429_with_retry_after_and_changes_nothing(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    armed = await sim.post("/control/api/faults", json={"operation": "create", "kind": "rate_limit", "retry_after": 7})
    assert armed.status_code == 201
    reference = str(uuid.uuid4())
    answer = await sim.post(
        PAYMENTS, json=_create_body(reference), headers={**vendor_headers, "Idempotency-Key": reference}
    )
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "7"
    assert (await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)).status_code == 404


@pytest.mark.parametrize(("when", "exists"), [("before", False), ("after", True)])
async def test_an_error_fault_fails_before_or_after_applying(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str], when: str, exists: bool
) -> None:
    await sim.post("/control/api/faults", json={"operation": "create", "kind": "error", "status": 502, "when": when})
    reference = str(uuid.uuid4())
    answer = await sim.post(
        PAYMENTS, json=_create_body(reference), headers={**vendor_headers, "Idempotency-Key": reference}
    )
    assert answer.status_code == 502
    found = await sim.get(f"{PAYMENTS}/{reference}", headers=vendor_headers)
    assert (found.status_code == 200) is exists


async def test_a_fault_is_used_up(sim: httpx.AsyncClient, vendor_headers: dict[str, str]) -> None:
    await sim.post("/control/api/faults", json={"operation": "get", "kind": "error", "count": 2})
    statuses = [(await sim.get(f"{PAYMENTS}/unknown-ref", headers=vendor_headers)).status_code for _ in range(3)]
    assert statuses == [503, 503, 404]
    state = (await sim.get("/control/api/state")).json()
    assert state["faults"] == []


async def test_the_control_api_approves_rejects_and_reports(
    sim: httpx.AsyncClient, vendor_headers: dict[str, str]
) -> None:
    approved, rejected = await _create(sim, vendor_headers), await _create(sim, vendor_headers)
    assert (await sim.post(f"/control/api/payments/{MSN}/{approved}/approve")).status_code == 204
    assert (await sim.post(f"/control/api/payments/{MSN}/{rejected}/reject")).status_code == 204
    states = {p["reference"]: p["state"] for p in (await sim.get("/control/api/state")).json()["payments"]}
    assert (states[approved], states[rejected]) == ("AUTHORIZED", "ABORTED")
