"""Every API error as RFC 9457 problem+json (PRODUCT §10), through Litestar's ProblemDetails plugin.

The one place that maps exceptions to statuses: `problem_details_plugin()` hands the plugin a conversion per
exception type. `HTTPException` is the exception the plugin cannot convert alone, since a browser's unknown page
is a readable page and that depends on the request: `api_http_problem` is its conversion, and the app registers
it through `interfaces.http.pages.errors.with_html_pages` (ADR-0038).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import structlog
from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException, ProblemDetailsPlugin
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from application.errors import BrokerUnavailable, RateLimited, SignInRefused, StoreUnavailable, Unauthorized
from application.ports.mobilepay_gateway import MobilePayUnavailable
from domain.shared.errors import ConcurrencyConflict, Conflict, DomainError, NotFound
from interfaces.validation_messages import pointer_and_detail

PROBLEM_JSON = "application/problem+json"
_log = structlog.get_logger("portal.http")
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    503: "Service unavailable",
}
Conversion = Callable[[Any], ProblemDetailsException]


def problem_title(status: int) -> str:
    """The `title` of every problem with this status (the OpenAPI document describes the same titles)."""
    return _TITLES.get(status, "Error")


def problem(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> ProblemDetailsException:
    """An RFC 9457 problem to raise; `extra` become members of the body, `headers` response headers.

    - `type` is always `about:blank`, so `title` is the status's own phrase.
    - 503 carries `Retry-After: 5` unless the caller says otherwise.
    """
    sent = dict(headers or {})
    if status == 503:  # noqa: PLR2004
        sent.setdefault("Retry-After", "5")
    return ProblemDetailsException(
        status_code=status,
        detail=detail,
        type_="about:blank",
        title=problem_title(status),
        headers=sent or None,
        extra=extra or None,
    )


def _pointers(errors: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"pointer": pointer, "detail": detail} for pointer, detail in errors]


def _domain_error(exc: DomainError) -> ProblemDetailsException:
    errors = exc.errors or [("", exc.message)]
    return problem(422, exc.message, errors=_pointers(errors))


def _validation(exc: ValidationException) -> ProblemDetailsException:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [_pointer_of(item) for item in extra if isinstance(item, dict)] or [("", str(exc.detail))]
    return problem(422, "the request is not valid", errors=_pointers(errors))


def _pointer_of(item: dict[str, Any]) -> tuple[str, str]:
    """Litestar reports msgspec's location as `key` (`lines[0].unit_price`); make it a JSON pointer."""
    pointer, detail = pointer_and_detail(str(item.get("message", "invalid")))
    key = item.get("key")
    if not pointer and key:
        pointer, _ = pointer_and_detail(f"x - at `$.{key}`")
    return pointer, detail


def api_http_problem(exc: HTTPException) -> ProblemDetailsException:
    """The API's answer to Litestar's own HTTP errors; a malformed body (400) is a validation error (§10)."""
    status = exc.status_code
    if status == 400:  # noqa: PLR2004
        return problem(422, "the request body is not valid JSON", errors=[{"pointer": "", "detail": str(exc.detail)}])
    if status == 404:  # noqa: PLR2004 - an id that does not parse: the same answer as an unknown one (§12)
        return _not_found(exc)
    return problem(status, str(exc.detail), headers=exc.headers)  # the router's own headers (405: Allow) stay


def _not_found(_: Exception) -> ProblemDetailsException:
    """Every 404 reads alike: unknown, foreign, withdrawn, malformed or no such address (PRODUCT §1, §12)."""
    return problem(404, "not found")


def _status(status: int) -> Conversion:
    def convert(exc: Exception) -> ProblemDetailsException:
        extra = getattr(exc, "extra", None)
        return problem(status, str(getattr(exc, "message", None) or exc) or _TITLES[status], **(extra or {}))

    return convert


def _rate_limited(exc: RateLimited) -> ProblemDetailsException:
    seconds = exc.retry_after_seconds
    detail = f"Too many attempts were made. Try again in {seconds} seconds."
    return problem(429, detail, headers={"Retry-After": str(seconds)})


def _internal(exc: Exception) -> ProblemDetailsException:
    _log.error("request.crashed", error=type(exc).__name__, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged")


def problem_details_plugin() -> ProblemDetailsPlugin:
    """Litestar's ProblemDetails plugin with the portal's map: which error becomes which status (PRODUCT §10, §12)."""
    conversions: dict[type[Exception], Conversion] = {
        DomainError: _domain_error,
        ValidationException: _validation,
        NotFound: _not_found,
        Unauthorized: _status(401),
        ConcurrencyConflict: _status(409),
        Conflict: _status(409),
        StoreUnavailable: _status(503),
        MobilePayUnavailable: _status(503),
        RateLimited: _rate_limited,
        SignInRefused: _status(400),
        BrokerUnavailable: _status(503),
        Exception: _internal,
    }
    return ProblemDetailsPlugin(ProblemDetailsConfig(exception_to_problem_detail_map=conversions))


__all__ = ["PROBLEM_JSON", "api_http_problem", "problem", "problem_details_plugin", "problem_title"]
