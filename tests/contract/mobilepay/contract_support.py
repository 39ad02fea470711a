"""Helpers for the contract tests: exchange checking, recorded backoff, the simulated customer, gateway setup."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import httpx

from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.retries import RetryPolicy
from infrastructure.mobilepay.simulator import SimulatorState
from tests.contract.mobilepay.vendor_openapi import check_exchange

MSN = "123456"


@dataclass(frozen=True)
class Simulator:
    url: str
    state: SimulatorState


class CheckedExchanges:
    """An httpx response hook that checks each exchange against the vendor files as it happens, and keeps it."""

    def __init__(self, base_path: str = "") -> None:
        self.base_path = base_path
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        check_exchange(response.request, response, base_path=self.base_path)
        self.exchanges.append((response.request, response))

    def sent(self, method: str, path_suffix: str) -> list[httpx.Request]:
        return [r for r, _ in self.exchanges if r.method == method and r.url.path.endswith(path_suffix)]

    def statuses(self, method: str, path_suffix: str) -> list[int]:
        return [a.status_code for r, a in self.exchanges if r.method == method and r.url.path.endswith(path_suffix)]


class RecordedSleep:
    """The gateway's sleep: remembers the backoff it asked for and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_gateway(
    base_url: str, client: httpx.AsyncClient, sleeps: RecordedSleep, *, timeout: float = 5.0, attempts: int = 4
) -> HttpxMobilePayGateway:
    return HttpxMobilePayGateway(
        base_url=base_url,
        client_id="portal-client",
        client_secret="portal-secret",
        subscription_key="portal-sub-key",
        msn=MSN,
        client=client,
        timeout=timeout,
        sleep=sleeps,
        retry_policy=RetryPolicy(max_attempts=attempts),
    )


class SimulatorCustomer:
    """The person with the phone: approves through the vendor's test route, rejects through the control API."""

    def __init__(self, simulator: Simulator, http: httpx.AsyncClient, control: httpx.AsyncClient) -> None:
        self._simulator = simulator
        self._http = http
        self._control = control
        self._headers: dict[str, str] | None = None

    async def approve(self, payment_id: UUID) -> None:
        url = f"{self._simulator.url}/epayment/v1/test/payments/{payment_id}/approve"
        answer = await self._http.post(url, headers=await self._vendor_headers())
        assert answer.status_code == 200, answer.text

    async def reject(self, payment_id: UUID) -> None:
        answer = await self._control.post(f"/control/api/payments/{MSN}/{payment_id}/reject")
        assert answer.status_code == 204, answer.text

    async def _vendor_headers(self) -> dict[str, str]:
        if self._headers is None:
            answer = await self._http.post(
                f"{self._simulator.url}/accesstoken/get",
                headers={"client_id": "tester", "client_secret": "x", "Ocp-Apim-Subscription-Key": "tester-key"},
            )
            self._headers = {
                "Authorization": f"Bearer {answer.json()['access_token']}",
                "Ocp-Apim-Subscription-Key": "tester-key",
                "Merchant-Serial-Number": MSN,
            }
        return self._headers


@dataclass(frozen=True)
class Rig:
    """Everything a fault test touches: the gateway, its recorded backoff, the checked exchanges, the control API."""

    simulator: Simulator
    http: httpx.AsyncClient
    control: httpx.AsyncClient
    checked: CheckedExchanges
    sleeps: RecordedSleep
    customer: SimulatorCustomer

    def gateway(self, *, timeout: float = 5.0, attempts: int = 4) -> HttpxMobilePayGateway:
        return make_gateway(self.simulator.url, self.http, self.sleeps, timeout=timeout, attempts=attempts)
