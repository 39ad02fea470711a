"""How a host Litestar app mounts the simulator under a path, e.g. the portal at /simulator/mobilepay."""

from __future__ import annotations

from litestar import Litestar
from litestar.handlers import ASGIRouteHandler, asgi
from litestar.types import Receive, Scope, Send

__all__ = ["simulator_mount"]


def simulator_mount(path: str, simulator: Litestar) -> ASGIRouteHandler:
    """A route handler for the host's `route_handlers` that passes everything under `path` to the simulator.

    Build the simulator with the same prefix: `create_simulator_app(base_path=path)`.
    """

    @asgi(path, is_mount=True, copy_scope=True)
    async def mobilepay_simulator(scope: Scope, receive: Receive, send: Send) -> None:
        await simulator(scope, receive, send)

    return mobilepay_simulator
