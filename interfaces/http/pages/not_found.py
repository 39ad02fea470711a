"""The one "not found" page (PRODUCT §1): unknown, foreign, withdrawn and malformed look exactly alike."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.site import PageSite


def not_found_page(request: Request[Any, Any, Any], site: PageSite, signed_in_email: str | None) -> Template:
    """The 404 page, rendered by a controller so that it shows who is signed in."""
    context = {"kind": "not_found", "status": 404, "retry_after": None}
    return site.page(
        request, "error.html", choose_language(request), signed_in_email=signed_in_email, context=context, status=404
    )
