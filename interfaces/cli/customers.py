"""`portal customers …`: staff commands on customer records (PRODUCT §13)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from application.commands.documents.record_statement_downloaded import RecordStatementDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_statement_pdf import GetStaffStatementPdf, StatementPdfView
from infrastructure.container import Container
from interfaces.cli.runtime import fail, run

CURRENCIES = ("DKK", "EUR")


@click.group("customers")
def customers_group() -> None:
    """Customer records: their statements of account."""


@customers_group.command("statement")
@click.argument("customer_no")
@click.option(
    "--currency",
    type=click.Choice(CURRENCIES, case_sensitive=False),
    default=None,
    help="DKK or EUR (default: the currency of the MobilePay market, PORTAL_MOBILEPAY_MARKET).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the PDF to FILE instead of standard output.",
)
def statement(customer_no: str, currency: str | None, output: Path | None) -> None:
    """Print the statement of account of CUSTOMER_NO as a PDF on stdout, or write it to FILE.

    The bytes are the same as the admin API and the customer's download give on the same day.
    """

    async def work(bus: MessageBus, _: Container) -> StatementPdfView:
        view: StatementPdfView = await bus.handle(GetStaffStatementPdf(customer_no=customer_no, currency=currency))
        await bus.handle(
            RecordStatementDownloaded(customer_no=view.customer_no, currency=view.currency, as_of=view.as_of)
        )
        return view

    view = run(work)
    if output is None:
        sys.stdout.buffer.write(view.content)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(view.content)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(
        f"wrote {view.filename} ({view.currency}, as of {view.as_of}, {len(view.content)} bytes) to {output}", err=True
    )
