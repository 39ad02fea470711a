"""`portal demo`: migrate, seed realistic data, print what to open, and serve (embedded mode only)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import click
import msgspec

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.messagebus import MessageBus
from domain.shared.clock import business_date
from infrastructure.container import Container, migrate_database
from infrastructure.settings import Settings, listening_at
from interfaces.cli.demo_data import CUSTOMERS, DEMO_BRAND, DEMO_EMAIL, documents
from interfaces.cli.logging_setup import configure_logging
from interfaces.cli.runtime import fail, run, settings_or_exit
from interfaces.cli.serve import serve_app


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Only migrate and seed, then exit.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Run the portal on the embedded default with demo data (SQLite, in-memory broker, local mail)."""
    settings = with_demo_brand(listening_at(settings_or_exit(), host, port))
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
    click.echo(f"Seeded {len(CUSTOMERS)} customers and {count} documents.", err=True)
    text = banner(settings.base_url.rstrip("/"))
    if no_serve:
        click.echo(text, err=True)
        return
    configure_logging(verbose=False, readable=True)
    serve_app(settings, host=host, port=port, banner=text)


def with_demo_brand(settings: Settings, environ: Mapping[str, str] | None = None) -> Settings:
    """The demo dealer's name, logo, colour and support contact, except where PORTAL_* variables set them."""
    env = os.environ if environ is None else environ
    unset = {name: value for name, value in DEMO_BRAND.items() if not env.get(f"PORTAL_{name.upper()}", "").strip()}
    return msgspec.structs.replace(settings, **unset)


def banner(base: str) -> str:
    """What to open, printed each time the demo server is ready (so it is the last thing on the terminal)."""
    return "\n".join(
        (
            f"portal demo: ready at {base}/",
            f"  sign in as {DEMO_EMAIL} (two customer records share it) at {base}/login",
            f"  mailbox (sign-in codes and links):  {base}/dev/mail",
            f"  MobilePay phone (approve payments): {base}/simulator/mobilepay/phone",
            f"  SMS outbox:                         {base}/dev/sms",
            f"  API: {base}/schema   health: {base}/health/ready",
        )
    )
