"""The composition root: the only place that names concrete adapters (STYLE §5, ADR-0005, ADR-0042).

`Container` joins one sub-container per bounded context (`infrastructure/wiring/<context>.py`) and the shared
infrastructure they use (core, database, mail, jobs). The names code outside `infrastructure/` asks for stay on the
root as aliases: each is the sub-container's own provider object, so `container.uow.override(...)` reaches every
handler that uses the unit of work.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from dependency_injector import containers, providers
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from infrastructure.deferred import Deferred
from infrastructure.settings import Settings
from infrastructure.wiring.automation import Automation
from infrastructure.wiring.core import HTTP_CLIENT, Core
from infrastructure.wiring.database import Database
from infrastructure.wiring.documents import Documents
from infrastructure.wiring.identity import Identity
from infrastructure.wiring.jobs import Jobs
from infrastructure.wiring.links import Links
from infrastructure.wiring.mail import Mail
from infrastructure.wiring.operations import Operations
from infrastructure.wiring.payments import Payments
from infrastructure.wiring.workflow_handlers import workflow_handlers

if TYPE_CHECKING:
    import httpx
    from litestar import Litestar


def one_handler_each(*contexts: Mapping[type[Any], Any]) -> dict[type[Any], Any]:
    """The contexts' handler maps as one; a message type wired twice is a bug in the wiring (crash at start)."""
    handlers: dict[type[Any], Any] = {}
    for context in contexts:
        twice = handlers.keys() & context.keys()
        if twice:
            raise RuntimeError(f"wired twice: {sorted(t.__name__ for t in twice)}")
        handlers.update(context)
    return handlers


class Container(containers.DeclarativeContainer):
    """Wires settings → adapters → handlers → bus. Tests override single providers (`container.uow.override`)."""

    core = providers.Container(Core)
    database = providers.Container(Database, settings=core.settings, clock=core.clock)
    mail = providers.Container(Mail, core=core, database=database)
    jobs = providers.Container(Jobs, core=core, database=database)
    identity = providers.Container(Identity, core=core, database=database, mail=mail)
    documents = providers.Container(Documents, core=core, database=database, identity=identity)
    links = providers.Container(Links, core=core, database=database, mail=mail, identity=identity)
    payments = providers.Container(Payments, core=core, database=database, mail=mail, identity=identity)
    automation = providers.Container(Automation, core=core, database=database, mail=mail, jobs=jobs, links=links)
    operations = providers.Container(Operations, core=core, database=database, jobs=jobs)

    handlers = providers.Callable(
        one_handler_each,
        documents.handlers,
        identity.handlers,
        operations.handlers,
        links.handlers,
        payments.handlers,
        automation.handlers,
    )
    bus = providers.Singleton(MessageBus, handlers=handlers)
    handlers.add_args(providers.Dict(workflow_handlers(bus)))  # workflows send their steps through the bus (ADR-0035)

    # The root's public surface (ADR-0042): the names interfaces, tests and benches use, each the very provider of
    # its sub-container (an alias, not a copy), so overriding one here overrides it for every context.
    settings: providers.Provider[Settings] = core.settings
    clock = core.clock
    brand_logo = core.brand_logo
    print_logo = core.print_logo
    hasher = core.hasher
    sealer = core.sealer
    http_client = cast("providers.Singleton[httpx.AsyncClient]", core.http_client)
    statement_seconds = database.statement_seconds
    engine = cast("providers.Singleton[AsyncEngine]", database.engine)
    probe_engine = cast("providers.Singleton[AsyncEngine]", database.probe_engine)
    session_factory = database.session_factory
    read_sessions = database.read_sessions
    uow = database.uow
    database_probe = database.database_probe
    embedded_smtp = mail.embedded_smtp
    smtp_mailer = mail.smtp_mailer
    mail_ledger = mail.mail_ledger
    mailer = mail.mailer
    broker = jobs.broker
    broker_probe = jobs.broker_probe
    relay = jobs.relay
    event_log = jobs.event_log
    reactions = jobs.reactions
    customer_directory = identity.customer_directory
    login_policy = identity.login_policy
    document_reader = documents.document_reader
    statement_reader = documents.statement_reader
    pdf_store = documents.pdf_store
    pdf_renderer = documents.pdf_renderer
    mobilepay = cast("providers.Singleton[Any]", payments.mobilepay)
    webhook_verifier = payments.webhook_verifier
    status_hub = payments.status_hub
    payment_reader = payments.payment_reader
    status_broadcaster = payments.status_broadcaster
    status_listener = cast("providers.Resource[None]", payments.status_listener)
    simulator_state = payments.simulator_state
    simulator = payments.simulator
    sms_gateway = automation.sms_gateway


#: A web request must be answered within PRODUCT §10's 5 s even when a lock held elsewhere blocks its statement.
WEB_STATEMENT_SECONDS = 4.0


def serve_web(container: Container) -> None:
    """Tune `container` for a web process (before its engine is first made): statements wait at most 4 s."""
    container.statement_seconds.override(providers.Object(WEB_STATEMENT_SECONDS))


def build_container(settings: Settings | None = None) -> Container:
    """A container for these settings (read from the environment when not given)."""
    container = Container()
    if settings is not None:
        container.settings.override(providers.Object(settings))
    return container


#: alembic, loaded only by the commands that migrate
MIGRATE = Deferred("infrastructure.persistence.migrations:upgrade")


def migrate_database(settings: Settings) -> None:
    """Bring the schema to head (blocking); an unreachable database raises StoreUnavailable."""
    try:
        MIGRATE(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreUnavailable(str(exc).splitlines()[0]) from exc


def share_embedded(container: Container, other: Container) -> None:
    """Make `container` use the broker, embedded SMTP server and status hub of `other` (one of each a process).

    The SMTP server stays `other`'s resource: it starts when either container first needs it and stops with `other`.
    """
    container.broker.override(providers.Object(other.broker()))
    # called through rather than linked: shutting `container` down would follow a linked provider and stop the server
    container.embedded_smtp.override(providers.Callable(other.embedded_smtp.__call__))
    container.status_hub.override(providers.Object(other.status_hub()))


async def start_live_status(container: Container) -> None:
    """Start the live-status listener, a web process's resource (`close_container` stops it with the others)."""
    starting = container.status_listener.init()
    if starting is not None:
        await starting


async def close_container(container: Container) -> None:
    """Stop the container's resources, then release the engines' pooled connections (on the loop that used them)."""
    stopping = container.shutdown_resources()
    if inspect.isawaitable(stopping):  # an async resource (the live listener) was started
        await stopping
    for provider in (container.engine, container.probe_engine):
        engine: AsyncEngine = provider()  # making an engine connects nothing
        await engine.dispose()
        provider.reset()
    if HTTP_CLIENT.resolved:  # else no container of this process has made a client to close
        client: httpx.AsyncClient = container.http_client()
        await client.aclose()
        container.http_client.reset()
    container.mobilepay.reset()


def standalone_simulator(webhook_secret: str | None) -> Litestar:
    """The MobilePay simulator as its own app (`portal simulator`)."""
    app: Litestar = Deferred("infrastructure.mobilepay.simulator.app:create_simulator_app")(
        webhook_secret=webhook_secret
    )
    return app
