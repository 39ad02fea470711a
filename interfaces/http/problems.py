"""Every error as RFC 9457 problem+json (PRODUCT §10); the one place that maps exceptions to statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
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


def problem_title(status: int) -> str:
    """The `title` of every problem with this status (the OpenAPI document describes the same titles)."""
    return _TITLES.get(status, "Error")


def problem(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> Response[dict[str, Any]]:
    """An RFC 9457 problem; `extra` become members of the body, `headers` response headers (503: Retry-After)."""
    body: dict[str, Any] = {"type": "about:blank", "title": problem_title(status), "status": status}
    body["detail"] = detail
    body.update(extra)
    sent = dict(headers or {})
    if status == 503:  # noqa: PLR2004
        sent.setdefault("Retry-After", "5")
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=sent or None)


def _pointers(errors: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"pointer": pointer, "detail": detail} for pointer, detail in errors]


def _domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    errors = exc.errors or [("", exc.message)]
    return problem(422, exc.message, errors=_pointers(errors))


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
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


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    if status == 400:  # noqa: PLR2004 - a malformed body is a validation error (§10)
        return problem(422, "the request body is not valid JSON", errors=[{"pointer": "", "detail": str(exc.detail)}])
    if status == 404:  # noqa: PLR2004 - an id that does not parse: the same answer as an unknown one (§12)
        return _not_found(_, exc)
    return problem(status, str(exc.detail), headers=exc.headers)  # the router's own headers (405: Allow) stay


def _not_found(_: Request[Any, Any, Any], __: Exception) -> Response[dict[str, Any]]:
    """Every 404 reads alike: unknown, foreign, withdrawn, malformed or no such address (PRODUCT §1, §12)."""
    return problem(404, "not found")


def _status(status: int) -> Any:
    def handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
        extra = getattr(exc, "extra", None)
        return problem(status, str(getattr(exc, "message", None) or exc) or _TITLES[status], **(extra or {}))

    return handler


def _rate_limited(_: Request[Any, Any, Any], exc: RateLimited) -> Response[dict[str, Any]]:
    response = problem(429, f"Too many attempts were made. Try again in {exc.retry_after_seconds} seconds.")
    response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


def _internal(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    _log.error("request.crashed", path=request.url.path, error=type(exc).__name__, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged")


def problem_handlers() -> dict[type[Exception] | int, Any]:
    return {
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
        HTTPException: _http,
        Exception: _internal,
    }


__all__ = ["PROBLEM_JSON", "MediaType", "problem", "problem_handlers", "problem_title"]
