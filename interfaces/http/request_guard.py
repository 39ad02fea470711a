"""What every request passes before its handler runs: content type, origin, and the bytes it carries."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.types import BeforeRequestHookHandler

from interfaces.http.input_bytes import refuse_bad_bytes
from interfaces.http.origin_check import origin_of, refuse_foreign_origin
from interfaces.http.security_headers import require_json_body


def request_guard(base_url: str) -> BeforeRequestHookHandler:
    """The app's `before_request` hook, in this order.

    - JSON routes take only `application/json` bodies (415).
    - HTML form POSTs from another origin than `base_url`'s are refused (403 page).
    - Invalid UTF-8 and NUL in the path (400), the query or the body (422, or the page for HTML routes).
    """
    own_origin = origin_of(base_url)

    async def guard(request: Request[Any, Any, Any]) -> Response[Any] | None:
        refused = await require_json_body(request)
        if refused is not None:
            return refused
        refuse_foreign_origin(request, own_origin)
        return await refuse_bad_bytes(request)

    return guard
