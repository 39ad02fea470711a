"""The retry policy: which answers are retried, how long it waits, and that it reuses what it was given."""

from __future__ import annotations

import httpx
import pytest

from application.ports.mobilepay_gateway import MobilePayUnavailable
from infrastructure.mobilepay.retries import RetryPolicy, parse_retry_after, send_with_retries

pytestmark = pytest.mark.adapter

REQUEST = httpx.Request("POST", "https://api.example/epayment/v1/payments")


def _answer(status: int, *, code: str | None = None, retry_after: str | None = None) -> httpx.Response:
    body: dict[str, object] = {"title": "x", "status": status}
    if code is not None:
        body["extraDetails"] = [{"name": "ErrorCode", "reason": code}]
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(status, json=body, headers=headers, request=REQUEST)


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=0.5, multiplier=2, max_delay=3)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]


def test_retry_after_replaces_the_backoff_but_not_the_cap() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=5)
    assert policy.delay(1, retry_after=2) == 2
    assert policy.delay(1, retry_after=60) == 5


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2", 2.0), (" 1.5 ", 1.5), ("Wed, 21 Oct 2015 07:28:00 GMT", None), ("-1", None), (None, None), ("nan", None)],
)
def test_retry_after_is_read_in_seconds_only(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value) == seconds


@pytest.mark.parametrize(
    ("status", "code", "retried"),
    [
        (500, None, True),
        (502, None, True),
        (503, None, True),
        (429, None, True),
        (423, None, True),
        (408, None, True),
        (400, "6280", True),
        (409, "6160", True),
        (400, "6250", True),
        (400, None, False),
        (400, "6090", False),
        (401, None, False),
        (404, None, False),
        (409, "4020", False),
        (200, None, False),
        (201, None, False),
    ],
)
def test_which_answers_are_retried(status: int, code: str | None, retried: bool) -> None:
    assert RetryPolicy().should_retry(_answer(status, code=code)) is retried


def test_the_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="multiplier"):
        RetryPolicy(multiplier=0.5)


class Script:
    """Answers from a list, one per call; exceptions are raised."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def __call__(self) -> httpx.Response:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


async def test_timeouts_and_5xx_are_retried_until_an_answer() -> None:
    script, sleeps = Script(httpx.ReadTimeout("slow"), _answer(503), _answer(201)), Sleeps()
    response = await send_with_retries(script, policy=RetryPolicy(), sleep=sleeps, operation="create", reference="r")
    assert response.status_code == 201
    assert script.calls == 3
    assert sleeps.delays == [0.5, 1.0]


async def test_a_429_waits_as_long_as_retry_after_says() -> None:
    script, sleeps = Script(_answer(429, retry_after="3"), _answer(200)), Sleeps()
    await send_with_retries(script, policy=RetryPolicy(), sleep=sleeps, operation="get", reference="r")
    assert sleeps.delays == [3.0]


async def test_the_last_retryable_answer_is_returned_when_attempts_run_out() -> None:
    script, sleeps = Script(*[_answer(503)] * 3), Sleeps()
    response = await send_with_retries(
        script, policy=RetryPolicy(max_attempts=3), sleep=sleeps, operation="get", reference=None
    )
    assert response.status_code == 503
    assert script.calls == 3
    assert len(sleeps.delays) == 2


async def test_transport_failures_on_every_attempt_become_unavailable() -> None:
    script = Script(*[httpx.ConnectError("refused")] * 2)
    with pytest.raises(MobilePayUnavailable, match="ConnectError after 2 attempts"):
        await send_with_retries(
            script, policy=RetryPolicy(max_attempts=2), sleep=Sleeps(), operation="x", reference=None
        )


async def test_a_refusal_is_returned_at_once() -> None:
    script, sleeps = Script(_answer(400, code="4070")), Sleeps()
    response = await send_with_retries(script, policy=RetryPolicy(), sleep=sleeps, operation="create", reference="r")
    assert response.status_code == 400
    assert sleeps.delays == []


async def test_a_bad_url_scheme_is_not_retried() -> None:
    script = Script(httpx.UnsupportedProtocol("ftp"), _answer(200))
    with pytest.raises(MobilePayUnavailable, match="bad base URL"):
        await send_with_retries(script, policy=RetryPolicy(), sleep=Sleeps(), operation="x", reference=None)
    assert script.calls == 1
