"""One path for every simulated API call: vendor headers, injected faults, JSON body, answer, call log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import msgspec
from litestar import Request, Response
from litestar.datastructures import State

from infrastructure.mobilepay.simulator.faults import Fault
from infrastructure.mobilepay.simulator.idempotency import Outcome
from infrastructure.mobilepay.simulator.problems import VendorProblem, problem_response
from infrastructure.mobilepay.simulator.state import SimulatorState

__all__ = ["AnyRequest", "fingerprint", "serve"]

AnyRequest = Request[object, object, State]
Work = Callable[[str | None, object], Outcome]


def fingerprint(body: object) -> bytes:
    """The request body in a canonical form: equal bodies, equal fingerprints, whatever the key order."""
    return msgspec.json.encode(body, order="sorted")


def _decode(raw: bytes) -> object:
    if not raw.strip():
        return None
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise VendorProblem(400, "The request body is not valid JSON", field="body") from exc


def _fault_response(fault: Fault) -> Response[bytes]:
    if fault.kind == "rate_limit":
        problem = VendorProblem(429, "Too many requests", detail="Rate limit is exceeded.")
        response = problem_response(problem, "")
        response.headers["Retry-After"] = str(fault.retry_after)
        return response
    return problem_response(VendorProblem(fault.status, "Injected fault", detail="The simulator was told to fail."), "")


def _json(outcome: Outcome) -> Response[bytes]:
    content = b"" if outcome.body is None else msgspec.json.encode(outcome.body)
    return Response(content=content, status_code=outcome.status, media_type="application/json")


async def serve(
    request: AnyRequest,
    sim: SimulatorState,
    operation: str,
    work: Work,
    *,
    reference: str | None = None,
    msn_required: bool = True,
) -> Response[bytes]:
    """Authenticate, apply an armed fault, run `work(msn, json_body)` and answer as the vendor would.

    - Faults "before" answer without running `work`; "after" run it first, so the change sticks.
    - `work` runs without awaiting, so an idempotency key is checked and stored atomically.
    """
    msn = sim.authenticate(request.headers, msn_required=msn_required)
    raw = await request.body()
    key = request.headers.get("idempotency-key")
    fault = sim.faults.take(operation)
    log = {"operation": operation, "reference": reference, "idempotency_key": key, "msn": msn}
    if fault is not None and (fault.kind == "rate_limit" or (fault.kind == "error" and fault.when == "before")):
        sim.record_call(**log, status=429 if fault.kind == "rate_limit" else fault.status, fault=fault.kind)
        return _fault_response(fault)
    if fault is not None and fault.kind == "timeout" and fault.when == "before":
        await asyncio.sleep(fault.delay_seconds)
    try:
        outcome = work(msn, _decode(raw))
    except VendorProblem as problem:
        response = problem_response(problem, request.url.path)
        sim.record_call(**log, status=problem.status, replayed=False)
    else:
        response = _json(outcome)
        sim.record_call(**log, status=outcome.status, replayed=outcome.replayed)
    if fault is not None and fault.when == "after":
        if fault.kind == "timeout":
            await asyncio.sleep(fault.delay_seconds)
        else:
            sim.record_call(**log, status=fault.status, fault=fault.kind)
            return _fault_response(fault)
    return response


def require_key(key: str | None, *, required: bool = True) -> str | None:
    """The Idempotency-Key header: at most 50 characters; required where the vendor requires it."""
    if key is None or key == "":
        if required:
            raise VendorProblem(400, "Idempotency-Key header is required", code="4140", field="Idempotency-Key")
        return None
    if len(key) > 50:  # noqa: PLR2004 - the vendor's limit
        raise VendorProblem(400, "Idempotency-Key is longer than 50 characters", field="Idempotency-Key")
    return key
