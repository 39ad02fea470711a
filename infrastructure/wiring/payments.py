"""The payments context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.commands.payments.apply_vendor_event import ApplyVendorEvent, ApplyVendorEventHandler
from application.commands.payments.cancel_my_payment import CancelMyPayment, CancelMyPaymentHandler
from application.commands.payments.cancel_payment import CancelPayment, CancelPaymentHandler
from application.commands.payments.capture_payment import CapturePayment, CapturePaymentHandler
from application.commands.payments.create_vendor_payment import CreateVendorPayment, CreateVendorPaymentHandler
from application.commands.payments.reconcile_payment import (
    FollowUpHandlers,
    ReconcilePayment,
    ReconcilePaymentHandler,
)
from application.commands.payments.record_payment_page_opened import (
    RecordPaymentPageOpened,
    RecordPaymentPageOpenedHandler,
)
from application.commands.payments.refund_payment import RefundPayment, RefundPaymentHandler
from application.commands.payments.register_webhook import RegisterWebhook, RegisterWebhookHandler
from application.commands.payments.send_receipt import SendReceipt, SendReceiptHandler
from application.commands.payments.start_payment import StartPayment, StartPaymentHandler
from application.queries.payments.get_payment import GetPayment, GetPaymentHandler
from application.queries.payments.list_payments import (
    ListPayments,
    ListPaymentsHandler,
    ListUnfinishedPayments,
    ListUnfinishedPaymentsHandler,
    ShowPayment,
    ShowPaymentHandler,
)
from infrastructure.deferred import Deferred
from infrastructure.live.listening import listening
from infrastructure.live.status_hub import StatusHub
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from infrastructure.persistence.engine import async_url
from infrastructure.persistence.readers.payments import SqlAlchemyPaymentReader


class Payments(containers.DeclarativeContainer):
    """MobilePay payments, their live status and the simulator."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    mail = providers.DependenciesContainer()
    identity = providers.DependenciesContainer()

    settings = core.settings
    payment_reader = providers.Factory(SqlAlchemyPaymentReader, session_factory=database.read_sessions)
    mobilepay = providers.Singleton(
        Deferred("infrastructure.mobilepay.factory:make_gateway"), settings, core.http_client
    )
    webhook_verifier = providers.Singleton(HmacWebhookVerifier, secret=settings.provided.mobilepay_webhook_secret)
    status_hub = providers.Singleton(StatusHub)
    status_broadcaster = providers.Selector(
        settings.provided.database_kind,
        postgresql=providers.Singleton(
            Deferred("infrastructure.live.postgres_broadcaster:PostgresStatusBroadcaster"),
            providers.Callable(async_url, settings.provided.database_url),
            status_hub,
            database.session_factory,
        ),
        sqlite=status_hub,  # one process: the hub itself is the broadcaster
    )
    # started by the web app's lifespan, stopped by `shutdown_resources`
    status_listener = providers.Resource(listening, status_broadcaster)
    simulator_state = providers.Singleton(Deferred("infrastructure.mobilepay.embedded:make_simulator_state"), settings)
    simulator = providers.Selector(
        settings.provided.mobilepay_kind,
        simulator=providers.Singleton(
            Deferred("infrastructure.mobilepay.embedded:embedded_simulator"), settings, simulator_state
        ),
        vendor=providers.Object(None),
    )

    create = providers.Factory(
        CreateVendorPaymentHandler,
        uow=database.uow,
        clock=core.clock,
        gateway=mobilepay,
        broadcaster=status_broadcaster,
    )
    capture = providers.Factory(
        CapturePaymentHandler, uow=database.uow, clock=core.clock, gateway=mobilepay, broadcaster=status_broadcaster
    )
    cancel = providers.Factory(
        CancelPaymentHandler, uow=database.uow, clock=core.clock, gateway=mobilepay, broadcaster=status_broadcaster
    )
    handlers = providers.Dict(
        {
            CancelMyPayment: providers.Factory(
                CancelMyPaymentHandler, uow=database.uow, directory=identity.customer_directory, cancel=cancel
            ).provider,
            StartPayment: providers.Factory(
                StartPaymentHandler,
                uow=database.uow,
                clock=core.clock,
                directory=identity.customer_directory,
                market=core.settings.provided.mobilepay_market,
            ).provider,
            CreateVendorPayment: create.provider,
            ApplyVendorEvent: providers.Factory(
                ApplyVendorEventHandler,
                uow=database.uow,
                clock=core.clock,
                gateway=mobilepay,
                broadcaster=status_broadcaster,
            ).provider,
            ReconcilePayment: providers.Factory(
                ReconcilePaymentHandler,
                uow=database.uow,
                clock=core.clock,
                gateway=mobilepay,
                broadcaster=status_broadcaster,
                follow_ups=providers.Factory(
                    FollowUpHandlers, create=create.provider, capture=capture.provider, cancel=cancel.provider
                ),
            ).provider,
            CapturePayment: capture.provider,
            CancelPayment: cancel.provider,
            RefundPayment: providers.Factory(
                RefundPaymentHandler,
                uow=database.uow,
                clock=core.clock,
                gateway=mobilepay,
                broadcaster=status_broadcaster,
            ).provider,
            SendReceipt: providers.Factory(
                SendReceiptHandler,
                uow=database.uow,
                clock=core.clock,
                mailer=mail.mailer,
                directory=identity.customer_directory,
                brand=core.settings.provided.brand_name,
                mail_from=core.settings.provided.mail_from,
                contact=core.settings.provided.support_contact,
            ).provider,
            RecordPaymentPageOpened: providers.Factory(
                RecordPaymentPageOpenedHandler, uow=database.uow, clock=core.clock
            ).provider,
            GetPayment: providers.Factory(GetPaymentHandler, reader=payment_reader).provider,
            ListPayments: providers.Factory(ListPaymentsHandler, reader=payment_reader).provider,
            ShowPayment: providers.Factory(ShowPaymentHandler, reader=payment_reader).provider,
            RegisterWebhook: providers.Factory(RegisterWebhookHandler, gateway=mobilepay).provider,
            ListUnfinishedPayments: providers.Factory(ListUnfinishedPaymentsHandler, reader=payment_reader).provider,
        }
    )
