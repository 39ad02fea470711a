"""The MobilePay simulator mounted inside `portal serve` in embedded mode (PRODUCT §9)."""

from __future__ import annotations

from litestar.handlers import ASGIRouteHandler

from application.ports.mobilepay_gateway import PAYMENT_WEBHOOK_EVENTS
from infrastructure.mobilepay.factory import EMBEDDED_PATH
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.mount import simulator_mount
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.settings import Settings


def make_simulator_state(settings: Settings) -> SimulatorState:
    """The simulator's state, with the portal's webhook already registered (signed with the portal's secret)."""
    state = SimulatorState(webhook_secret=settings.mobilepay_webhook_secret)
    state.register_webhook(
        msn=settings.mobilepay_msn or "123456",
        url=settings.base_url.rstrip("/") + "/webhooks/mobilepay",
        events=PAYMENT_WEBHOOK_EVENTS,
    )
    return state


def embedded_simulator(settings: Settings, state: SimulatorState) -> ASGIRouteHandler:
    """The mount for serve's routes (the composition root mounts none when PORTAL_MOBILEPAY_BASE_URL is set)."""
    app = create_simulator_app(webhook_secret=settings.mobilepay_webhook_secret, base_path=EMBEDDED_PATH, state=state)
    return simulator_mount(EMBEDDED_PATH, app)
