"""`portal documents …`: staff commands on documents (PRODUCT §7)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded
from application.messagebus import MessageBus
from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.queries.documents.pdf_views import DocumentPdfView
from infrastructure.container import Container
from interfaces.cli.runtime import fail, run
from interfaces.document_pdf import fetch_pdf

DOCUMENT_TYPES = ("quote", "order", "invoice", "credit_note")


@click.group("documents")
def documents_group() -> None:
    """Look at documents and get their PDFs."""


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
        view, stored = await fetch_pdf(bus, GetDocumentPdfForStaff(type=doc_type, number=number))
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
