"""Fixtures: real HTTP on 127.0.0.1, the simulator, and a receiver standing in for the portal's webhook route."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app
from tests.contract.mobilepay.live_server import LiveServer
from tests.integration.mobilepay.delivery_support import MSN, Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    with LiveServer(receiver.app()) as server:
        receiver.url = f"{server.url}/webhooks/mobilepay"
        yield receiver


@pytest.fixture
def simulator_url() -> Iterator[str]:
    with LiveServer(create_simulator_app(state=SimulatorState())) as server:
        yield server.url


@pytest.fixture
async def gateway(simulator_url: str) -> AsyncIterator[HttpxMobilePayGateway]:
    async with httpx.AsyncClient() as client:
        yield HttpxMobilePayGateway(
            base_url=simulator_url,
            client_id="id",
            client_secret="secret",
            subscription_key="key",
            msn=MSN,
            client=client,
        )


@pytest.fixture
async def control(simulator_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=simulator_url, timeout=10) as client:
        yield client
