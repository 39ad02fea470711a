"""`portal documents …`: staff commands on documents (PRODUCT §7)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import msgspec

from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded
from application.commands.documents.withdraw_document import WithdrawDocument
from application.messagebus import MessageBus
from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.queries.documents.pdf_views import DocumentPdfView
from application.queries.documents.staff_documents import (
    ListStaffDocuments,
    ShowStaffDocument,
    StaffDocumentView,
)
from application.workflows.fetch_document_pdf import FetchDocumentPdf
from infrastructure.container import Container
from interfaces.cli.output import print_table, wide_option
from interfaces.cli.runtime import fail, run

DOCUMENT_TYPES = ("quote", "order", "invoice", "credit_note")


@click.group("documents")
def documents_group() -> None:
    """List, show and withdraw documents, and get their PDFs."""


@documents_group.command("pdf")
@click.argument("doc_type", metavar="TYPE", type=click.Choice(DOCUMENT_TYPES))
@click.argument("number")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the PDF to FILE instead of standard output.",
)
def pdf(doc_type: str, number: str, output: Path | None) -> None:
    """Print the PDF of document TYPE NUMBER (its current version) on stdout, or write it to FILE.

    The bytes are the same as the admin API and the customer download serve; a missing PDF is rendered first.
    """

    async def work(bus: MessageBus, _: Container) -> tuple[DocumentPdfView, StoredPdf]:
        view, stored = await bus.handle(FetchDocumentPdf(query=GetDocumentPdfForStaff(type=doc_type, number=number)))
        await bus.handle(RecordPdfDownloaded(document_id=view.document_id))
        return view, stored

    view, stored = run(work)
    if output is None:
        sys.stdout.buffer.write(stored.content)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(stored.content)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote {view.filename} (version {view.version}, {len(stored.content)} bytes) to {output}", err=True)


@documents_group.command("list")
@click.option("--type", "doc_type", type=click.Choice(DOCUMENT_TYPES), default=None)
@click.option("--customer", "customer_no", default=None, help="Only documents of this customer or bill-to.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
def list_documents(doc_type: str | None, customer_no: str | None, limit: int, as_json: bool) -> None:
    """List documents, newest first (withdrawn ones are marked)."""

    async def work(bus: MessageBus, _: Container) -> list[StaffDocumentView]:
        rows: list[StaffDocumentView] = await bus.handle(
            ListStaffDocuments(type=doc_type, customer_no=customer_no, limit=limit)
        )
        return rows

    columns = ("type", "number", "issue_date", "customer_no", "bill_to_no", "total", "outstanding", "status", "version")
    print_table(run(work), as_json=as_json, columns=(*columns, "withdrawn"))


@documents_group.command("show")
@click.argument("doc_type", metavar="TYPE", type=click.Choice(DOCUMENT_TYPES))
@click.argument("number")
def show_document(doc_type: str, number: str) -> None:
    """Show document TYPE NUMBER as JSON."""

    async def work(bus: MessageBus, _: Container) -> StaffDocumentView:
        view: StaffDocumentView = await bus.handle(ShowStaffDocument(type=doc_type, number=number))
        return view

    click.echo(msgspec.json.encode(run(work)).decode())


@documents_group.command("withdraw")
@click.argument("doc_type", metavar="TYPE", type=click.Choice(DOCUMENT_TYPES))
@click.argument("number")
def withdraw(doc_type: str, number: str) -> None:
    """Withdraw (void) document TYPE NUMBER: it leaves the portal, its links stop working; the record stays."""

    async def work(bus: MessageBus, _: Container) -> None:
        await bus.handle(WithdrawDocument(type=doc_type, number=number))

    run(work)
    click.echo(f"withdrew {doc_type} {number}", err=True)
