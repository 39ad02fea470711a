"""Liveness and readiness (PRODUCT §9): ready means the database answers; the broker is reported."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from interfaces.http.probes import Probes
from interfaces.http.problem_docs import NotReady, ProblemOperation, problems
from interfaces.http.problems import problem


class LiveResponse(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["live"]


class ReadyResponse(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ready"]
    database: Literal["up", "down"]
    broker: Literal["up", "down"]


class HealthController(Controller):
    path = "/health"
    tags = ["health"]  # noqa: RUF012 - Litestar reads it as a class attribute
    include_in_schema = True

    @get("/live", sync_to_thread=False, operation_id="health.live")
    def live(self) -> LiveResponse:
        return LiveResponse(status="live")

    @get(
        "/ready",
        operation_id="health.ready",
        responses={200: ResponseSpec(ReadyResponse, description="Ready", generate_examples=False)}
        | problems(503, bodies={503: NotReady}),
        operation_class=ProblemOperation,
    )
    async def ready(self, probes: NamedDependency[Probes]) -> Any:
        ready, states = await probes.check()
        if ready:
            return {"status": "ready", **states}
        failing = ", ".join(name for name, state in states.items() if state == "down")
        members: dict[str, Any] = dict(states)
        raise problem(503, f"not ready: {failing}", **members)
