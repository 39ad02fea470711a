"""The vendor paths of the Webhooks API: register, list, delete (accepting any http(s) URL)."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from infrastructure.mobilepay.simulator.api_support import AnyRequest, serve
from infrastructure.mobilepay.simulator.idempotency import Outcome
from infrastructure.mobilepay.simulator.problems import VendorProblem
from infrastructure.mobilepay.simulator.state import SimulatorState

__all__ = ["webhook_routes"]

_WEBHOOKS = "/webhooks/v1/webhooks"


def _registration_request(body: object) -> tuple[str, list[str]]:
    if not isinstance(body, dict):
        raise VendorProblem(400, "One or more validation errors occurred.", detail="a JSON object", field="body")
    unknown = sorted(set(body) - {"url", "events"})
    if unknown:
        raise VendorProblem(400, "One or more validation errors occurred.", detail="unknown field", field=unknown[0])
    url, events = body.get("url"), body.get("events")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise VendorProblem(400, "One or more validation errors occurred.", detail="an http(s) URL", field="url")
    if not isinstance(events, list) or not events or not all(isinstance(e, str) and e for e in events):
        raise VendorProblem(400, "One or more validation errors occurred.", detail="a list of events", field="events")
    return str(url), [str(e) for e in events]


@post(_WEBHOOKS, status_code=201)
async def register_webhook(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[bytes]:
    def work(msn: str | None, body: object) -> Outcome:
        url, events = _registration_request(body)
        registration = sim.register_webhook(msn=msn, url=url, events=events)
        return Outcome(status=201, body={"id": registration.id, "secret": registration.secret})

    return await serve(request, sim, "webhooks", work, msn_required=False)


@get(_WEBHOOKS)
async def list_webhooks(request: AnyRequest, sim: NamedDependency[SimulatorState]) -> Response[bytes]:
    def work(msn: str | None, _body: object) -> Outcome:
        mine = [r for r in sim.webhooks.registrations.values() if r.msn == msn]
        return Outcome(
            status=200, body={"webhooks": [{"id": r.id, "url": r.url, "events": list(r.events)} for r in mine]}
        )

    return await serve(request, sim, "webhooks", work, msn_required=False)


@delete(f"{_WEBHOOKS}/{{webhook_id:str}}", status_code=200)  # the 204 comes from the Outcome
async def delete_webhook(
    request: AnyRequest, sim: NamedDependency[SimulatorState], webhook_id: FromPath[str]
) -> Response[bytes]:
    def work(msn: str | None, _body: object) -> Outcome:
        registration = sim.webhooks.registrations.get(webhook_id)
        if registration is None or registration.msn != msn:
            # The vendor's file documents only 400 for this path.
            raise VendorProblem(400, "Unknown webhook id", detail=f"No webhook {webhook_id}", field="id")
        sim.webhooks.unregister(webhook_id)
        return Outcome(status=204, body=None)

    return await serve(request, sim, "webhooks", work, msn_required=False)


webhook_routes = [register_webhook, list_webhooks, delete_webhook]
