"""The documents context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

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
from infrastructure.deferred import Deferred
from infrastructure.persistence.pdf_store import SqlAlchemyPdfStore
from infrastructure.persistence.readers.documents import SqlAlchemyDocumentReader
from infrastructure.persistence.readers.staff_documents import SqlAlchemyStaffDocumentReader
from infrastructure.persistence.readers.statements import SqlAlchemyStatementReader


class Documents(containers.DeclarativeContainer):
    """Documents, customers, statements and their PDFs."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    identity = providers.DependenciesContainer()

    document_reader = providers.Factory(SqlAlchemyDocumentReader, session_factory=database.read_sessions)
    staff_document_reader = providers.Factory(SqlAlchemyStaffDocumentReader, session_factory=database.read_sessions)
    statement_reader = providers.Factory(SqlAlchemyStatementReader, session_factory=database.read_sessions)
    pdf_store = providers.Factory(SqlAlchemyPdfStore, session_factory=database.session_factory)
    pdf_renderer = providers.Singleton(
        Deferred("infrastructure.pdf:BorbPdfRenderer"),
        source_url=core.settings.provided.source_link,
        logo=core.print_logo,
    )

    statements = providers.Factory(
        StatementAsker,
        reader=statement_reader,
        clock=core.clock,
        default_currency=core.settings.provided.market_currency,
    )
    brand = core.settings.provided.brand_name
    handlers = providers.Dict(
        {
            UpsertCustomer: providers.Factory(UpsertCustomerHandler, uow=database.uow, clock=core.clock).provider,
            UpsertDocument: providers.Factory(UpsertDocumentHandler, uow=database.uow, clock=core.clock).provider,
            WithdrawDocument: providers.Factory(WithdrawDocumentHandler, uow=database.uow, clock=core.clock).provider,
            ListDocuments: providers.Factory(ListDocumentsHandler, reader=document_reader, clock=core.clock).provider,
            ListMyDocuments: providers.Factory(
                ListMyDocumentsHandler,
                reader=document_reader,
                sessions=identity.session_reader,
                check=identity.session_check,
                clock=core.clock,
            ).provider,
            GetMyDocument: providers.Factory(
                GetMyDocumentHandler, reader=document_reader, check=identity.session_check, clock=core.clock
            ).provider,
            GetDocument: providers.Factory(GetDocumentHandler, reader=document_reader, clock=core.clock).provider,
            ListBalances: providers.Factory(ListBalancesHandler, reader=document_reader).provider,
            RecordDocumentViewed: providers.Factory(
                RecordDocumentViewedHandler, uow=database.uow, clock=core.clock
            ).provider,
            GetMyDocumentPdf: providers.Factory(
                GetMyDocumentPdfHandler, reader=document_reader, check=identity.session_check
            ).provider,
            RecordMyPdfDownloaded: providers.Factory(
                RecordMyPdfDownloadedHandler, uow=database.uow, clock=core.clock
            ).provider,
            ListStaffDocuments: providers.Factory(
                ListStaffDocumentsHandler, reader=staff_document_reader, clock=core.clock
            ).provider,
            ShowStaffDocument: providers.Factory(
                ShowStaffDocumentHandler, reader=staff_document_reader, clock=core.clock
            ).provider,
            RenderDocumentPdf: providers.Factory(
                RenderDocumentPdfHandler, uow=database.uow, store=pdf_store, renderer=pdf_renderer, clock=core.clock
            ).provider,
            RecordPdfDownloaded: providers.Factory(
                RecordPdfDownloadedHandler, uow=database.uow, clock=core.clock
            ).provider,
            GetDocumentPdf: providers.Factory(GetDocumentPdfHandler, reader=document_reader, store=pdf_store).provider,
            GetDocumentPdfForStaff: providers.Factory(
                GetDocumentPdfForStaffHandler, reader=document_reader, store=pdf_store
            ).provider,
            GetStatement: providers.Factory(GetStatementHandler, asker=statements).provider,
            GetStaffStatement: providers.Factory(GetStaffStatementHandler, asker=statements).provider,
            GetStatementPdf: providers.Factory(
                GetStatementPdfHandler, asker=statements, renderer=pdf_renderer, brand=brand
            ).provider,
            GetStaffStatementPdf: providers.Factory(
                GetStaffStatementPdfHandler, asker=statements, renderer=pdf_renderer, brand=brand
            ).provider,
            RecordStatementDownloaded: providers.Factory(
                RecordStatementDownloadedHandler, uow=database.uow, clock=core.clock
            ).provider,
        }
    )
