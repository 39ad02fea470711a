"""Handler wiring of the payments context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

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


def payments_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    vendor_call = {
        "uow": p["uow"],
        "clock": p["clock"],
        "gateway": p["mobilepay"],
        "broadcaster": p["status_broadcaster"],
    }
    create = providers.Factory(CreateVendorPaymentHandler, **vendor_call)
    capture = providers.Factory(CapturePaymentHandler, **vendor_call)
    cancel = providers.Factory(CancelPaymentHandler, **vendor_call)
    return {
        CancelMyPayment: providers.Factory(
            CancelMyPaymentHandler, uow=p["uow"], directory=p["customer_directory"], cancel=cancel
        ).provider,
        StartPayment: providers.Factory(
            StartPaymentHandler,
            uow=p["uow"],
            clock=p["clock"],
            directory=p["customer_directory"],
            market=p["settings"].provided.mobilepay_market,
        ).provider,
        CreateVendorPayment: create.provider,
        ApplyVendorEvent: providers.Factory(
            ApplyVendorEventHandler,
            uow=p["uow"],
            clock=p["clock"],
            gateway=p["mobilepay"],
            broadcaster=p["status_broadcaster"],
        ).provider,
        ReconcilePayment: providers.Factory(
            ReconcilePaymentHandler,
            uow=p["uow"],
            clock=p["clock"],
            gateway=p["mobilepay"],
            broadcaster=p["status_broadcaster"],
            follow_ups=providers.Factory(
                FollowUpHandlers, create=create.provider, capture=capture.provider, cancel=cancel.provider
            ),
        ).provider,
        CapturePayment: capture.provider,
        CancelPayment: cancel.provider,
        RefundPayment: providers.Factory(
            RefundPaymentHandler,
            uow=p["uow"],
            clock=p["clock"],
            gateway=p["mobilepay"],
            broadcaster=p["status_broadcaster"],
        ).provider,
        SendReceipt: providers.Factory(
            SendReceiptHandler,
            uow=p["uow"],
            clock=p["clock"],
            mailer=p["mailer"],
            directory=p["customer_directory"],
            brand=p["settings"].provided.brand_name,
            mail_from=p["settings"].provided.mail_from,
            contact=p["settings"].provided.support_contact,
        ).provider,
        RecordPaymentPageOpened: providers.Factory(
            RecordPaymentPageOpenedHandler, uow=p["uow"], clock=p["clock"]
        ).provider,
        GetPayment: providers.Factory(GetPaymentHandler, reader=p["payment_reader"]).provider,
        ListPayments: providers.Factory(ListPaymentsHandler, reader=p["payment_reader"]).provider,
        ShowPayment: providers.Factory(ShowPaymentHandler, reader=p["payment_reader"]).provider,
        RegisterWebhook: providers.Factory(RegisterWebhookHandler, gateway=p["mobilepay"]).provider,
        ListUnfinishedPayments: providers.Factory(ListUnfinishedPaymentsHandler, reader=p["payment_reader"]).provider,
    }
