"""The control API (JSON) behind the control page, for tests and scripts: switches, faults, state, actions."""

from __future__ import annotations

from typing import Literal

from litestar import delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from infrastructure.mobilepay.simulator.faults import Fault, WebhookSwitches
from infrastructure.mobilepay.simulator.payments import SimPayment
from infrastructure.mobilepay.simulator.state import SimulatorState

__all__ = ["control_routes"]

_API = "/control/api"


@get(f"{_API}/state")
async def control_state(sim: NamedDependency[SimulatorState]) -> dict[str, object]:
    """Switches, armed faults, registrations, queued and recent deliveries, payments and the call log."""
    sim.expire_due()
    return {
        "switches": sim.webhooks.switches,
        "faults": sim.faults.pending(),
        "webhooks": [{"id": r.id, "url": r.url, "events": list(r.events)} for r in sim.webhooks.registrations.values()],
        "pending_deliveries": sim.webhooks.pending(),
        "deliveries": list(sim.webhooks.log),
        "payments": [_payment_view(p) for p in sim.payments.values()],
        "calls": list(sim.calls),
    }


def _payment_view(p: SimPayment) -> dict[str, object]:
    return {
        "msn": p.msn,
        "reference": p.reference,
        "state": p.state,
        "amount": p.amount,
        "currency": p.currency,
        "phoneNumber": p.phone_number,
        "captured": p.captured,
        "refunded": p.refunded,
        "cancelled": p.cancelled,
    }


@put(f"{_API}/switches")
async def put_switches(sim: NamedDependency[SimulatorState], data: JSONBody[WebhookSwitches]) -> WebhookSwitches:
    sim.webhooks.switches = data
    return data


@post(f"{_API}/faults", status_code=201)
async def post_fault(sim: NamedDependency[SimulatorState], data: JSONBody[Fault]) -> Fault:
    sim.faults.add(data)
    return data


@delete(f"{_API}/faults", status_code=204)
async def delete_faults(sim: NamedDependency[SimulatorState]) -> None:
    sim.faults.clear()


@post(f"{_API}/flush", status_code=204)
async def post_flush(sim: NamedDependency[SimulatorState]) -> None:
    sim.webhooks.flush()


@post(f"{_API}/tokens/expire", status_code=204)
async def post_expire_tokens(sim: NamedDependency[SimulatorState]) -> None:
    sim.tokens.expire_all()


@post(f"{_API}/payments/{{msn:str}}/{{reference:str}}/{{action:str}}", status_code=204)
async def post_payment_action(
    sim: NamedDependency[SimulatorState],
    msn: FromPath[str],
    reference: FromPath[str],
    action: FromPath[Literal["approve", "reject", "expire"]],
) -> None:
    """What the person on the phone (approve, reject) or time (expire) would do."""
    sim.expire_due()
    payment = sim.find(msn, reference)
    {"approve": sim.approve, "reject": sim.reject, "expire": sim.expire}[action](payment)


control_routes = [
    control_state,
    put_switches,
    post_fault,
    delete_faults,
    post_flush,
    post_expire_tokens,
    post_payment_action,
]
