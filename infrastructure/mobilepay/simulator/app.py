"""create_simulator_app: the MobilePay simulator as a Litestar app of its own, mountable under a path prefix."""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide

from infrastructure.mobilepay.simulator.api_control import control_routes
from infrastructure.mobilepay.simulator.api_payments import payment_routes
from infrastructure.mobilepay.simulator.api_webhooks import webhook_routes
from infrastructure.mobilepay.simulator.pages import page_routes
from infrastructure.mobilepay.simulator.problems import (
    AccessDenied,
    VendorProblem,
    access_denied_response,
    vendor_problem_handler,
)
from infrastructure.mobilepay.simulator.state import SimulatorState

__all__ = ["create_simulator_app"]


def create_simulator_app(
    *,
    webhook_secret: str | None = None,
    base_path: str = "",
    state: SimulatorState | None = None,
) -> Litestar:
    """Build the simulator.

    - `base_path` is the prefix a host mounts the app under (e.g. "/simulator/mobilepay"); the app's own routes
      stay at its root, and its pages and redirect URLs put the prefix in front of every link.
    - `webhook_secret` signs every webhook (otherwise each registration gets its own secret, returned once).
    - `state` lets the host (or a test) keep a handle on the one in-memory state object; it is also at
      `app.state.simulator`. When the app is mounted it gets no lifespan events: the host calls
      `await state.aclose()` on shutdown to stop webhook delivery.
    """
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    sim = state if state is not None else SimulatorState(webhook_secret=webhook_secret)
    if webhook_secret is not None:
        sim.webhook_secret = webhook_secret

    def provide_simulator() -> SimulatorState:
        return sim

    return Litestar(
        route_handlers=[*payment_routes, *webhook_routes, *page_routes, *control_routes],
        dependencies={"sim": Provide(provide_simulator, sync_to_thread=False)},
        exception_handlers={VendorProblem: vendor_problem_handler, AccessDenied: access_denied_response},
        state=State({"simulator": sim, "base_path": base}),
        on_shutdown=[sim.aclose],
        openapi_config=None,
        logging_config=None,  # the host process configures logging; a second root format would mix into it
    )
