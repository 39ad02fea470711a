"""The dealer's brand for the pages (PRODUCT §14): `/brand/logo` (the configured PNG or SVG) and `/brand.css` (the
configured colour as the pages' `--brand`, in a stylesheet: the portal's CSP allows no inline style).
"""

from __future__ import annotations

from typing import Protocol

from litestar import Response, get
from litestar.types import ControllerRouterHandler

from infrastructure.container import Container

_CACHE = {"Cache-Control": "public, max-age=3600"}


class LogoFile(Protocol):
    @property
    def content(self) -> bytes: ...
    @property
    def media_type(self) -> str: ...


def brand_handlers(container: Container) -> list[ControllerRouterHandler]:
    """The routes for what is configured; nothing when the brand is its name alone."""
    settings = container.settings()
    handlers: list[ControllerRouterHandler] = []
    found: LogoFile | None = container.brand_logo()  # checked at start (load_settings), read once
    if found is not None:
        logo = found

        @get("/brand/logo", include_in_schema=False, sync_to_thread=False)
        def brand_logo() -> Response[bytes]:
            return Response(logo.content, media_type=logo.media_type, headers=_CACHE)

        handlers.append(brand_logo)
    if settings.brand_colour:
        css = f":root {{ --brand: {settings.brand_colour}; --brand-dark: {settings.brand_colour}; }}\n"

        @get("/brand.css", include_in_schema=False, sync_to_thread=False)
        def brand_css() -> Response[str]:
            return Response(css, media_type="text/css", headers=_CACHE)

        handlers.append(brand_css)
    return handlers
