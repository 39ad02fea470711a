"""`portal demo`: migrate, seed realistic data, print what to open, and serve (embedded mode only)."""

from __future__ import annotations

import click
import msgspec

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.messagebus import MessageBus
from domain.shared.clock import business_date
from infrastructure.container import Container, migrate_database
from interfaces.cli.demo_data import CUSTOMERS, DEMO_EMAIL, documents
from interfaces.cli.logging_setup import configure_logging
from interfaces.cli.runtime import fail, run, settings_or_exit
from interfaces.cli.serve import serve_app


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Only migrate and seed, then exit.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Run the portal on the embedded default with demo data (SQLite, in-memory broker, local mail)."""
    settings = settings_or_exit()
    if not settings.embedded:
        fail("PORTAL_ENV: `portal demo` runs only in embedded mode")
    migrate_database(settings)

    async def seed(bus: MessageBus, container: Container) -> int:
        for record in CUSTOMERS:
            await bus.handle(msgspec.convert(record, UpsertCustomer))
        today = business_date(container.clock().now())
        docs = documents(today)
        for record in docs:
            body = msgspec.convert(record, DocumentBody)
            await bus.handle(UpsertDocument(type=record["type"], number=record["number"], body=body))
        return len(docs)

    count = run(seed, settings)
    base = f"http://{host}:{port}"
    click.echo(
        f"Seeded {len(CUSTOMERS)} customers and {count} documents.\n"
        f"Open {base}/ and sign in as {DEMO_EMAIL} (two customer records share it).\n"
        f"Mail the portal sends: {base}/dev/mail   API: {base}/schema   Health: {base}/health/ready",
        err=True,
    )
    if not no_serve:
        configure_logging(verbose=False)
        serve_app(settings, host=host, port=port)
