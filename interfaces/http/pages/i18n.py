"""The pages' languages (PRODUCT §4): Danish and English catalogs, and which one a request gets.

Order: `?lang=da|en` (then remembered in the `portal_lang` cookie), the cookie, `Accept-Language`, the document's
locale where there is one, else Danish. The catalog is the portal's one catalog (`application.localisation`), shared
with the mail and the PDFs.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.connection import ASGIConnection

from application.localisation import BABEL_LOCALES, DEFAULT_LANGUAGE, LANGUAGES, LanguageCode
from interfaces.http.customer.cookies import LANG

LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


class Language(msgspec.Struct, frozen=True, kw_only=True):
    """`code` for `<html lang>` and links; `locale` for Babel's number and date formats."""

    code: LanguageCode
    locale: str


_LANGUAGES: dict[str, Language] = {code: Language(code=code, locale=BABEL_LOCALES[code]) for code in LANGUAGES}


def language(code: str) -> Language:
    return _LANGUAGES.get(code, _LANGUAGES[DEFAULT_LANGUAGE])


def requested_language(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The language asked for in the query (`?lang=`), if it is one of ours."""
    asked = connection.query_params.get("lang")
    return asked if asked in LANGUAGES else None


def choose_language(connection: ASGIConnection[Any, Any, Any, Any], fallback: str | None = None) -> Language:
    """The query, the cookie, Accept-Language, then `fallback` (a document's locale), then Danish."""
    for candidate in (
        requested_language(connection),
        connection.cookies.get(LANG),
        _accepted(connection.headers.get("accept-language", "")),
        fallback,
    ):
        if candidate in LANGUAGES:
            return language(candidate)
    return language(DEFAULT_LANGUAGE)


def _accepted(header: str) -> str | None:
    """The best of our languages in an Accept-Language header (`da-DK,da;q=0.9,en;q=0.8`); ties: the first."""
    best: tuple[float, str] | None = None
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        weight = _q(params)
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, primary)
    return best[1] if best else None


def _q(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0
