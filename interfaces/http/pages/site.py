"""What every page shares: the brand, the source link (AGPL, PRODUCT §5), cookies' `Secure`, the CSRF guard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Template

from application.localisation import LANGUAGES, translations
from domain.payments.market import market_currency
from interfaces.http.customer.cookies import LANG
from interfaces.http.pages.csrf import CsrfGuard
from interfaces.http.pages.i18n import LANG_COOKIE_MAX_AGE, Language, requested_language

NO_STORE = {"Cache-Control": "no-store"}


class PageSite:
    """Per-app facts the pages need; `market_currency` is the currency MobilePay takes in the configured market."""

    def __init__(
        self,
        *,
        brand: str,
        source_url: str,
        secure: bool,
        market: str,
        login_ttl_minutes: int,
        csrf: CsrfGuard,
        brand_logo: bool = False,
        brand_coloured: bool = False,
        support_email: str | None = None,
        support_phone: str | None = None,
    ) -> None:
        self.brand = brand
        self.brand_logo = brand_logo
        self.brand_coloured = brand_coloured
        self.support_email = support_email
        self.support_phone = support_phone
        self.login_ttl_minutes = login_ttl_minutes
        self.source_url = source_url
        self.secure = secure
        self.market_currency = market_currency(market)
        self.csrf = csrf

    def common(
        self, request: Request[Any, Any, Any], lang: Language, *, signed_in_email: str | None, here: str | None = None
    ) -> dict[str, Any]:
        """The context every template gets: language, catalog, brand, source link, language links, who is in."""
        return {
            "lang": lang.code,
            "locale": lang.locale,
            "translations": translations(lang.code),
            "brand": self.brand,
            "brand_logo": self.brand_logo,
            "brand_coloured": self.brand_coloured,
            "support_email": self.support_email,
            "support_phone": self.support_phone,
            "source_url": self.source_url,
            "login_ttl_minutes": self.login_ttl_minutes,
            "signed_in_email": signed_in_email,
            "csrf_token": "",
            "lang_links": language_links(request, here),
        }

    def language_cookie(self, request: Request[Any, Any, Any]) -> Cookie | None:
        """Remember a language asked for with `?lang=` (PRODUCT §4)."""
        asked = requested_language(request)
        if asked is None:
            return None
        return Cookie(
            key=LANG, value=asked, max_age=LANG_COOKIE_MAX_AGE, httponly=True, samesite="lax", secure=self.secure
        )

    def page(
        self,
        request: Request[Any, Any, Any],
        template: str,
        lang: Language,
        *,
        signed_in_email: str | None = None,
        context: Mapping[str, Any] | None = None,
        status: int = 200,
        cookies: list[Cookie] | None = None,
    ) -> Template:
        """A rendered page with a CSRF token for its forms; never cached (it may show personal data)."""
        token, csrf_cookie = self.csrf.token_for(request)
        full = self.common(request, lang, signed_in_email=signed_in_email) | {"csrf_token": token}
        extra = [c for c in (csrf_cookie, self.language_cookie(request)) if c is not None]
        return Template(
            template_name=template,
            context=full | dict(context or {}),
            status_code=status,
            cookies=[*extra, *(cookies or [])],
            headers=NO_STORE,
        )


def language_links(request: Request[Any, Any, Any], here: str | None = None) -> dict[str, str]:
    """This page in each language: the same path and query with `lang` replaced (GET pages; else `here`)."""
    if here is None and request.method != "GET":
        here = _get_twin(request.url.path)
    if here is not None:
        return {code: f"{here}?{urlencode({'lang': code})}" for code in LANGUAGES}
    kept = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "lang"]  # in order
    return {code: f"{request.url.path}?{urlencode([*kept, ('lang', code)])}" for code in LANGUAGES}


def _get_twin(path: str) -> str:
    """The page a form's path shows on GET; the form's own path where that is a page, else the front page."""
    has_page = (
        path in ("/login", "/login/code")
        or (path.startswith("/login/link/") and not path.endswith("/new"))
        or (path.startswith("/documents/") and path.endswith("/pay"))
    )
    return path if has_page else "/"
