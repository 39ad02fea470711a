"""The composition root: the only module that names concrete adapters (STYLE §5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.commands.automation.flow_action_effects import ActionEffects
from application.commands.automation.flow_action_payload import PayloadComposer
from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.request_login import LoginPolicy
from application.commands.identity.send_login_email import MailSettings
from application.commands.identity.touch_session import SessionLifetime
from application.commands.links.share_document_link import LinkSettings
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.policies.flow_runs import FlowTrigger
from application.policies.reactions import REACTIONS
from application.queries.identity.get_session import SessionCheck
from infrastructure.brand import logo_of, print_logo_of
from infrastructure.clock import SystemClock
from infrastructure.deferred import Deferred
from infrastructure.live.status_hub import StatusHub
from infrastructure.mail.once import OnceMailer
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.persistence.mail_ledger import SqlMailLedger
from infrastructure.persistence.mappers import start_mappers
from infrastructure.persistence.pdf_store import SqlAlchemyPdfStore
from infrastructure.persistence.rate_limiter import SqlRateLimiter
from infrastructure.persistence.readers.api_keys import SqlAlchemyApiKeyReader
from infrastructure.persistence.readers.automation import SqlAlchemyFlowReader
from infrastructure.persistence.readers.documents import SqlAlchemyDocumentReader
from infrastructure.persistence.readers.event_feed import SqlAlchemyEventFeedReader
from infrastructure.persistence.readers.event_log import SqlAlchemyEventLog
from infrastructure.persistence.readers.identity import SqlAlchemyCustomerDirectory, SqlAlchemySessionReader
from infrastructure.persistence.readers.inbox import SqlAlchemyInboxReader
from infrastructure.persistence.readers.links import SqlAlchemyLinkReader
from infrastructure.persistence.readers.payments import SqlAlchemyPaymentReader
from infrastructure.persistence.readers.staff_documents import SqlAlchemyStaffDocumentReader
from infrastructure.persistence.readers.statements import SqlAlchemyStatementReader
from infrastructure.persistence.retention import SqlRetentionStore
from infrastructure.persistence.unit_of_work import SqlAlchemyUnitOfWork
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.security.key_ring import KeyRing
from infrastructure.security.link_signer import HmacTokenSigner
from infrastructure.settings import Settings, load_settings
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.wiring.automation_handlers import automation_handlers
from infrastructure.wiring.documents_handlers import documents_handlers
from infrastructure.wiring.identity_handlers import identity_handlers
from infrastructure.wiring.links_handlers import links_handlers
from infrastructure.wiring.operations_handlers import operations_handlers
from infrastructure.wiring.payments_handlers import payments_handlers
from infrastructure.wiring.workflow_handlers import workflow_handlers

if TYPE_CHECKING:
    import httpx
    from litestar import Litestar


#: outgoing HTTP (MobilePay, SMS, flow webhooks); a command that never calls out never imports httpx
HTTP_CLIENT = Deferred("httpx:AsyncClient")


def _engine(url: str, statement_seconds: float, pool_size: int = 10) -> AsyncEngine:
    start_mappers()
    return make_engine(url, statement_seconds=statement_seconds, pool_size=pool_size)


class Container(containers.DeclarativeContainer):
    """Wires settings → adapters → handlers → bus. Tests override single providers (`container.uow.override`)."""

    settings: providers.Provider[Settings] = providers.Singleton(load_settings)
    clock = providers.Singleton(SystemClock)
    brand_logo = providers.Singleton(logo_of, settings)
    print_logo = providers.Singleton(print_logo_of, settings)  # the PNG the PDFs carry (docs/adr/0029)

    # how long one statement may wait (a lock held elsewhere): the web process lowers it below its request budget
    statement_seconds = providers.Object(30.0)
    engine = providers.Singleton(_engine, settings.provided.database_url, statement_seconds)
    session_factory = providers.Singleton(make_session_factory, engine)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory, clock=clock)
    document_reader = providers.Factory(SqlAlchemyDocumentReader, session_factory=session_factory)
    api_key_reader = providers.Factory(SqlAlchemyApiKeyReader, session_factory=session_factory)
    statement_reader = providers.Factory(SqlAlchemyStatementReader, session_factory=session_factory)
    # readiness asks through a connection of its own, so a pool exhausted by load never makes the process unready
    probe_engine = providers.Singleton(_engine, settings.provided.database_url, statement_seconds, pool_size=1)
    database_probe = providers.Factory(
        Deferred("infrastructure.persistence.health:DatabaseProbe"), engine=engine, probe_engine=probe_engine
    )
    pdf_store = providers.Factory(SqlAlchemyPdfStore, session_factory=session_factory)
    pdf_renderer = providers.Singleton(
        Deferred("infrastructure.pdf:BorbPdfRenderer"), source_url=settings.provided.source_link, logo=print_logo
    )

    broker = providers.Singleton(Deferred("infrastructure.jobs.broker:make_broker"), settings)
    key_ring = providers.Singleton(KeyRing, keys=settings.provided.secret_keys)  # every keyed secret (ADR-0036)
    hasher = providers.Singleton(HmacSecretHasher, ring=key_ring)
    sealer = providers.Singleton(AesGcmSealer, ring=key_ring)
    rate_limiter = providers.Factory(SqlRateLimiter, session_factory=session_factory)
    customer_directory = providers.Factory(SqlAlchemyCustomerDirectory, session_factory=session_factory)
    session_reader = providers.Factory(SqlAlchemySessionReader, session_factory=session_factory)
    challenge_issuer = providers.Singleton(
        ChallengeIssuer, hasher=hasher, sealer=sealer, ttl_minutes=settings.provided.login_ttl_minutes
    )
    token_signer = providers.Singleton(HmacTokenSigner, ring=key_ring)
    link_settings = providers.Singleton(
        LinkSettings, base_url=settings.provided.base_url, ttl_days=settings.provided.link_ttl_days
    )
    link_reader = providers.Factory(SqlAlchemyLinkReader, session_factory=session_factory)
    http_client = providers.Singleton(HTTP_CLIENT, timeout=10.0)
    mobilepay = providers.Singleton(Deferred("infrastructure.mobilepay.factory:make_gateway"), settings, http_client)
    webhook_verifier = providers.Singleton(HmacWebhookVerifier, secret=settings.provided.mobilepay_webhook_secret)
    status_hub = providers.Singleton(StatusHub)
    simulator_state = providers.Singleton(Deferred("infrastructure.mobilepay.embedded:make_simulator_state"), settings)
    simulator = providers.Singleton(
        Deferred("infrastructure.mobilepay.embedded:embedded_simulator"), settings, simulator_state
    )
    status_broadcaster = providers.Singleton(
        Deferred("infrastructure.live.broadcaster:make_broadcaster"), settings, status_hub, session_factory
    )
    staff_document_reader = providers.Factory(SqlAlchemyStaffDocumentReader, session_factory=session_factory)
    payment_reader = providers.Factory(SqlAlchemyPaymentReader, session_factory=session_factory)
    embedded_smtp = providers.Singleton(Deferred("infrastructure.mail.embedded_smtp:EmbeddedSmtpServer"))
    smtp_mailer = providers.Singleton(Deferred("infrastructure.mail.factory:make_mailer"), settings, embedded_smtp)
    mail_ledger = providers.Factory(SqlMailLedger, session_factory=session_factory)
    mailer = providers.Singleton(OnceMailer, mailer=smtp_mailer, ledger=mail_ledger, clock=clock)
    login_policy = providers.Singleton(
        LoginPolicy,
        ttl_minutes=settings.provided.login_ttl_minutes,
        per_email=settings.provided.limit_login_email,
        per_ip=settings.provided.limit_login_ip,
        per_ip_verify=settings.provided.limit_verify_ip,
    )
    session_check = providers.Singleton(
        SessionCheck,
        clock=clock,
        hasher=hasher,
        idle_minutes=settings.provided.session_idle_minutes,
        max_hours=settings.provided.session_max_hours,
    )
    session_lifetime = providers.Singleton(
        SessionLifetime,
        idle_minutes=settings.provided.session_idle_minutes,
        max_hours=settings.provided.session_max_hours,
    )
    mail_settings = providers.Singleton(
        MailSettings,
        base_url=settings.provided.base_url,
        brand=settings.provided.brand_name,
        contact=settings.provided.support_contact,
        mail_from=settings.provided.mail_from,
        ttl_minutes=settings.provided.login_ttl_minutes,
    )
    broker_probe = providers.Factory(Deferred("infrastructure.jobs.health:BrokerProbe"), broker=broker)
    inbox_reader = providers.Factory(SqlAlchemyInboxReader, session_factory=session_factory)
    event_log = providers.Factory(SqlAlchemyEventLog, session_factory=session_factory)
    relay = providers.Factory(
        Deferred("infrastructure.jobs.relay:OutboxRelay"), session_factory=session_factory, broker=broker, clock=clock
    )

    reactions = providers.Object(REACTIONS)
    flow_reader = providers.Factory(SqlAlchemyFlowReader, session_factory=session_factory)
    event_feed_reader = providers.Factory(SqlAlchemyEventFeedReader, session_factory=session_factory)
    sms_gateway = providers.Factory(
        Deferred("infrastructure.sms.factory:make_sms_gateway"), settings, http_client, session_factory, clock
    )
    sms_outbox = providers.Factory(
        EmbeddedSmsOutbox, session_factory=session_factory, clock=clock, sender=settings.provided.sms_sender
    )
    webhook_sender = providers.Factory(
        Deferred("infrastructure.webhooks.sender:HttpxWebhookSender"), client=http_client, clock=clock
    )
    flow_triggers = providers.List(providers.Factory(FlowTrigger, clock=clock))
    flow_composer = providers.Factory(PayloadComposer, signer=token_signer, settings=link_settings)
    flow_effects = providers.Factory(
        ActionEffects, sms=sms_gateway, webhooks=webhook_sender, mailer=mailer, mail_from=settings.provided.mail_from
    )

    retention_store = providers.Factory(SqlRetentionStore, session_factory=session_factory)

    handlers = providers.Dict(
        {
            **documents_handlers(locals()),
            **identity_handlers(locals()),
            **operations_handlers(locals()),
            **links_handlers(locals()),
            **payments_handlers(locals()),
            **automation_handlers(locals()),
        }
    )
    bus = providers.Singleton(MessageBus, handlers=handlers)
    handlers.add_kwargs(workflow_handlers(bus))  # workflows send their steps through the bus (ADR-0035)


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
    """Make `container` use the broker and embedded SMTP server `other` made (embedded mode: one of each a process)."""
    container.broker.override(providers.Object(other.broker()))
    container.embedded_smtp.override(providers.Object(other.embedded_smtp()))
    container.status_hub.override(providers.Object(other.status_hub()))


async def close_container(container: Container) -> None:
    """Release the engine's pooled connections (call on the loop that used them); making an engine connects nothing."""
    for provider in (container.engine, container.probe_engine):
        engine: AsyncEngine = provider()
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
