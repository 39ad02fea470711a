"""`portal db upgrade`: run the schema migrations."""

from __future__ import annotations

import click

from application.errors import StoreUnavailable
from infrastructure.container import migrate_database
from interfaces.cli.runtime import fail, settings_or_exit


@click.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
def upgrade() -> None:
    """Migrate the database to the schema this version needs."""
    settings = settings_or_exit()
    try:
        migrate_database(settings)
    except StoreUnavailable as exc:
        fail(f"the database cannot be reached: {exc}")
    click.echo("database is up to date", err=True)
