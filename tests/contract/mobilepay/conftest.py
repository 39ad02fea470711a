"""Fixtures: the simulator over real HTTP (uvicorn on 127.0.0.1, one per module), and gateways whose every
exchange is checked against the vendor's OpenAPI files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app
from tests.contract.mobilepay.contract_support import (
    CheckedExchanges,
    RecordedSleep,
    Rig,
    Simulator,
    SimulatorCustomer,
    make_gateway,
)
from tests.contract.mobilepay.live_server import LiveServer


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    state = SimulatorState()
    with LiveServer(create_simulator_app(state=state)) as server:
        yield Simulator(server.url, state)


@pytest.fixture
async def control(simulator: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """The simulator's control API (not a vendor path, so not checked against the vendor files)."""
    async with httpx.AsyncClient(base_url=simulator.url, timeout=10) as client:
        yield client
        await client.delete("/control/api/faults")
        await client.put("/control/api/switches", json={})


@pytest.fixture
def checked() -> CheckedExchanges:
    return CheckedExchanges()


@pytest.fixture
def sleeps() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
async def http(checked: CheckedExchanges) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(event_hooks={"response": [checked]}) as client:
        yield client


@pytest.fixture
def real_gateway(simulator: Simulator, http: httpx.AsyncClient, sleeps: RecordedSleep) -> HttpxMobilePayGateway:
    return make_gateway(simulator.url, http, sleeps)


@pytest.fixture
def simulator_customer(simulator: Simulator, http: httpx.AsyncClient, control: httpx.AsyncClient) -> SimulatorCustomer:
    return SimulatorCustomer(simulator, http, control)


@pytest.fixture
def rig(
    simulator: Simulator,
    http: httpx.AsyncClient,
    control: httpx.AsyncClient,
    checked: CheckedExchanges,
    sleeps: RecordedSleep,
    simulator_customer: SimulatorCustomer,
) -> Rig:
    return Rig(simulator, http, control, checked, sleeps, simulator_customer)
