"""Reading a page's form: fields as text, and the CSRF check before anything else happens."""

from __future__ import annotations

from typing import Any

from litestar import Request

from interfaces.http.pages.csrf import CSRF_FIELD, CsrfGuard

_MAX_FIELD = 4000


async def checked_form(request: Request[Any, Any, Any], csrf: CsrfGuard) -> dict[str, str]:
    """The form's text fields (first value of each, trimmed to a sane length); CsrfRefused without a valid token."""
    form = await request.form()
    fields = {key: value[:_MAX_FIELD] for key, value in form.items() if isinstance(value, str)}
    csrf.check(request, fields.get(CSRF_FIELD))
    return fields


async def checked_form_with_list(
    request: Request[Any, Any, Any], csrf: CsrfGuard, name: str, *, most: int
) -> tuple[dict[str, str], list[str]]:
    """`checked_form`, and every value of the repeated field `name` (such as ticked boxes), at most `most`."""
    fields = await checked_form(request, csrf)
    form = await request.form()
    values = [value[:_MAX_FIELD] for value in form.getall(name, []) if isinstance(value, str)]
    return fields, values[:most]
