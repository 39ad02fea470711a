"""The customer's HTML side (PRODUCT §2, §4, §12) as one router for the app factory, plus its static files."""

from __future__ import annotations

from typing import Any

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from infrastructure.container import Container
from interfaces.http.pages.brand_assets import brand_handlers
from interfaces.http.pages.csrf import CsrfGuard
from interfaces.http.pages.dev_mail import CapturedMailbox, DevMailController
from interfaces.http.pages.direct_link_pages import DirectLinkPagesController
from interfaces.http.pages.document_pages import DocumentPagesController
from interfaces.http.pages.errors import page_error_handlers, with_html_pages
from interfaces.http.pages.link_pages import LoginLinkPagesController
from interfaces.http.pages.login_pages import LoginPagesController, LogoutPageController
from interfaces.http.pages.pay_pages import PayPagesController
from interfaces.http.pages.pay_several_pages import PaySeveralPagesController
from interfaces.http.pages.payment_status_pages import PaymentStatusPagesController
from interfaces.http.pages.site import PageSite
from interfaces.http.pages.statement_pages import StatementPagesController
from interfaces.http.pages.templating import STATIC, template_config

__all__ = ["page_site", "pages_router", "template_config", "with_html_pages"]


def page_site(container: Container) -> PageSite:
    settings = container.settings()
    secure = settings.base_url.startswith("https://")
    return PageSite(
        brand=settings.brand_name,
        brand_logo=bool(settings.brand_logo),
        brand_coloured=bool(settings.brand_colour),
        support_email=settings.support_email,
        support_phone=settings.support_phone,
        source_url=settings.source_link,
        secure=secure,
        market=settings.mobilepay_market,
        login_ttl_minutes=settings.login_ttl_minutes,
        csrf=CsrfGuard(container.hasher(), secure=secure),
    )


def pages_router(container: Container, site: PageSite) -> Router:
    """Every page route, with `site` injected and failures shown as pages; `/dev/mail` only when embedded."""
    handlers: list[ControllerRouterHandler] = [
        DocumentPagesController,
        LoginPagesController,
        LogoutPageController,
        LoginLinkPagesController,
        PayPagesController,
        PaySeveralPagesController,
        PaymentStatusPagesController,
        DirectLinkPagesController,
        StatementPagesController,
    ]
    dependencies: dict[str, Any] = {"site": Provide(lambda: site, sync_to_thread=False)}
    if container.settings().embedded:

        def mailbox() -> CapturedMailbox:
            server: CapturedMailbox = container.embedded_smtp()
            return server

        handlers.append(DevMailController)
        dependencies["mailbox"] = Provide(mailbox, sync_to_thread=False)
    static = create_static_files_router(
        path="/static",
        directories=[STATIC],
        cache_control=CacheControlHeader(max_age=3600),
        include_in_schema=False,
    )
    return Router(
        path="/",
        route_handlers=[*handlers, *brand_handlers(container), static],
        dependencies=dependencies,
        exception_handlers=page_error_handlers(site),
        include_in_schema=False,
    )
