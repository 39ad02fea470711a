"""The Litestar application factory: routes, DI bridge to the container, error map, headers, lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from application.messagebus import MessageBus
from infrastructure.container import Container, close_container
from interfaces.http.admin.events import AdminEventsController
from interfaces.http.admin.imports import AdminImportController
from interfaces.http.admin.links import AdminLinkController
from interfaces.http.admin.pdfs import AdminPdfController
from interfaces.http.customer.auth_api import AuthApiController
from interfaces.http.customer.documents_api import DocumentsApiController
from interfaces.http.customer.payments_api import PaymentsApiController
from interfaces.http.customer.pdf import DocumentPdfController
from interfaces.http.customer.session_auth import provide_principal
from interfaces.http.dev_sms import DevSmsController
from interfaces.http.health import HealthController
from interfaces.http.pages.router import page_site, pages_router, template_config, with_html_pages
from interfaces.http.probes import Probes
from interfaces.http.problems import problem_handlers
from interfaces.http.request_log import request_log_middleware
from interfaces.http.security_headers import require_json_body, security_headers_middleware
from interfaces.http.webhooks import MobilePayWebhookController

Lifespan = Callable[[Litestar], Any]


def create_app(container: Container, *, extra_lifespans: list[Lifespan] | None = None) -> Litestar:
    """The portal's HTTP app over `container`; route handlers reach the application only through the bus."""
    settings = container.settings()

    @asynccontextmanager
    async def resources(_: Litestar) -> AsyncIterator[None]:
        stop = asyncio.Event()
        listener = container.status_broadcaster()
        listening = asyncio.create_task(listener.listen(stop)) if hasattr(listener, "listen") else None
        try:
            yield
        finally:
            stop.set()
            if listening is not None:
                await listening
            await container.simulator_state().aclose()
            await close_container(container)

    def provide_bus() -> MessageBus:
        bus: MessageBus = container.bus()
        return bus

    def provide_probes() -> Probes:
        return Probes({"database": container.database_probe().ready, "broker": container.broker_probe().ready})

    site = page_site(container)
    app = Litestar(
        route_handlers=[
            HealthController,
            AdminImportController,
            AdminLinkController,
            AuthApiController,
            DocumentsApiController,
            AdminPdfController,
            AdminEventsController,
            *([DevSmsController] if settings.embedded else []),
            DocumentPdfController,
            pages_router(container, site),
            PaymentsApiController,
            MobilePayWebhookController,
            *([simulator] if (simulator := container.simulator()) is not None else []),
        ],
        dependencies={
            "bus": Provide(provide_bus, sync_to_thread=False),
            "probes": Provide(provide_probes, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "principal": Provide(provide_principal),
        },
        exception_handlers=with_html_pages(problem_handlers(), site),
        template_config=template_config(),
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
    app.state.status_hub = container.status_hub()
    app.state.webhook_verifier = container.webhook_verifier()
    app.state.now = container.clock().now
    return app
