"""GetStatementPdf and GetStaffStatementPdf: a statement of account as a PDF (PRODUCT §13)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import msgspec

from application.ports.pdf_renderer import (
    PdfAgeing,
    PdfParty,
    PdfSeller,
    PdfStatement,
    PdfStatementItem,
    StatementPdfRenderer,
)
from application.queries.documents.get_statement import StatementAsker
from application.queries.documents.statement_views import StatementSource, StatementView

__all__ = [
    "GetStaffStatementPdf",
    "GetStaffStatementPdfHandler",
    "GetStatementPdf",
    "GetStatementPdfHandler",
    "StatementPdfView",
    "pdf_statement_of",
    "statement_filename",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class GetStatementPdf(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    customer_no: str
    currency: str | None = None


class GetStaffStatementPdf(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    currency: str | None = None


class StatementPdfView(msgspec.Struct, frozen=True, kw_only=True):
    """The rendered statement: `Statement-C-1001-2026-12-04.pdf`, and what its download event records."""

    customer_no: str
    currency: str
    as_of: dt.date
    filename: str
    content: bytes


def statement_filename(customer_no: str, as_of: dt.date) -> str:
    """`Statement-C-1001-2026-12-04.pdf`; characters unsafe in a header become `_`."""
    return f"Statement-{_UNSAFE.sub('_', customer_no)}-{as_of.isoformat()}.pdf"


def pdf_statement_of(source: StatementSource, view: StatementView, *, brand: str) -> PdfStatement:
    """What the PDF shows: the statement, the record as the customer party, the seller of its documents."""
    customer = source.customer
    seller = source.seller
    fields = {
        "brand": brand,
        "seller": None
        if seller is None
        else PdfSeller(
            name=seller.name,
            address_lines=tuple(seller.address),
            vat_no=seller.vat_no,
            phone=seller.phone,
            email=seller.email,
            bank=seller.bank,
        ),
        "customer": PdfParty(
            customer_no=customer.customer_no,
            name=customer.name,
            address_lines=tuple(customer.address),
            email=customer.email,
            phone=customer.phone,
        ),
        "currency": view.currency,
        "locale": customer.locale,
        "as_of": view.as_of,
        "items": tuple(
            PdfStatementItem(
                type=item.type,  # type: ignore[arg-type]  # checked by the convert below
                number=item.number,
                issue_date=item.issue_date,
                due_date=item.due_date,
                total=item.total,
                outstanding=item.outstanding,
                days_overdue=item.days_overdue,
            )
            for item in view.items
        ),
        "ageing": PdfAgeing(**msgspec.structs.asdict(view.ageing)),
        "unapplied_credit": view.unapplied_credit,
        "balance": view.balance,
    }
    return msgspec.convert(fields, PdfStatement)  # checks currency, locale and item types against the port's literals


class _StatementPdf:
    def __init__(self, asker: StatementAsker, renderer: StatementPdfRenderer, brand: str) -> None:
        self._asker = asker
        self._renderer = renderer
        self._brand = brand

    async def _pdf(self, customer_no: str, currency: str | None, *, email: str | None) -> StatementPdfView:
        source, view = await self._asker.ask(customer_no, currency, email=email)
        statement = pdf_statement_of(source, view, brand=self._brand)
        content = await asyncio.to_thread(self._renderer.render_statement, statement)
        return StatementPdfView(
            customer_no=view.customer_no,
            currency=view.currency,
            as_of=view.as_of,
            filename=statement_filename(view.customer_no, view.as_of),
            content=content,
        )


class GetStatementPdfHandler(_StatementPdf):
    """- Visibility, currency and date exactly as GetStatement; rendered on each request (never stored: the bytes
      depend only on the data and the date, so the same day gives the same file).
    - Rendering is CPU-bound and runs in a worker thread. Records nothing: the caller sends
      `RecordStatementDownloaded` after handing the PDF out.
    """

    async def __call__(self, query: GetStatementPdf) -> StatementPdfView:
        return await self._pdf(query.customer_no, query.currency, email=query.email)


class GetStaffStatementPdfHandler(_StatementPdf):
    """- As GetStaffStatement: any record; unknown → NotFound."""

    async def __call__(self, query: GetStaffStatementPdf) -> StatementPdfView:
        return await self._pdf(query.customer_no, query.currency, email=None)
