"""Headers every response carries (PRODUCT §3), added at the ASGI edge; and the JSON-only rule for API bodies.

Litestar's `middleware=` runs only for routes it has matched, so its own 404 and 405 would go out bare. The
middleware here wraps the app's whole ASGI handler instead: routing, exception handling and every route included.
The server's own 400 (a request it cannot parse never reaches the app) is covered in `server_protocol`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from litestar import Litestar, Request, Response
from litestar.enums import ScopeType
from litestar.exceptions import MethodNotAllowedException
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send
from litestar.utils import normalize_path

from interfaces.http.problems import PROBLEM_JSON, problem

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
_ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_JSON_PREFIXES = ("/api/", "/admin/api/", "/webhooks/")
_BODY_METHODS = {"POST", "PUT", "PATCH"}
_CRASHED = b'{"type":"about:blank","title":"Error","status":500,"detail":"an unexpected error occurred"}'
AllowedMethods = Callable[[str, str], str | None]
_NO_ROUTE_HAS_THIS_METHOD = "ALLOWED-METHODS-PROBE"


def security_headers(base_url: str) -> dict[str, str]:
    """The headers of every response; HSTS only when the portal is served over https (PRODUCT §3)."""
    headers = dict(_ALWAYS)
    if base_url.lower().startswith("https://"):
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return headers


def guard_every_response(app: Litestar, base_url: str) -> None:
    """Put `SecurityHeadersMiddleware` around everything `app` answers (its router and exception handling too)."""
    app.asgi_handler = SecurityHeadersMiddleware(
        app.asgi_handler, headers=security_headers(base_url), allowed_methods=_route_methods(app)
    )


class SecurityHeadersMiddleware:
    """Raw ASGI: adds the security headers to every `http.response.start` that lacks them.

    - A 405 without `Allow` gets the methods of the route it hit (RFC 9110 §15.5.6), e.g. for TRACE.
    - Litestar's own answer to OPTIONS gets them too: it lists only the methods of the first handlers it merged into
      a path (PUT without DELETE on an admin document, GET without POST on /login), while its router knows all.
    - Should the app fail without starting a response, it answers a bare 500 with the headers, then re-raises so the
      server logs the failure.
    """

    def __init__(self, app: ASGIApp, *, headers: Mapping[str, str], allowed_methods: AllowedMethods) -> None:
        self._app = app
        self._headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
        self._allowed_methods = allowed_methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = self._completed(scope, message["status"], list(message.get("headers", [])))
            await send(message)

        try:
            await self._app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                content_type = (b"content-type", PROBLEM_JSON.encode())
                await send_with_headers({"type": "http.response.start", "status": 500, "headers": [content_type]})
                await send({"type": "http.response.body", "body": _CRASHED, "more_body": False})
            raise

    def _completed(self, scope: Scope, status: int, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in headers}
        headers += [(name, value) for name, value in self._headers if name not in present]
        method = cast("HTTPScope", scope)["method"]
        if (status == 405 and b"allow" not in present) or (method == "OPTIONS" and status == 204):  # noqa: PLR2004
            allow = self._allowed_methods(scope["path"], method)
            if allow:
                headers = [(name, value) for name, value in headers if name.lower() != b"allow"]
                headers.append((b"allow", allow.encode("latin-1")))
        return headers


def _route_methods(app: Litestar) -> AllowedMethods:
    """The methods of the route at a path, as the router itself reports them (its exception carries `allow`).

    - It is asked with a method no route has, so the answer is the same whichever method the request used.
    """

    def allowed(path: str, _method: str) -> str | None:
        try:
            app.asgi_router.handle_routing(path=normalize_path(path), method=_NO_ROUTE_HAS_THIS_METHOD)
        except MethodNotAllowedException as exc:
            return (exc.headers or {}).get("allow")
        except Exception:  # noqa: BLE001 - no route, no Allow: the response itself is already decided
            return None
        return None

    return allowed


async def require_json_body(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """JSON routes take only `application/json` bodies: anything else → 415 (PRODUCT §3, §10)."""
    if request.method not in _BODY_METHODS or not request.url.path.startswith(_JSON_PREFIXES):
        return None
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if has_body and media != "application/json":
        raise problem(415, "this route accepts only application/json bodies")
    return None
