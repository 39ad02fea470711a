"""One structured log line per request: method, route template (never a token-bearing path), status, time."""

from __future__ import annotations

import time

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_log = structlog.get_logger("portal.http")


def request_log_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, capture)
        finally:
            handler = scope.get("route_handler")
            route = getattr(handler, "paths", None)
            _log.info(
                "request",
                method=scope.get("method"),
                route=min(route) if route else "(unmatched)",
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 2),
            )

    return middleware
