"""`portal apikeys create|list|revoke`: staff API keys for the admin API (PRODUCT §3, §12)."""

from __future__ import annotations

import uuid

import click

from application.commands.identity.create_api_key import CreateApiKey, CreatedApiKey
from application.commands.identity.revoke_api_key import RevokeApiKey
from application.messagebus import MessageBus
from application.queries.identity.api_keys import ApiKeyView
from application.queries.identity.list_api_keys import ListApiKeys
from infrastructure.container import Container
from interfaces.cli.output import print_table, report_revoked, wide_option
from interfaces.cli.runtime import fail, run


@click.group("apikeys")
def apikeys_group() -> None:
    """Create, list and revoke admin API keys."""


@apikeys_group.command("create")
@click.argument("name")
def create(name: str) -> None:
    """Create a key named NAME; prints only the key, once, on stdout."""

    async def work(bus: MessageBus, _: Container) -> CreatedApiKey:
        created: CreatedApiKey = await bus.handle(CreateApiKey(name=name))
        return created

    click.echo(run(work).key)


@apikeys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
def list_keys(as_json: bool) -> None:
    """List every key: id, name, prefix, created, revoked."""

    async def work(bus: MessageBus, _: Container) -> list[ApiKeyView]:
        keys: list[ApiKeyView] = await bus.handle(ListApiKeys())
        return keys

    print_table(run(work), as_json=as_json, columns=("id", "name", "prefix", "created_at", "revoked_at"))


@apikeys_group.command("revoke")
@click.argument("key_id")
def revoke(key_id: str) -> None:
    """Revoke the key with id KEY_ID at once."""
    try:
        parsed = uuid.UUID(key_id)
    except ValueError:
        fail(f"{key_id!r} is not a key id (see `portal apikeys list`)")

    async def work(bus: MessageBus, _: Container) -> bool:
        newly: bool = await bus.handle(RevokeApiKey(id=parsed))
        return newly

    report_revoked(parsed, newly=run(work))
