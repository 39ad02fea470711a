"""The vendor paths of the Access Token API and the ePayment API (create, get, events, modify, force-approve)."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from infrastructure.mobilepay.simulator.api_support import AnyRequest, fingerprint, require_key, serve
from infrastructure.mobilepay.simulator.idempotency import Outcome
from infrastructure.mobilepay.simulator.payments import SimPayment
from infrastructure.mobilepay.simulator.problems import VendorProblem
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.mobilepay.simulator.tokens import TOKEN_LIFETIME
from infrastructure.mobilepay.simulator.validation import parse_create_request, require_amount

__all__ = ["payment_routes"]

_PAYMENTS = "/epayment/v1/payments"


@post(["/accesstoken/get", "/accessToken/get"], status_code=200)
async def fetch_token(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[bytes]:
    fault = sim.faults.take("token")
    if fault is not None and fault.kind != "timeout":
        status = 429 if fault.kind == "rate_limit" else fault.status
        sim.record_call(operation="token", status=status, fault=fault.kind)
        body = msgspec.json.encode({"statusCode": status, "message": "Injected fault"})
        retry = {"Retry-After": str(fault.retry_after)} if fault.kind == "rate_limit" else {}
        return Response(content=body, status_code=status, media_type="application/json", headers=retry)
    if fault is not None:
        await asyncio.sleep(fault.delay_seconds)  # the client gives up; the token is never seen
    headers = request.headers
    now = sim.clock()
    token = sim.tokens.issue(
        client_id=headers.get("client_id", ""),
        client_secret=headers.get("client_secret", ""),
        subscription_key=headers.get("ocp-apim-subscription-key", ""),
        now=now,
    )
    sim.record_call(operation="token", status=200)
    lifetime = int(TOKEN_LIFETIME.total_seconds())
    answer = {  # every value is a string, as the vendor sends them
        "token_type": "Bearer",
        "expires_in": str(lifetime),
        "ext_expires_in": "0",
        "expires_on": str(int(token.expires_at.timestamp())),
        "not_before": str(int(token.issued_at.timestamp())),
        "resource": "00000002-0000-0000-c000-000000000000",
        "access_token": token.value,
    }
    return Response(content=msgspec.json.encode(answer), status_code=200, media_type="application/json")


@post(_PAYMENTS, status_code=201)
async def create_payment(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[bytes]:
    landing = f"{str(request.base_url).rstrip('/')}{request.app.state.base_path}/phone"

    def work(msn: str | None, body: object) -> Outcome:
        assert msn is not None  # noqa: S101 - msn_required
        key = require_key(request.headers.get("idempotency-key"))
        assert key is not None  # noqa: S101
        create = parse_create_request(body, now=sim.clock())
        return sim.keys.run(
            (msn, "create"), key, fingerprint(body), "4020", lambda: sim.create(msn, create, key, landing_url=landing)
        )

    return await serve(request, sim, "create", work)


@get(f"{_PAYMENTS}/{{reference:str}}")
async def get_payment(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, _body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        return Outcome(status=200, body=sim.find(msn, reference).payment_json())

    return await serve(request, sim, "get", work, reference=reference)


@get(f"{_PAYMENTS}/{{reference:str}}/events")
async def get_events(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, _body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        payment = sim.find(msn, reference)
        return Outcome(status=200, body=[payment.event_json(event) for event in payment.events])

    return await serve(request, sim, "events", work, reference=reference)


def _modification(body: object) -> tuple[int, str]:
    if not isinstance(body, dict) or set(body) != {"modificationAmount"}:
        raise VendorProblem(400, "Body must be {modificationAmount}", code="4140", field="modificationAmount")
    return require_amount(body["modificationAmount"], "modificationAmount")


@post(f"{_PAYMENTS}/{{reference:str}}/capture", status_code=200)
async def capture_payment(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        key = require_key(request.headers.get("idempotency-key"))
        assert key is not None  # noqa: S101
        payment = sim.find(msn, reference)
        amount, currency = _modification(body)
        return sim.keys.run(
            (msn, "capture", reference),
            key,
            fingerprint(body),
            "4010",
            lambda: sim.capture(payment, amount, currency, key),
        )

    return await serve(request, sim, "capture", work, reference=reference)


@post(f"{_PAYMENTS}/{{reference:str}}/refund", status_code=200)
async def refund_payment(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        key = require_key(request.headers.get("idempotency-key"))
        assert key is not None  # noqa: S101
        payment = sim.find(msn, reference)
        amount, currency = _modification(body)
        return sim.keys.run(
            (msn, "refund", reference),
            key,
            fingerprint(body),
            "4150",
            lambda: sim.refund(payment, amount, currency, key),
        )

    return await serve(request, sim, "refund", work, reference=reference)


@post(f"{_PAYMENTS}/{{reference:str}}/cancel", status_code=200)
async def cancel_payment(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        # Newer vendor material only recommends the key on cancel, so it is optional here.
        key = require_key(request.headers.get("idempotency-key"), required=False)
        payment = sim.find(msn, reference)
        if body is not None and (not isinstance(body, dict) or not set(body) <= {"cancelTransactionOnly"}):
            raise VendorProblem(400, "Body may only hold cancelTransactionOnly", field="cancelTransactionOnly")
        only = bool(body.get("cancelTransactionOnly", False)) if isinstance(body, dict) else False

        def action() -> Outcome:
            return sim.cancel(payment, transaction_only=only, key=key)

        if key is None:
            return action()
        return sim.keys.run((msn, "cancel", reference), key, fingerprint(body), "4020", action)

    return await serve(request, sim, "cancel", work, reference=reference)


@post("/epayment/v1/test/payments/{reference:str}/approve", status_code=200)
async def force_approve(
    request: AnyRequest, sim: NamedDependency[SimulatorState], reference: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, body: object) -> Outcome:
        assert msn is not None  # noqa: S101
        payment = sim.find(msn, reference)
        _check_approver(payment, body)
        sim.approve(payment)
        return Outcome(status=200, body=None)

    return await serve(request, sim, "approve", work, reference=reference)


def _check_approver(payment: SimPayment, body: object) -> None:
    """`{"customer": {"phoneNumber"}}`, `{"token"}`, or no body at all for a PUSH_MESSAGE payment."""
    if body is None or body == {}:
        if payment.user_flow != "PUSH_MESSAGE" or payment.phone_number is None:
            raise VendorProblem(400, "customer or token is required for this payment", code="10010")
        return
    if not isinstance(body, dict) or not set(body) <= {"customer", "token"} or len(body) != 1:
        raise VendorProblem(400, "Give either customer or token", code="10010", field="body")
    if "token" in body:
        if body["token"] != payment.redirect_token:
            raise VendorProblem(400, "The token does not belong to this payment", code="10020", field="token")
        return
    customer = body["customer"]
    phone = customer.get("phoneNumber") if isinstance(customer, dict) else None
    if not isinstance(phone, str) or not phone.isdigit():
        raise VendorProblem(400, "customer.phoneNumber is required", code="10010", field="customer.phoneNumber")
    if payment.phone_number is not None and phone != payment.phone_number:
        raise VendorProblem(400, "The customer does not match the payment", code="10010", field="customer")


payment_routes = [
    fetch_token,
    create_payment,
    get_payment,
    get_events,
    capture_payment,
    refund_payment,
    cancel_payment,
    force_approve,
]
