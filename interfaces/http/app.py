"""The Litestar application factory: routes, DI bridge to the container, error map, headers, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from application.messagebus import MessageBus
from infrastructure.container import Container, close_container
from interfaces.http.admin.imports import AdminImportController
from interfaces.http.admin.pdfs import AdminPdfController
from interfaces.http.customer.auth_api import AuthApiController
from interfaces.http.customer.documents_api import DocumentsApiController
from interfaces.http.customer.pdf import DocumentPdfController
from interfaces.http.customer.session_auth import provide_principal
from interfaces.http.health import HealthController
from interfaces.http.probes import Probes
from interfaces.http.problems import problem_handlers
from interfaces.http.request_log import request_log_middleware
from interfaces.http.security_headers import require_json_body, security_headers_middleware

Lifespan = Callable[[Litestar], Any]


def create_app(container: Container, *, extra_lifespans: list[Lifespan] | None = None) -> Litestar:
    """The portal's HTTP app over `container`; route handlers reach the application only through the bus."""
    settings = container.settings()

    @asynccontextmanager
    async def resources(_: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await close_container(container)

    def provide_bus() -> MessageBus:
        bus: MessageBus = container.bus()
        return bus

    def provide_probes() -> Probes:
        return Probes({"database": container.database_probe().ready, "broker": container.broker_probe().ready})

    app = Litestar(
        route_handlers=[
            HealthController,
            AdminImportController,
            AuthApiController,
            DocumentsApiController,
            AdminPdfController,
            DocumentPdfController,
        ],
        dependencies={
            "bus": Provide(provide_bus, sync_to_thread=False),
            "probes": Provide(provide_probes, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "principal": Provide(provide_principal),
        },
        exception_handlers=problem_handlers(),
        before_request=require_json_body,
        middleware=[request_log_middleware, security_headers_middleware],
        lifespan=[resources, *(extra_lifespans or [])],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Customer portal",
            version="1",
            path="/schema",
            components=Components(
                security_schemes={"apiKey": SecurityScheme(type="http", scheme="bearer", description="admin API key")}
            ),
        ),
        debug=False,
    )
    app.state.bus = container.bus()
    app.state.hasher = container.hasher()
    return app
