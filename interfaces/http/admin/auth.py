"""Staff scope: `Authorization: Bearer <api key>` on every admin route (PRODUCT §3, §7)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from application.errors import Unauthorized
from application.messagebus import MessageBus
from application.queries.identity.authenticate_api_key import AuthenticateApiKey


async def require_api_key(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard: a missing, malformed, unknown or revoked key → 401. A customer session cookie is never enough."""
    header = connection.headers.get("authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("an admin API key is required: Authorization: Bearer <key>")
    bus: MessageBus = connection.app.state.bus
    await bus.handle(AuthenticateApiKey(key=key.strip()))
