"""The composition root: the only module that names concrete adapters (STYLE §5)."""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.commands.automation.handle_portal_event import HandlePortalEvent, HandlePortalEventHandler
from application.commands.documents.record_document_viewed import RecordDocumentViewed, RecordDocumentViewedHandler
from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded, RecordPdfDownloadedHandler
from application.commands.documents.render_document_pdf import RenderDocumentPdf, RenderDocumentPdfHandler
from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerHandler
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentHandler
from application.commands.documents.withdraw_document import WithdrawDocument, WithdrawDocumentHandler
from application.commands.identity.consume_link import ConsumeLink, ConsumeLinkHandler
from application.commands.identity.create_api_key import CreateApiKey, CreateApiKeyHandler
from application.commands.identity.request_login import LoginPolicy, RequestLogin, RequestLoginHandler
from application.commands.identity.revoke_api_key import RevokeApiKey, RevokeApiKeyHandler
from application.commands.identity.send_login_email import MailSettings, SendLoginEmail, SendLoginEmailHandler
from application.commands.identity.sign_out import SignOut, SignOutHandler
from application.commands.identity.touch_session import SessionLifetime, TouchSession, TouchSessionHandler
from application.commands.identity.verify_code import VerifyCode, VerifyCodeHandler
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.policies.reactions import REACTIONS
from application.queries.documents.get_document import GetDocument, GetDocumentHandler
from application.queries.documents.get_document_pdf import GetDocumentPdf, GetDocumentPdfHandler
from application.queries.documents.get_document_pdf_for_staff import (
    GetDocumentPdfForStaff,
    GetDocumentPdfForStaffHandler,
)
from application.queries.documents.list_balances import ListBalances, ListBalancesHandler
from application.queries.documents.list_documents import ListDocuments, ListDocumentsHandler
from application.queries.identity.authenticate_api_key import AuthenticateApiKey, AuthenticateApiKeyHandler
from application.queries.identity.get_session import GetSession, GetSessionHandler
from application.queries.identity.list_api_keys import ListApiKeys, ListApiKeysHandler
from application.queries.jobs.was_message_handled import WasMessageHandled, WasMessageHandledHandler
from infrastructure.clock import SystemClock
from infrastructure.jobs.broker import make_broker
from infrastructure.jobs.health import BrokerProbe
from infrastructure.jobs.relay import OutboxRelay
from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.factory import make_mailer
from infrastructure.pdf import BorbPdfRenderer
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.persistence.health import DatabaseProbe
from infrastructure.persistence.mappers import start_mappers
from infrastructure.persistence.migrations import upgrade
from infrastructure.persistence.pdf_store import SqlAlchemyPdfStore
from infrastructure.persistence.rate_limiter import SqlRateLimiter
from infrastructure.persistence.readers.api_keys import SqlAlchemyApiKeyReader
from infrastructure.persistence.readers.documents import SqlAlchemyDocumentReader
from infrastructure.persistence.readers.event_log import SqlAlchemyEventLog
from infrastructure.persistence.readers.identity import SqlAlchemyCustomerDirectory, SqlAlchemySessionReader
from infrastructure.persistence.readers.inbox import SqlAlchemyInboxReader
from infrastructure.persistence.unit_of_work import SqlAlchemyUnitOfWork
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.settings import Settings, load_settings


def _engine(url: str) -> AsyncEngine:
    start_mappers()
    return make_engine(url)


