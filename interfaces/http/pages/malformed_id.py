"""A page address whose id does not parse (PRODUCT §1, §12): answered exactly as the controller answers an unknown id.

The page routes take their ids as `{name:uuid}`; Litestar's router answers a value that does not parse with a 404
before any controller runs, through the app's exception handlers, which are synchronous and know nobody. This
response finishes the answer once it is sent: the sign-in page for someone signed out (a page that needs a session
answers 303 to `/login?next=…`), else the one "not found" page showing who is signed in (`not_found_page`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Scope, Send

from interfaces.http.customer.session_auth import CustomerPrincipal
from interfaces.http.pages.not_found import not_found_page
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import PageSite

PrincipalOf = Callable[[Request[Any, Any, Any]], Awaitable[CustomerPrincipal | None]]


def is_malformed_id(exc: HTTPException) -> bool:
    """The router's 404 for a path that matched a route but whose parameter did not parse: Litestar raises it from
    the parser's ValueError (an address that matches no route is raised from a NotFoundException, itself a ValueError).
    """
    cause = exc.__cause__
    return isinstance(exc, NotFoundException) and isinstance(cause, ValueError) and not isinstance(cause, HTTPException)


class MalformedIdPage(Response[str]):
    """Sent through the app's exception handlers; looks up the person and renders when Litestar sends it."""

    def __init__(self, site: PageSite, principal_of: PrincipalOf) -> None:
        super().__init__("", status_code=404)
        self._site = site
        self._principal_of = principal_of

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any], **kwargs: Any) -> ASGIResponse:
        return _Deferred(self._site, self._principal_of, request, kwargs)


class _Deferred(ASGIResponse):
    def __init__(
        self, site: PageSite, principal_of: PrincipalOf, request: Request[Any, Any, Any], kwargs: dict[str, Any]
    ) -> None:
        super().__init__(status_code=404)
        self._site = site
        self._principal_of = principal_of
        self._request = request
        self._kwargs = kwargs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = await self._principal_of(self._request)
        page: Response[Any] = (
            to_login(self._request) if principal is None else not_found_page(self._request, self._site, principal.email)
        )
        await page.to_asgi_response(None, self._request, **self._kwargs)(scope, receive, send)
