"""The simulator's HTML: the "phone" where a person approves or rejects, and the "control" page of switches."""

from __future__ import annotations

import re

import msgspec
from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.params import FromPath
from litestar.response import Redirect

from infrastructure.mobilepay.simulator.api_support import AnyRequest
from infrastructure.mobilepay.simulator.faults import OPERATIONS, Fault, WebhookSwitches
from infrastructure.mobilepay.simulator.problems import VendorProblem
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.mobilepay.simulator.templating import render, stylesheet

__all__ = ["page_routes"]

_MESSAGES = {
    "approved": "You approved the payment request {ref}.",
    "rejected": "You rejected the payment request {ref}.",
    "expired": "Payment request {ref} expired.",
    "gone": "Payment request {ref} is no longer waiting for an answer.",
    "saved": "Saved.",
    "invalid": "That was not accepted: check the values and try again.",
}
_SAFE_REF = re.compile(r"[A-Za-z0-9-]{1,64}")


def _base(request: AnyRequest) -> str:
    return str(request.app.state.base_path)


def _message(request: AnyRequest) -> str | None:
    template = _MESSAGES.get(request.query_params.get("done", ""))
    ref = request.query_params.get("ref", "")
    return template.format(ref=ref if _SAFE_REF.fullmatch(ref) else "") if template else None


def _back(request: AnyRequest, page: str, **query: str) -> Redirect:
    return Redirect(f"{_base(request)}/{page}", query_params={k: v for k, v in query.items() if v}, status_code=303)


@get("/static/simulator.css", media_type="text/css")
async def css() -> Response[str]:
    return Response(content=stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=300"})


@get("/phone", media_type=MediaType.HTML)
async def phone_page(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[str]:
    phone = request.query_params.get("phone", "").strip().lstrip("+")
    payments = sim.pending_payments(phone or None)
    return render(
        "phone.html", base=_base(request), page="phone", phone=phone, payments=payments, message=_message(request)
    )


async def _decide(request: AnyRequest, sim: SimulatorState, msn: str, reference: str, decision: str) -> Redirect:
    form = await request.form()
    phone = str(form.get("phone", ""))
    sim.expire_due()
    try:
        payment = sim.find(msn, reference)
        (sim.approve if decision == "approved" else sim.reject)(payment)
    except VendorProblem:
        return _back(request, "phone", phone=phone, done="gone", ref=reference)
    return _back(request, "phone", phone=phone, done=decision, ref=reference)


@post("/phone/{msn:str}/{reference:str}/approve", status_code=303)
async def approve_on_phone(
    request: AnyRequest, sim: NamedDependency[SimulatorState], msn: FromPath[str], reference: FromPath[str]
) -> Redirect:
    return await _decide(request, sim, msn, reference, "approved")


@post("/phone/{msn:str}/{reference:str}/reject", status_code=303)
async def reject_on_phone(
    request: AnyRequest, sim: NamedDependency[SimulatorState], msn: FromPath[str], reference: FromPath[str]
) -> Redirect:
    return await _decide(request, sim, msn, reference, "rejected")


@get("/control", media_type=MediaType.HTML)
async def control_page(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[str]:
    sim.expire_due()
    return render(
        "control.html",
        base=_base(request),
        page="control",
        message=_message(request),
        switches=sim.webhooks.switches,
        operations=OPERATIONS,
        faults=sim.faults.pending(),
        pending=sim.webhooks.pending(),
        payments=list(sim.payments.values()),
        registrations=list(sim.webhooks.registrations.values()),
        deliveries=list(reversed(sim.webhooks.log))[:50],
    )


async def _form(request: AnyRequest) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items() if str(value) != ""}


@post("/control/switches", status_code=303)
async def save_switches(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Redirect:
    fields = await _form(request)
    fields.setdefault("duplicate", "false")
    fields.setdefault("reorder", "false")
    try:
        sim.webhooks.switches = msgspec.convert(fields, WebhookSwitches, strict=False)
    except msgspec.ValidationError:
        return _back(request, "control", done="invalid")
    return _back(request, "control", done="saved")


@post("/control/faults", status_code=303)
async def arm_fault(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Redirect:
    try:
        sim.faults.add(msgspec.convert(await _form(request), Fault, strict=False))
    except msgspec.ValidationError:
        return _back(request, "control", done="invalid")
    return _back(request, "control", done="saved")


@post("/control/faults/clear", status_code=303)
async def clear_faults(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Redirect:
    sim.faults.clear()
    return _back(request, "control", done="saved")


@post("/control/flush", status_code=303)
async def flush_webhooks(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Redirect:
    sim.webhooks.flush()
    return _back(request, "control", done="saved")


@post("/control/tokens/expire", status_code=303)
async def expire_tokens(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Redirect:
    sim.tokens.expire_all()
    return _back(request, "control", done="saved")


@post("/control/payments/{msn:str}/{reference:str}/expire", status_code=303)
async def expire_payment(
    request: AnyRequest, sim: NamedDependency[SimulatorState], msn: FromPath[str], reference: FromPath[str]
) -> Redirect:
    try:
        sim.expire(sim.find(msn, reference))
    except VendorProblem:
        return _back(request, "control", done="gone", ref=reference)
    return _back(request, "control", done="expired", ref=reference)


page_routes = [
    css,
    phone_page,
    approve_on_phone,
    reject_on_phone,
    control_page,
    save_switches,
    arm_fault,
    clear_faults,
    flush_webhooks,
    expire_tokens,
    expire_payment,
]
