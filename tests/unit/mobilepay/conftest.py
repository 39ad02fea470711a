"""Fixtures for the simulator's unit tests: the app in process (no sockets), a movable clock, vendor headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app

MSN = "123456"


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Hooks:
    """Records webhook deliveries instead of sending them (a MockTransport handler)."""

    def __init__(self) -> None:
        self.received: list[httpx.Request] = []
        self.status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return httpx.Response(self.status)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def hooks() -> Hooks:
    return Hooks()


@pytest.fixture
def sim_state(clock: MovableClock, hooks: Hooks) -> SimulatorState:
    return SimulatorState(clock=clock, delivery_retry_delays=(0.0,), webhook_transport=httpx.MockTransport(hooks))


@pytest.fixture
async def sim(sim_state: SimulatorState) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the simulator in process, mounted nowhere (base path "")."""
    app = create_simulator_app(state=sim_state)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim.test") as client:
        yield client
    await sim_state.aclose()


@pytest.fixture
async def vendor_headers(sim: httpx.AsyncClient) -> dict[str, str]:
    answer = await sim.post(
        "/accesstoken/get", headers={"client_id": "id", "client_secret": "secret", "Ocp-Apim-Subscription-Key": "key"}
    )
    assert answer.status_code == 200
    token = answer.json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Ocp-Apim-Subscription-Key": "key", "Merchant-Serial-Number": MSN}
