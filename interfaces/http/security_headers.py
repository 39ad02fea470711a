"""Headers every response carries (PRODUCT §3), and the JSON-only rule for API bodies."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.problems import problem

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_JSON_PREFIXES = ("/api/", "/admin/api/", "/webhooks/")
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


async def require_json_body(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """JSON routes take only `application/json` bodies: anything else → 415 (PRODUCT §3, §10)."""
    if request.method not in _BODY_METHODS or not request.url.path.startswith(_JSON_PREFIXES):
        return None
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if has_body and media != "application/json":
        return problem(415, "this route accepts only application/json bodies")
    return None
