"""The composition root: the only module that names concrete adapters (STYLE §5)."""

from __future__ import annotations

import httpx
from dependency_injector import containers, providers
from litestar import Litestar
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.commands.automation.apply_flows import ApplyFlows, ApplyFlowsHandler
from application.commands.automation.flow_action_effects import ActionEffects
from application.commands.automation.flow_action_payload import PayloadComposer
from application.commands.automation.handle_portal_event import HandlePortalEvent, HandlePortalEventHandler
from application.commands.automation.run_daily_jobs import RunDailyJobs, RunDailyJobsHandler
from application.commands.automation.run_flow_action import RunFlowAction, RunFlowActionHandler
from application.commands.automation.schedule_daily_jobs import ScheduleDailyJobs, ScheduleDailyJobsHandler
from application.commands.documents.record_document_viewed import RecordDocumentViewed, RecordDocumentViewedHandler
from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded, RecordPdfDownloadedHandler
from application.commands.documents.render_document_pdf import RenderDocumentPdf, RenderDocumentPdfHandler
from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerHandler
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentHandler
from application.commands.documents.withdraw_document import WithdrawDocument, WithdrawDocumentHandler
from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.consume_link import ConsumeLink, ConsumeLinkHandler
from application.commands.identity.create_api_key import CreateApiKey, CreateApiKeyHandler
from application.commands.identity.request_login import LoginPolicy, RequestLogin, RequestLoginHandler
from application.commands.identity.request_new_login_link import RequestNewLoginLink, RequestNewLoginLinkHandler
from application.commands.identity.revoke_api_key import RevokeApiKey, RevokeApiKeyHandler
from application.commands.identity.send_login_email import MailSettings, SendLoginEmail, SendLoginEmailHandler
from application.commands.identity.sign_out import SignOut, SignOutHandler
from application.commands.identity.touch_session import SessionLifetime, TouchSession, TouchSessionHandler
from application.commands.identity.verify_code import VerifyCode, VerifyCodeHandler
from application.commands.links.open_link import OpenLink, OpenLinkHandler
from application.commands.links.request_link_sign_in import RequestLinkSignIn, RequestLinkSignInHandler
from application.commands.links.revoke_link import RevokeLink, RevokeLinkHandler
from application.commands.links.send_link_email import SendLinkEmail, SendLinkEmailHandler
from application.commands.links.send_login_link import SendLoginLink, SendLoginLinkHandler
from application.commands.links.share_document_link import LinkSettings, ShareDocumentLink, ShareDocumentLinkHandler
from application.commands.maintenance.purge_expired import PurgeExpired, PurgeExpiredHandler
from application.commands.payments.apply_vendor_event import ApplyVendorEvent, ApplyVendorEventHandler
from application.commands.payments.cancel_payment import CancelPayment, CancelPaymentHandler
from application.commands.payments.capture_payment import CapturePayment, CapturePaymentHandler
from application.commands.payments.create_vendor_payment import CreateVendorPayment, CreateVendorPaymentHandler
from application.commands.payments.reconcile_payment import ReconcilePayment, ReconcilePaymentHandler
from application.commands.payments.record_payment_page_opened import (
    RecordPaymentPageOpened,
    RecordPaymentPageOpenedHandler,
)
from application.commands.payments.refund_payment import RefundPayment, RefundPaymentHandler
from application.commands.payments.register_webhook import RegisterWebhook, RegisterWebhookHandler
from application.commands.payments.send_receipt import SendReceipt, SendReceiptHandler
from application.commands.payments.start_payment import StartPayment, StartPaymentHandler
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.policies.flow_runs import FlowTrigger
from application.policies.reactions import REACTIONS
from application.queries.automation.list_flow_runs import ListFlowRuns, ListFlowRunsHandler
from application.queries.automation.list_flows import ListFlows, ListFlowsHandler
from application.queries.automation.list_sent_sms import ListSentSms, ListSentSmsHandler
from application.queries.automation.read_event_feed import ReadEventFeed, ReadEventFeedHandler
from application.queries.documents.get_document import GetDocument, GetDocumentHandler
from application.queries.documents.get_document_pdf import GetDocumentPdf, GetDocumentPdfHandler
from application.queries.documents.get_document_pdf_for_staff import (
    GetDocumentPdfForStaff,
    GetDocumentPdfForStaffHandler,
)
from application.queries.documents.list_balances import ListBalances, ListBalancesHandler
from application.queries.documents.list_documents import ListDocuments, ListDocumentsHandler
from application.queries.documents.staff_documents import (
    ListStaffDocuments,
    ListStaffDocumentsHandler,
    ShowStaffDocument,
    ShowStaffDocumentHandler,
)
from application.queries.identity.authenticate_api_key import AuthenticateApiKey, AuthenticateApiKeyHandler
from application.queries.identity.describe_login_link import DescribeLoginLink, DescribeLoginLinkHandler
from application.queries.identity.get_session import GetSession, GetSessionHandler
from application.queries.identity.list_api_keys import ListApiKeys, ListApiKeysHandler
from application.queries.jobs.was_message_handled import WasMessageHandled, WasMessageHandledHandler
from application.queries.links.list_links import ListLinks, ListLinksHandler
from application.queries.payments.get_payment import GetPayment, GetPaymentHandler
from application.queries.payments.list_payments import (
    ListPayments,
    ListPaymentsHandler,
    ListUnfinishedPayments,
    ListUnfinishedPaymentsHandler,
    ShowPayment,
    ShowPaymentHandler,
)
from infrastructure.clock import SystemClock
from infrastructure.jobs.broker import make_broker
from infrastructure.jobs.health import BrokerProbe
from infrastructure.jobs.relay import OutboxRelay
from infrastructure.live.broadcaster import make_broadcaster
from infrastructure.live.status_hub import StatusHub
from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.factory import make_mailer
from infrastructure.mobilepay.embedded import embedded_simulator, make_simulator_state
from infrastructure.mobilepay.factory import make_gateway
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from infrastructure.pdf import BorbPdfRenderer
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.persistence.health import DatabaseProbe
from infrastructure.persistence.mappers import start_mappers
from infrastructure.persistence.migrations import upgrade
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
from infrastructure.persistence.readers.login_links import SqlAlchemyLoginLinkReader
from infrastructure.persistence.readers.payments import SqlAlchemyPaymentReader
from infrastructure.persistence.readers.staff_documents import SqlAlchemyStaffDocumentReader
from infrastructure.persistence.retention import SqlRetentionStore
from infrastructure.persistence.unit_of_work import SqlAlchemyUnitOfWork
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.security.link_signer import HmacTokenSigner
from infrastructure.settings import Settings, load_settings
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.sms.factory import make_sms_gateway
from infrastructure.webhooks.sender import HttpxWebhookSender


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
    challenge_issuer = providers.Singleton(
        ChallengeIssuer, hasher=hasher, sealer=sealer, ttl_minutes=settings.provided.login_ttl_minutes
    )
    token_signer = providers.Singleton(HmacTokenSigner, keys=settings.provided.secret_keys)
    link_settings = providers.Singleton(
        LinkSettings, base_url=settings.provided.base_url, ttl_days=settings.provided.link_ttl_days
    )
    link_reader = providers.Factory(SqlAlchemyLinkReader, session_factory=session_factory)
    http_client = providers.Singleton(httpx.AsyncClient, timeout=10.0)
    mobilepay = providers.Singleton(make_gateway, settings, http_client)
    webhook_verifier = providers.Singleton(HmacWebhookVerifier, secret=settings.provided.mobilepay_webhook_secret)
    status_hub = providers.Singleton(StatusHub)
    simulator_state = providers.Singleton(make_simulator_state, settings)
    simulator = providers.Singleton(embedded_simulator, settings, simulator_state)
    status_broadcaster = providers.Singleton(make_broadcaster, settings, status_hub)
    staff_document_reader = providers.Factory(SqlAlchemyStaffDocumentReader, session_factory=session_factory)
    payment_reader = providers.Factory(SqlAlchemyPaymentReader, session_factory=session_factory)
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
    flow_reader = providers.Factory(SqlAlchemyFlowReader, session_factory=session_factory)
    event_feed_reader = providers.Factory(SqlAlchemyEventFeedReader, session_factory=session_factory)
    sms_gateway = providers.Factory(make_sms_gateway, settings, http_client, session_factory, clock)
    sms_outbox = providers.Factory(
        EmbeddedSmsOutbox, session_factory=session_factory, clock=clock, sender=settings.provided.sms_sender
    )
    webhook_sender = providers.Factory(HttpxWebhookSender, client=http_client, clock=clock)
    flow_triggers = providers.List(providers.Factory(FlowTrigger, clock=clock))
    flow_composer = providers.Factory(PayloadComposer, signer=token_signer, settings=link_settings)
    flow_effects = providers.Factory(
        ActionEffects, sms=sms_gateway, webhooks=webhook_sender, mailer=mailer, mail_from=settings.provided.mail_from
    )

    retention_store = providers.Factory(SqlRetentionStore, session_factory=session_factory)

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
                issuer=challenge_issuer,
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
            RequestNewLoginLink: providers.Factory(
                RequestNewLoginLinkHandler,
                uow=uow,
                clock=clock,
                hasher=hasher,
                issuer=challenge_issuer,
                limiter=rate_limiter,
                known=customer_directory,
                policy=login_policy,
            ).provider,
            DescribeLoginLink: providers.Factory(
                DescribeLoginLinkHandler,
                reader=providers.Factory(SqlAlchemyLoginLinkReader, session_factory=session_factory),
                clock=clock,
                hasher=hasher,
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
            ShareDocumentLink: providers.Factory(
                ShareDocumentLinkHandler, uow=uow, clock=clock, signer=token_signer, settings=link_settings
            ).provider,
            RevokeLink: providers.Factory(RevokeLinkHandler, uow=uow, clock=clock).provider,
            OpenLink: providers.Factory(
                OpenLinkHandler, uow=uow, clock=clock, signer=token_signer, directory=customer_directory
            ).provider,
            RequestLinkSignIn: providers.Factory(
                RequestLinkSignInHandler,
                uow=uow,
                clock=clock,
                signer=token_signer,
                issuer=challenge_issuer,
                limiter=rate_limiter,
                directory=customer_directory,
                policy=login_policy,
            ).provider,
            SendLoginLink: providers.Factory(
                SendLoginLinkHandler, uow=uow, clock=clock, issuer=challenge_issuer
            ).provider,
            SendLinkEmail: providers.Factory(
                SendLinkEmailHandler,
                uow=uow,
                clock=clock,
                signer=token_signer,
                mailer=mailer,
                directory=customer_directory,
                settings=link_settings,
                brand=settings.provided.brand_name,
                mail_from=settings.provided.mail_from,
            ).provider,
            ListLinks: providers.Factory(ListLinksHandler, reader=link_reader).provider,
            StartPayment: providers.Factory(
                StartPaymentHandler,
                uow=uow,
                clock=clock,
                directory=customer_directory,
                market=settings.provided.mobilepay_market,
            ).provider,
            CreateVendorPayment: providers.Factory(
                CreateVendorPaymentHandler, uow=uow, clock=clock, gateway=mobilepay, broadcaster=status_broadcaster
            ).provider,
            ApplyVendorEvent: providers.Factory(
                ApplyVendorEventHandler, uow=uow, clock=clock, broadcaster=status_broadcaster
            ).provider,
            ReconcilePayment: providers.Factory(
                ReconcilePaymentHandler, uow=uow, clock=clock, gateway=mobilepay, broadcaster=status_broadcaster
            ).provider,
            CapturePayment: providers.Factory(
                CapturePaymentHandler, uow=uow, clock=clock, gateway=mobilepay, broadcaster=status_broadcaster
            ).provider,
            CancelPayment: providers.Factory(
                CancelPaymentHandler, uow=uow, clock=clock, gateway=mobilepay, broadcaster=status_broadcaster
            ).provider,
            RefundPayment: providers.Factory(
                RefundPaymentHandler, uow=uow, clock=clock, gateway=mobilepay, broadcaster=status_broadcaster
            ).provider,
            SendReceipt: providers.Factory(
                SendReceiptHandler,
                uow=uow,
                clock=clock,
                mailer=mailer,
                directory=customer_directory,
                brand=settings.provided.brand_name,
                mail_from=settings.provided.mail_from,
            ).provider,
            RecordPaymentPageOpened: providers.Factory(RecordPaymentPageOpenedHandler, uow=uow, clock=clock).provider,
            GetPayment: providers.Factory(GetPaymentHandler, reader=payment_reader).provider,
            ListPayments: providers.Factory(ListPaymentsHandler, reader=payment_reader).provider,
            ShowPayment: providers.Factory(ShowPaymentHandler, reader=payment_reader).provider,
            ListStaffDocuments: providers.Factory(
                ListStaffDocumentsHandler, reader=staff_document_reader, clock=clock
            ).provider,
            ShowStaffDocument: providers.Factory(
                ShowStaffDocumentHandler, reader=staff_document_reader, clock=clock
            ).provider,
            PurgeExpired: providers.Factory(
                PurgeExpiredHandler,
                store=retention_store,
                clock=clock,
                session_idle_minutes=settings.provided.session_idle_minutes,
            ).provider,
            RegisterWebhook: providers.Factory(RegisterWebhookHandler, gateway=mobilepay).provider,
            ListUnfinishedPayments: providers.Factory(ListUnfinishedPaymentsHandler, reader=payment_reader).provider,
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
                HandlePortalEventHandler, uow=uow, events=event_log, reactions=reactions, triggers=flow_triggers
            ).provider,
            ApplyFlows: providers.Factory(ApplyFlowsHandler, uow=uow, clock=clock).provider,
            RunFlowAction: providers.Factory(
                RunFlowActionHandler,
                uow=uow,
                clock=clock,
                events=event_log,
                composer=flow_composer,
                effects=flow_effects,
            ).provider,
            RunDailyJobs: providers.Factory(RunDailyJobsHandler, uow=uow, clock=clock).provider,
            ScheduleDailyJobs: providers.Factory(ScheduleDailyJobsHandler, uow=uow, clock=clock).provider,
            ListFlows: providers.Factory(ListFlowsHandler, reader=flow_reader).provider,
            ListFlowRuns: providers.Factory(ListFlowRunsHandler, reader=flow_reader).provider,
            ReadEventFeed: providers.Factory(ReadEventFeedHandler, reader=event_feed_reader).provider,
            ListSentSms: providers.Factory(ListSentSmsHandler, reader=sms_outbox).provider,
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
    container.status_hub.override(providers.Object(other.status_hub()))


async def close_container(container: Container) -> None:
    """Release the engine's pooled connections (call on the loop that used them); making an engine connects nothing."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
    client: httpx.AsyncClient = container.http_client()
    await client.aclose()
    container.http_client.reset()
    container.mobilepay.reset()


def standalone_simulator(webhook_secret: str | None) -> Litestar:
    """The MobilePay simulator as its own app (`portal simulator`)."""
    return create_simulator_app(webhook_secret=webhook_secret)