class Container(containers.DeclarativeContainer):
    """Wires settings → adapters → handlers → bus. Tests override single providers (`container.uow.override`)."""

    settings: providers.Provider[Settings] = providers.Singleton(load_settings)
    clock = providers.Singleton(SystemClock)

    engine = providers.Singleton(_engine, settings.provided.database_url)
    session_factory = providers.Singleton(make_session_factory, engine)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory, clock=clock)
    document_reader = providers.Factory(SqlAlchemyDocumentReader, session_factory=session_factory)
    api_key_reader = providers.Factory(SqlAlchemyApiKeyReader, session_factory=session_factory)
    database_probe = providers.Factory(DatabaseProbe, engine=engine)
    pdf_store = providers.Factory(SqlAlchemyPdfStore, session_factory=session_factory)
    pdf_renderer = providers.Singleton(BorbPdfRenderer, source_url=settings.provided.source_url)

    broker = providers.Singleton(make_broker, settings)
    hasher = providers.Singleton(HmacSecretHasher, key=settings.provided.signing_key[1])
    sealer = providers.Singleton(AesGcmSealer, key=settings.provided.signing_key[1])
    rate_limiter = providers.Factory(SqlRateLimiter, session_factory=session_factory)
    customer_directory = providers.Factory(SqlAlchemyCustomerDirectory, session_factory=session_factory)
    session_reader = providers.Factory(SqlAlchemySessionReader, session_factory=session_factory)
    embedded_smtp = providers.Singleton(EmbeddedSmtpServer)
    mailer = providers.Singleton(make_mailer, settings, embedded_smtp)
    login_policy = providers.Singleton(
        LoginPolicy,
        ttl_minutes=settings.provided.login_ttl_minutes,
        per_email=settings.provided.limit_login_email,
        per_ip=settings.provided.limit_login_ip,
        per_ip_verify=settings.provided.limit_verify_ip,
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
        mail_from=settings.provided.mail_from,
        ttl_minutes=settings.provided.login_ttl_minutes,
    )
    broker_probe = providers.Factory(BrokerProbe, broker=broker)
    inbox_reader = providers.Factory(SqlAlchemyInboxReader, session_factory=session_factory)
    event_log = providers.Factory(SqlAlchemyEventLog, session_factory=session_factory)
    relay = providers.Factory(OutboxRelay, session_factory=session_factory, broker=broker, clock=clock)

    reactions = providers.Object(REACTIONS)

    handlers = providers.Dict(
        {
            UpsertCustomer: providers.Factory(UpsertCustomerHandler, uow=uow, clock=clock).provider,
            UpsertDocument: providers.Factory(UpsertDocumentHandler, uow=uow, clock=clock).provider,
            WithdrawDocument: providers.Factory(WithdrawDocumentHandler, uow=uow, clock=clock).provider,
            CreateApiKey: providers.Factory(CreateApiKeyHandler, uow=uow, clock=clock).provider,
            RevokeApiKey: providers.Factory(RevokeApiKeyHandler, uow=uow, clock=clock).provider,
            ListDocuments: providers.Factory(ListDocumentsHandler, reader=document_reader, clock=clock).provider,
            GetDocument: providers.Factory(GetDocumentHandler, reader=document_reader, clock=clock).provider,
            ListBalances: providers.Factory(ListBalancesHandler, reader=document_reader).provider,
            AuthenticateApiKey: providers.Factory(AuthenticateApiKeyHandler, reader=api_key_reader).provider,
            ListApiKeys: providers.Factory(ListApiKeysHandler, reader=api_key_reader).provider,
            WasMessageHandled: providers.Factory(WasMessageHandledHandler, reader=inbox_reader).provider,
            RequestLogin: providers.Factory(
                RequestLoginHandler,
                uow=uow,
                clock=clock,
                hasher=hasher,
                sealer=sealer,
                limiter=rate_limiter,
                known=customer_directory,
                policy=login_policy,
            ).provider,
            VerifyCode: providers.Factory(
                VerifyCodeHandler,
                uow=uow,
                clock=clock,
                hasher=hasher,
                limiter=rate_limiter,
                directory=customer_directory,
                policy=login_policy,
            ).provider,
            ConsumeLink: providers.Factory(
                ConsumeLinkHandler, uow=uow, clock=clock, hasher=hasher, directory=customer_directory
            ).provider,
            SendLoginEmail: providers.Factory(
                SendLoginEmailHandler,
                uow=uow,
                clock=clock,
                sealer=sealer,
                mailer=mailer,
                directory=customer_directory,
                settings=mail_settings,
            ).provider,
            RecordDocumentViewed: providers.Factory(RecordDocumentViewedHandler, uow=uow, clock=clock).provider,
            SignOut: providers.Factory(SignOutHandler, uow=uow, clock=clock, hasher=hasher).provider,
            TouchSession: providers.Factory(
                TouchSessionHandler, uow=uow, clock=clock, hasher=hasher, lifetime=session_lifetime
            ).provider,
            GetSession: providers.Factory(
                GetSessionHandler,
                reader=session_reader,
                clock=clock,
                hasher=hasher,
                idle_minutes=settings.provided.session_idle_minutes,
                max_hours=settings.provided.session_max_hours,
            ).provider,
            RenderDocumentPdf: providers.Factory(
                RenderDocumentPdfHandler, uow=uow, store=pdf_store, renderer=pdf_renderer, clock=clock
            ).provider,
            RecordPdfDownloaded: providers.Factory(RecordPdfDownloadedHandler, uow=uow, clock=clock).provider,
            GetDocumentPdf: providers.Factory(GetDocumentPdfHandler, reader=document_reader, store=pdf_store).provider,
            GetDocumentPdfForStaff: providers.Factory(
                GetDocumentPdfForStaffHandler, reader=document_reader, store=pdf_store
            ).provider,
            HandlePortalEvent: providers.Factory(
                HandlePortalEventHandler, uow=uow, events=event_log, reactions=reactions
            ).provider,
        }
    )
    bus = providers.Singleton(MessageBus, handlers=handlers)


def build_container(settings: Settings | None = None) -> Container:
    """A container for these settings (read from the environment when not given)."""
    container = Container()
    if settings is not None:
        container.settings.override(providers.Object(settings))
    return container


def migrate_database(settings: Settings) -> None:
    """Bring the schema to head (blocking); an unreachable database raises StoreUnavailable."""
    try:
        upgrade(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreUnavailable(str(exc).splitlines()[0]) from exc


def share_embedded(container: Container, other: Container) -> None:
    """Make `container` use the broker and embedded SMTP server `other` made (embedded mode: one of each a process)."""
    container.broker.override(providers.Object(other.broker()))
    container.embedded_smtp.override(providers.Object(other.embedded_smtp()))


async def close_container(container: Container) -> None:
    """Release the engine's pooled connections (call on the loop that used them); making an engine connects nothing."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
