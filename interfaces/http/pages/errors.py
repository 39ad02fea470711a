"""Readable error pages for the HTML routes (PRODUCT §10): never problem+json, a stack trace or a bare 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import ProblemDetailsException

from application.errors import BrokerUnavailable, RateLimited, SignInRefused, StoreUnavailable, Unauthorized
from domain.shared.errors import ConcurrencyConflict, Conflict, DomainError, NotFound
from interfaces.http.input_bytes import is_api_path, path_problem
from interfaces.http.pages.csrf import CsrfRefused
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.malformed_id import MalformedIdPage, PrincipalOf, is_malformed_id
from interfaces.http.pages.site import NO_STORE, PageSite
from interfaces.http.pages.templating import render_to_string
from interfaces.http.problems import problem

_log = structlog.get_logger("portal.pages")
_JSON_PREFIXES = ("/api/", "/admin/", "/webhooks/", "/simulator/", "/health/", "/schema", "/dev/mail.json")
ExceptionHandler = Callable[[Request[Any, Any, Any], Any], Response[Any]]


def error_page(
    request: Request[Any, Any, Any],
    site: PageSite,
    kind: str,
    status: int,
    *,
    retry_after: int | None = None,
    signed_in_email: str | None = None,
) -> Response[str]:
    """The error page of `kind` (not_found, csrf, rate_limited, bad_request, unavailable, internal)."""
    lang = choose_language(request)
    context = site.common(request, lang, signed_in_email=signed_in_email) | {
        "kind": kind,
        "status": status,
        "retry_after": retry_after,
    }
    headers = dict(NO_STORE)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    cookie = site.language_cookie(request)
    return Response(
        render_to_string("error.html", context),
        status_code=status,
        media_type=MediaType.HTML,
        headers=headers,
        cookies=[cookie] if cookie else None,
    )


def page_error_handlers(site: PageSite) -> dict[type[Exception] | int, ExceptionHandler]:
    """Exception handlers for the page controllers: every failure becomes a page in the person's language."""

    def simple(kind: str, status: int) -> ExceptionHandler:
        return lambda request, _exc: error_page(request, site, kind, status)

    def rate_limited(request: Request[Any, Any, Any], exc: RateLimited) -> Response[str]:
        return error_page(request, site, "rate_limited", 429, retry_after=exc.retry_after_seconds)

    def unavailable(request: Request[Any, Any, Any], _exc: Exception) -> Response[str]:
        return error_page(request, site, "unavailable", 503, retry_after=5)

    def crashed(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
        handler = request.scope.get("route_handler")
        route = min(getattr(handler, "paths", None) or ["(unmatched)"])
        _log.error("page.crashed", route=route, error=type(exc).__name__, exc_info=exc)
        return error_page(request, site, "internal", 500)

    def http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[str]:
        status = exc.status_code
        if status >= 500:  # noqa: PLR2004
            return crashed(request, exc)
        return error_page(request, site, "not_found" if status in (404, 405) else "bad_request", status)

    return {
        CsrfRefused: simple("csrf", 403),
        NotFound: simple("not_found", 404),
        RateLimited: rate_limited,
        SignInRefused: simple("bad_request", 400),
        DomainError: simple("bad_request", 400),
        Unauthorized: simple("bad_request", 401),
        ConcurrencyConflict: simple("bad_request", 409),
        Conflict: simple("bad_request", 409),
        ValidationException: simple("bad_request", 400),
        StoreUnavailable: unavailable,
        BrokerUnavailable: unavailable,
        HTTPException: http,
        Exception: crashed,
    }


def with_html_pages(
    api_problem: Callable[[HTTPException], ProblemDetailsException], site: PageSite, principal_of: PrincipalOf
) -> dict[type[Exception] | int, ExceptionHandler]:
    """The app's answer to Litestar's own HTTP errors: a browser asking for an unknown page gets the readable 404
    page, a page address with an id that does not parse gets what the page gives an unknown id (`MalformedIdPage`),
    everything else the API's problem (`api_problem`, the ProblemDetails plugin's exception).
    """

    def http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        bad_path = path_problem(request.scope)  # PRODUCT §10: NUL or invalid UTF-8 in a path is a 400, routed or not
        if bad_path is not None:
            if is_api_path(request.url.path):
                return problem(400, f"the path {bad_path}").to_response(request)
            return error_page(request, site, "bad_request", 400)
        if is_malformed_id(exc) and not request.url.path.startswith(_JSON_PREFIXES):
            return MalformedIdPage(site, principal_of)
        if exc.status_code in (404, 405) and _wants_page(request):
            return error_page(request, site, "not_found", exc.status_code)
        return api_problem(exc).to_response(request)

    return {HTTPException: http}


def _wants_page(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return not path.startswith(_JSON_PREFIXES) and "text/html" in request.headers.get("accept", "")
