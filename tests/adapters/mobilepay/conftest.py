"""Fixtures for the simulator's unit tests: the app in process (no sockets), a movable clock, vendor headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app
from tests.adapters.mobilepay.simulator_support import MSN, Hooks, MovableClock, in_process


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
    async with httpx.AsyncClient(transport=in_process(app), base_url="http://sim.test") as client:
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
