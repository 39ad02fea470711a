"""HTML form POSTs must come from the portal's own pages (PRODUCT §3): a second line behind the CSRF token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request

from interfaces.http.pages.csrf import CsrfRefused

_API_PREFIXES = ("/api/", "/admin/", "/webhooks/")
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of `url`, lower-cased, without a default port; None when `url` has no origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, _DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def refuse_foreign_origin(request: Request[Any, Any, Any], own_origin: str | None) -> None:
    """A form POST (any unsafe method outside the JSON API) whose `Origin` header is not the base URL's origin →
    CsrfRefused, shown as the 403 page.

    - Without an `Origin` header, or with `Origin: null`, the CSRF token alone decides: under the portal's own
      `Referrer-Policy: no-referrer` browsers send `null` for every form POST (Fetch standard, "serializing a
      request origin"), so `null` says nothing about where the form came from.
    """
    if request.method not in _UNSAFE_METHODS or request.scope["path"].startswith(_API_PREFIXES):
        return
    sent = request.headers.get("origin")
    if sent is None or sent.strip() == "null":
        return
    if own_origin is None or origin_of(sent) != own_origin:
        raise CsrfRefused
