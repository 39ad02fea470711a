"""`portal links share|list|revoke|login` (PRODUCT §7): direct document links and general login links."""

from __future__ import annotations

import uuid

import click
import msgspec

from application.commands.links.revoke_link import RevokeLink
from application.commands.links.send_login_link import SendLoginLink
from application.commands.links.share_document_link import SharedLink, ShareDocumentLink
from application.messagebus import MessageBus
from application.queries.links.list_links import LinkView, ListLinks
from infrastructure.container import Container
from interfaces.cli.output import print_table, report_revoked, wide_option
from interfaces.cli.runtime import fail, run

DOC_TYPES = click.Choice(["quote", "order", "invoice", "credit_note"])


@click.group("links")
def links_group() -> None:
    """Share, list and revoke direct document links; send a customer a sign-in link."""


@links_group.command("share")
@click.argument("doc_type", metavar="TYPE", type=DOC_TYPES)
@click.argument("number")
@click.option("--party", type=click.Choice(["customer", "bill_to"]), default="customer", show_default=True)
@click.option("--send", is_flag=True, help="Also email the link to the party's address.")
@click.option("--expires", "expires", type=click.IntRange(1, 365), default=None, help="Days until it expires.")
@click.option("--json", "as_json", is_flag=True, help='Print {"id", "url", "expires_at"} as JSON.')
def share(doc_type: str, number: str, party: str, send: bool, expires: int | None, as_json: bool) -> None:
    """Make a signed link to one document for one party; prints only the URL."""

    async def work(bus: MessageBus, _: Container) -> SharedLink:
        shared: SharedLink = await bus.handle(
            ShareDocumentLink(type=doc_type, number=number, party=party, send=send, expires_in_days=expires)
        )
        return shared

    shared = run(work)
    click.echo(msgspec.json.encode(shared).decode() if as_json else shared.url)


@links_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
def list_links(as_json: bool, limit: int) -> None:
    """List direct links, newest first, with their openings."""

    async def work(bus: MessageBus, _: Container) -> list[LinkView]:
        links: list[LinkView] = await bus.handle(ListLinks(limit=limit))
        return links

    columns = ("id", "document_type", "document_number", "role", "party_no", "expires_at", "revoked_at", "openings")
    print_table(run(work), as_json=as_json, columns=columns)


@links_group.command("revoke")
@click.argument("link_id", metavar="ID")
def revoke(link_id: str) -> None:
    """Revoke the link with id ID at once."""
    try:
        parsed = uuid.UUID(link_id)
    except ValueError:
        fail(f"{link_id!r} is not a link id (see `portal links list`)")

    async def work(bus: MessageBus, _: Container) -> bool:
        newly: bool = await bus.handle(RevokeLink(id=parsed))
        return newly

    report_revoked(parsed, newly=run(work))


@links_group.command("login")
@click.argument("customer_no", metavar="CUSTOMER_NO")
def login(customer_no: str) -> None:
    """Email the customer a sign-in link and code; nothing secret is printed."""

    async def work(bus: MessageBus, _: Container) -> None:
        await bus.handle(SendLoginLink(customer_no=customer_no))

    run(work)
    click.echo(f"sign-in email queued for customer {customer_no}", err=True)
