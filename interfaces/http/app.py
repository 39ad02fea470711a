"""The Litestar application factory: routes, DI bridge to the container, error map, headers, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Router
from litestar.di import Provide

from application.messagebus import MessageBus
from infrastructure.container import Container, close_container, serve_web, start_live_status
from interfaces.http.admin.events import AdminEventsController
from interfaces.http.admin.imports import AdminImportController
from interfaces.http.admin.links import AdminLinkController
from interfaces.http.admin.pdfs import AdminPdfController
from interfaces.http.admin.statements import AdminStatementController
from interfaces.http.api_docs import SESSION_SECURITY, ClosedStructSchemaPlugin, openapi_config
from interfaces.http.customer.auth_api import AuthApiController
from interfaces.http.customer.client_ip import provide_client_ip
from interfaces.http.customer.cookies import provide_browser_cookie
from interfaces.http.customer.documents_api import DocumentsApiController
from interfaces.http.customer.payments_api import PaymentsApiController
from interfaces.http.customer.pdf import DocumentPdfController
from interfaces.http.customer.session_auth import current_principal, provide_principal
from interfaces.http.customer.statements_api import StatementsApiController
from interfaces.http.dev_sms import DevSmsController
from interfaces.http.health import HealthController
from interfaces.http.pages.router import page_site, pages_router, template_config, with_html_pages
from interfaces.http.probes import Probes
from interfaces.http.problems import api_http_problem, problem_details_plugin
from interfaces.http.request_guard import request_guard
from interfaces.http.request_log import request_log_middleware
from interfaces.http.security_headers import guard_every_response
from interfaces.http.source_archive import SourceController
from interfaces.http.webhooks import MobilePayWebhookController

Lifespan = Callable[[Litestar], Any]


def create_app(container: Container, *, extra_lifespans: list[Lifespan] | None = None) -> Litestar:
    """The portal's HTTP app over `container`; route handlers reach the application only through the bus."""
    settings = container.settings()
    serve_web(container)

    @asynccontextmanager
    async def resources(_: Litestar) -> AsyncIterator[None]:
        await start_live_status(container)
        try:
            yield
        finally:
            await container.simulator_state().aclose()
            await close_container(container)

    def provide_bus() -> MessageBus:
        bus: MessageBus = container.bus()
        return bus

    def provide_probes() -> Probes:
        return Probes(
            required={"database": container.database_probe().ready},
            reported={"broker": container.broker_probe().ready},
        )

    site = page_site(container)
    app = Litestar(
        route_handlers=[
            HealthController,
            AdminImportController,
            AdminLinkController,
            AuthApiController,
            AdminPdfController,
            AdminStatementController,
            AdminEventsController,
            *([DevSmsController] if settings.embedded else []),
            *([SourceController] if settings.serves_own_source else []),
            Router(  # the routes that need the session cookie, documented as such in one place
                path="/",
                route_handlers=[
                    DocumentsApiController,
                    DocumentPdfController,
                    PaymentsApiController,
                    StatementsApiController,
                ],
                security=[SESSION_SECURITY],
            ),
            pages_router(container, site),
            MobilePayWebhookController,
            *([simulator] if (simulator := container.simulator()) is not None else []),
        ],
        dependencies={  # each service is asked of the container per request, so a provider overridden later counts
            "bus": Provide(provide_bus, sync_to_thread=False),
            "probes": Provide(provide_probes, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "principal": Provide(provide_principal),
            "hasher": _service(container.hasher),
            "status_hub": _service(container.status_hub),
            "webhook_verifier": _service(container.webhook_verifier),
            "clock": _service(container.clock),
            "client_ip": Provide(provide_client_ip, sync_to_thread=False),
            "browser_cookie": Provide(provide_browser_cookie, sync_to_thread=False),
        },
        exception_handlers=with_html_pages(
            api_http_problem, site, lambda request: current_principal(request, container.bus())
        ),
        template_config=template_config(),
        before_request=request_guard(settings.base_url),
        middleware=[request_log_middleware],
        lifespan=[resources, *(extra_lifespans or [])],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=openapi_config(),
        plugins=[ClosedStructSchemaPlugin(), problem_details_plugin()],
        debug=False,
        logging_config=None,  # the portal's own structured logs (interfaces.cli.logging_setup), not a second format
    )
    guard_every_response(app, settings.base_url)
    app.state.bus = container.bus()  # for the admin guard only: a guard is given no dependencies (ADR-0034)
    return app


def _service(provider: Callable[[], Any]) -> Provide:
    """A Litestar dependency that asks the container's `provider` each time (an override made later is seen)."""

    def provide() -> Any:
        return provider()

    return Provide(provide, sync_to_thread=False)
