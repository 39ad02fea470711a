"""Retries of MobilePay requests: when, how long to wait, and the loop that always reuses the idempotency key."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus

import httpx
import structlog

from application.ports.mobilepay_gateway import MobilePayUnavailable
from infrastructure.mobilepay.problems import TRANSIENT_ERROR_CODES, read_problem

__all__ = ["RetryPolicy", "parse_retry_after", "send_with_retries"]

_log = structlog.get_logger(__name__)

_RETRYABLE_STATUSES = frozenset({HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.LOCKED, HTTPStatus.TOO_MANY_REQUESTS})


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Exponential backoff: `base_delay * multiplier ** (attempt - 1)`, capped at `max_delay`.

    - `max_attempts` counts the first try. A `Retry-After` in seconds (429, 503) replaces the backoff, also capped,
      so a request path never waits longer than `max_delay` at a time.
    - Retried: timeouts and transport errors, 408, 423, 429, every 5xx, and 4xx answers carrying one of the
      vendor's "try later" ErrorCodes (6160, 6250, 6280).
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 5.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.multiplier < 1:
            raise ValueError("delays must be >= 0 and the multiplier >= 1")

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        wanted = retry_after if retry_after is not None else self.base_delay * self.multiplier ** (attempt - 1)
        return min(max(wanted, 0.0), self.max_delay)

    def should_retry(self, response: httpx.Response) -> bool:
        status = response.status_code
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR or status in _RETRYABLE_STATUSES:
            return True
        if status >= HTTPStatus.BAD_REQUEST:
            return read_problem(response).error_code in TRANSIENT_ERROR_CODES
        return False


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After: <seconds>` header; an HTTP-date or garbage is ignored (backoff applies)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


async def send_with_retries(
    send: Callable[[], Awaitable[httpx.Response]],
    *,
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[None]],
    operation: str,
    reference: str | None,
) -> httpx.Response:
    """Call `send` until it answers something not worth retrying, or the attempts run out.

    - `send` must reuse the same idempotency key on every call; that is what makes the retries safe.
    - Returns the last response (2xx or not); raises `MobilePayUnavailable` when the last attempt failed in
      transport (timeout, connection refused or reset).
    """
    attempt = 0
    while True:
        attempt += 1
        retry_after: float | None = None
        response: httpx.Response | None = None
        try:
            response = await send()
        except httpx.UnsupportedProtocol as exc:
            raise MobilePayUnavailable(f"MobilePay {operation}: bad base URL") from exc
        except httpx.TransportError as exc:
            outcome = type(exc).__name__
            if attempt >= policy.max_attempts:
                _log.warning(
                    "mobilepay.gave_up", operation=operation, reference=reference, attempts=attempt, outcome=outcome
                )
                raise MobilePayUnavailable(f"MobilePay {operation}: {outcome} after {attempt} attempts") from exc
        else:
            if not policy.should_retry(response):
                return response
            outcome = f"HTTP {response.status_code}"
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt >= policy.max_attempts:
                _log.warning(
                    "mobilepay.gave_up", operation=operation, reference=reference, attempts=attempt, outcome=outcome
                )
                return response
        delay = policy.delay(attempt, retry_after)
        _log.info(
            "mobilepay.retry", operation=operation, reference=reference, attempt=attempt, outcome=outcome, delay=delay
        )
        await sleep(delay)
