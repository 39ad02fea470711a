"""The OpenAPI document's configuration and its docs page at `/schema` (PRODUCT §12), rendered from local assets.

The page is RapiDoc, vendored under `/static/vendor/` (ADR-0023): the portal's CSP allows scripts and styles from
itself only and no inline script or style, so the page is one script tag, one stylesheet link and the element.
RapiDoc itself sets `style="…"` attributes and renders its theme as one `<style>` element, so `/schema` alone also
allows style attributes and that one element, by its hash; other `<style>` elements, inline script and anything
from elsewhere stay refused there too.
"""

from __future__ import annotations

import html
from typing import Any

import msgspec
from litestar import Request, Router
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.datastructures import ResponseHeader
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RapidocRenderPlugin
from litestar.openapi.spec import Components, Schema, SecurityScheme
from litestar.typing import FieldDefinition

from interfaces.http.customer.cookies import SESSION
from interfaces.http.security_headers import CONTENT_SECURITY_POLICY

DOCS_SCRIPT = "/static/vendor/rapidoc-min.js"
DOCS_STYLESHEET = "/static/api-docs.css"
#: The security requirement of every customer route (PRODUCT §3): the session cookie, never an API key.
SESSION_SECURITY: dict[str, list[str]] = {"session": []}
_FAVICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
#: The one `<style>` element RapiDoc 9.3.8 renders (its theme) for the attributes of `render` below; a changed
#: attribute or version changes it, and the e2e test then fails with the new hash in Chromium's CSP report.
RAPIDOC_THEME_SHA256 = "sha256-15uNXyXYc3iK2m9zHYkFaB4C+XWa9l17bN4v3csAs0I="
#: The portal's CSP, plus that theme and style attributes (RapiDoc's templates set ~250); the page's own HTML has none.
DOCS_CONTENT_SECURITY_POLICY = (
    CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' '{RAPIDOC_THEME_SHA256}'", 1)
    + "; style-src-attr 'unsafe-inline'"
)
#: The system's fonts: RapiDoc's default (Open Sans) would be fetched from Google, which the CSP refuses.
_FONTS = (
    'regular-font="system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, sans-serif"'
    ' mono-font="ui-monospace, Menlo, Consolas, monospace" load-fonts="false"'
)


class LocalRapidocPlugin(RapidocRenderPlugin):
    """RapiDoc from the portal's own static files; the HTML has no inline script and no inline style."""

    def __init__(self) -> None:
        super().__init__(js_url=DOCS_SCRIPT, path="/", favicon=_FAVICON, style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = html.escape(str(openapi_schema["info"]["title"]))
        spec_url = html.escape(self.get_openapi_json_route(request))
        page = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n{self.favicon}\n"
            f'<link rel="stylesheet" href="{DOCS_STYLESHEET}">\n'
            f'<script src="{html.escape(self.js_url)}" defer></script>\n'
            "</head>\n<body>\n"
            f'<rapi-doc spec-url="{spec_url}" render-style="read" show-header="false" theme="light" {_FONTS}'
            ' allow-server-selection="false" allow-authentication="false"></rapi-doc>\n'
            "</body>\n</html>\n"
        )
        return page.encode()


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """A struct with `forbid_unknown_fields` is documented with `additionalProperties: false`.

    - Litestar's own struct plugin (which this extends) leaves every object open, though the body decoder answers an
      unknown member with 422; a client reading the document would send extras in vain.
    """

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        if not super().is_plugin_supported_field(field_definition):
            return False
        info = msgspec.inspect.type_info(field_definition.type_)
        return isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


def openapi_config() -> OpenAPIConfig:
    """`/schema` (the docs page) and `/schema/openapi.json`; the two credentials of the two APIs as schemes."""
    return OpenAPIConfig(
        title="Customer portal",
        version="1",
        description="The customer JSON API (session cookie), the admin API (API key), the webhook and health probes. "
        "Every error is RFC 9457 application/problem+json.",
        path="/schema",
        render_plugins=[LocalRapidocPlugin()],
        openapi_router=Router(
            "/schema",
            route_handlers=[],
            include_in_schema=False,
            response_headers=[ResponseHeader(name="Content-Security-Policy", value=DOCS_CONTENT_SECURITY_POLICY)],
        ),
        components=Components(
            security_schemes={
                "session": SecurityScheme(
                    type="apiKey", name=SESSION, security_scheme_in="cookie", description="customer session cookie"
                ),
                "apiKey": SecurityScheme(type="http", scheme="bearer", description="admin API key"),
            }
        ),
    )


__all__ = [
    "DOCS_CONTENT_SECURITY_POLICY",
    "RAPIDOC_THEME_SHA256",
    "SESSION_SECURITY",
    "ClosedStructSchemaPlugin",
    "LocalRapidocPlugin",
    "openapi_config",
]
