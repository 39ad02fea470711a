"""Handler wiring of the documents context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

from application.commands.documents.record_document_viewed import RecordDocumentViewed, RecordDocumentViewedHandler
from application.commands.documents.record_my_pdf_downloaded import (
    RecordMyPdfDownloaded,
    RecordMyPdfDownloadedHandler,
)
from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded, RecordPdfDownloadedHandler
from application.commands.documents.record_statement_downloaded import (
    RecordStatementDownloaded,
    RecordStatementDownloadedHandler,
)
from application.commands.documents.render_document_pdf import RenderDocumentPdf, RenderDocumentPdfHandler
from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerHandler
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentHandler
from application.commands.documents.withdraw_document import WithdrawDocument, WithdrawDocumentHandler
from application.queries.documents.get_document import GetDocument, GetDocumentHandler
from application.queries.documents.get_document_pdf import GetDocumentPdf, GetDocumentPdfHandler
from application.queries.documents.get_document_pdf_for_staff import (
    GetDocumentPdfForStaff,
    GetDocumentPdfForStaffHandler,
)
from application.queries.documents.get_my_document import GetMyDocument, GetMyDocumentHandler
from application.queries.documents.get_my_document_pdf import GetMyDocumentPdf, GetMyDocumentPdfHandler
from application.queries.documents.get_statement import (
    GetStaffStatement,
    GetStaffStatementHandler,
    GetStatement,
    GetStatementHandler,
    StatementAsker,
)
from application.queries.documents.get_statement_pdf import (
    GetStaffStatementPdf,
    GetStaffStatementPdfHandler,
    GetStatementPdf,
    GetStatementPdfHandler,
)
from application.queries.documents.list_balances import ListBalances, ListBalancesHandler
from application.queries.documents.list_documents import ListDocuments, ListDocumentsHandler
from application.queries.documents.list_my_documents import ListMyDocuments, ListMyDocumentsHandler
from application.queries.documents.staff_documents import (
    ListStaffDocuments,
    ListStaffDocumentsHandler,
    ShowStaffDocument,
    ShowStaffDocumentHandler,
)


def documents_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    statements = providers.Factory(
        StatementAsker,
        reader=p["statement_reader"],
        clock=p["clock"],
        default_currency=p["settings"].provided.market_currency,
    )
    brand = p["settings"].provided.brand_name
    return {
        UpsertCustomer: providers.Factory(UpsertCustomerHandler, uow=p["uow"], clock=p["clock"]).provider,
        UpsertDocument: providers.Factory(UpsertDocumentHandler, uow=p["uow"], clock=p["clock"]).provider,
        WithdrawDocument: providers.Factory(WithdrawDocumentHandler, uow=p["uow"], clock=p["clock"]).provider,
        ListDocuments: providers.Factory(ListDocumentsHandler, reader=p["document_reader"], clock=p["clock"]).provider,
        ListMyDocuments: providers.Factory(
            ListMyDocumentsHandler,
            reader=p["document_reader"],
            sessions=p["session_reader"],
            check=p["session_check"],
            clock=p["clock"],
        ).provider,
        GetMyDocument: providers.Factory(
            GetMyDocumentHandler, reader=p["document_reader"], check=p["session_check"], clock=p["clock"]
        ).provider,
        GetDocument: providers.Factory(GetDocumentHandler, reader=p["document_reader"], clock=p["clock"]).provider,
        ListBalances: providers.Factory(ListBalancesHandler, reader=p["document_reader"]).provider,
        RecordDocumentViewed: providers.Factory(RecordDocumentViewedHandler, uow=p["uow"], clock=p["clock"]).provider,
        GetMyDocumentPdf: providers.Factory(
            GetMyDocumentPdfHandler, reader=p["document_reader"], check=p["session_check"]
        ).provider,
        RecordMyPdfDownloaded: providers.Factory(RecordMyPdfDownloadedHandler, uow=p["uow"], clock=p["clock"]).provider,
        ListStaffDocuments: providers.Factory(
            ListStaffDocumentsHandler, reader=p["staff_document_reader"], clock=p["clock"]
        ).provider,
        ShowStaffDocument: providers.Factory(
            ShowStaffDocumentHandler, reader=p["staff_document_reader"], clock=p["clock"]
        ).provider,
        RenderDocumentPdf: providers.Factory(
            RenderDocumentPdfHandler, uow=p["uow"], store=p["pdf_store"], renderer=p["pdf_renderer"], clock=p["clock"]
        ).provider,
        RecordPdfDownloaded: providers.Factory(RecordPdfDownloadedHandler, uow=p["uow"], clock=p["clock"]).provider,
        GetDocumentPdf: providers.Factory(
            GetDocumentPdfHandler, reader=p["document_reader"], store=p["pdf_store"]
        ).provider,
        GetDocumentPdfForStaff: providers.Factory(
            GetDocumentPdfForStaffHandler, reader=p["document_reader"], store=p["pdf_store"]
        ).provider,
        GetStatement: providers.Factory(GetStatementHandler, asker=statements).provider,
        GetStaffStatement: providers.Factory(GetStaffStatementHandler, asker=statements).provider,
        GetStatementPdf: providers.Factory(
            GetStatementPdfHandler, asker=statements, renderer=p["pdf_renderer"], brand=brand
        ).provider,
        GetStaffStatementPdf: providers.Factory(
            GetStaffStatementPdfHandler, asker=statements, renderer=p["pdf_renderer"], brand=brand
        ).provider,
        RecordStatementDownloaded: providers.Factory(
            RecordStatementDownloadedHandler, uow=p["uow"], clock=p["clock"]
        ).provider,
    }
