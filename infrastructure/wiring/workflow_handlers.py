"""Handler wiring of the workflows (`application/workflows/`, ADR-0035): part of the composition root (ADR-0005).

A workflow sends its steps through the bus, so its factory takes the bus itself; the container adds these entries
after it defines the bus (the dictionary is read when a message is dispatched, so the cycle is only on paper).
"""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from application.workflows.cancel_and_show_payment import CancelAndShowPayment, CancelAndShowPaymentHandler
from application.workflows.fetch_document_pdf import FetchDocumentPdf, FetchDocumentPdfHandler
from application.workflows.fetch_my_document_pdf import FetchMyDocumentPdf, FetchMyDocumentPdfHandler
from application.workflows.pay_invoices import PayInvoices, PayInvoicesHandler
from application.workflows.use_session import UseSession, UseSessionHandler
from application.workflows.view_document import (
    ViewDocument,
    ViewDocumentHandler,
    ViewMyDocument,
    ViewMyDocumentHandler,
)


def workflow_handlers(bus: providers.Provider[Any]) -> dict[type[Any], Any]:
    """Workflow type → handler factory over `bus`."""
    return {
        PayInvoices: providers.Factory(PayInvoicesHandler, bus=bus).provider,
        CancelAndShowPayment: providers.Factory(CancelAndShowPaymentHandler, bus=bus).provider,
        FetchDocumentPdf: providers.Factory(FetchDocumentPdfHandler, bus=bus).provider,
        FetchMyDocumentPdf: providers.Factory(FetchMyDocumentPdfHandler, bus=bus).provider,
        UseSession: providers.Factory(UseSessionHandler, bus=bus).provider,
        ViewMyDocument: providers.Factory(ViewMyDocumentHandler, bus=bus).provider,
        ViewDocument: providers.Factory(ViewDocumentHandler, bus=bus).provider,
    }
