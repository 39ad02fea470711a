"""Liveness and readiness (PRODUCT §9): ready means the database and the broker answer."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency

from interfaces.http.probes import Probes
from interfaces.http.problems import problem


class HealthController(Controller):
    path = "/health"
    tags = ["health"]  # noqa: RUF012 - Litestar reads it as a class attribute
    include_in_schema = True

    @get("/live", sync_to_thread=False)
    def live(self) -> dict[str, str]:
        return {"status": "live"}

    @get("/ready")
    async def ready(self, probes: NamedDependency[Probes]) -> Any:
        checks = await probes.check()
        if all(checks.values()):
            return {"status": "ready", "checks": checks}
        failing = ", ".join(name for name, ok in checks.items() if not ok)
        return problem(503, f"not ready: {failing}", checks=checks)
