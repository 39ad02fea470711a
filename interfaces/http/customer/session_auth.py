"""Customer scope (PRODUCT §3): the `portal_session` cookie, never an API key."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.params import CookieParameter

from application.errors import Unauthorized
from application.messagebus import MessageBus
from application.queries.identity.get_session import CurrentSession, GetSession
from application.workflows.use_session import UseSession
from interfaces.http.customer.cookies import SESSION

#: The session cookie, read by the query itself (one read with the data; ADR-0025) instead of the principal dependency.
SessionCookie = Annotated[str, CookieParameter(name=SESSION, required=False, include_in_schema=False)]


class CustomerPrincipal(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in person: one verified email address, and the raw session id (for sign-out only)."""

    email: str
    session_id: str


async def current_principal(request: Request[Any, Any, Any], bus: MessageBus) -> CustomerPrincipal | None:
    """The person behind the request's session cookie, or None; touches the session at most once a minute."""
    session_id = request.cookies.get(SESSION, "")
    if not session_id:
        return None
    try:
        current: CurrentSession = await bus.handle(UseSession(query=GetSession(session_id=session_id)))
    except Unauthorized:
        return None
    return CustomerPrincipal(email=current.email, session_id=session_id)


async def provide_principal(request: Request[Any, Any, Any], bus: NamedDependency[MessageBus]) -> CustomerPrincipal:
    """Litestar dependency for the customer JSON API (it takes the `bus` dependency): no or expired session → 401."""
    principal = await current_principal(request, bus)
    if principal is None:
        raise Unauthorized("sign in first")
    return principal
