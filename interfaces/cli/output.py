"""What staff commands print: listings on stdout (a table for people, JSON with `--json`), notes on stderr."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from typing import Any

import click
import msgspec
from rich import box
from rich.console import Console
from rich.table import Table


def print_table(rows: Sequence[Any], *, as_json: bool, columns: Sequence[str]) -> None:
    """A table on a terminal (cells may be shortened to fit); full values, one row a line, when stdout is not a
    terminal or with `--wide`, so an id can always be copied or piped into the next command.
    """
    if as_json:
        click.echo(msgspec.json.encode(list(rows)).decode())
        return
    full = _wide_asked() or not sys.stdout.isatty()
    table = Table(*columns, box=None if full else box.HEAVY_HEAD)
    for column in table.columns:
        column.no_wrap = full
        column.overflow = "ignore" if full else "ellipsis"
    for row in rows:
        values = msgspec.to_builtins(row)
        table.add_row(*("" if values.get(c) is None else str(values.get(c)) for c in columns))
    Console(width=100_000 if full else None, soft_wrap=full).print(table)


def report_revoked(thing_id: uuid.UUID, *, newly: bool) -> None:
    """Revoking is idempotent everywhere: exit 0 either way, and stderr says which it was."""
    click.echo(f"revoked {thing_id}" if newly else f"already revoked {thing_id}", err=True)


_WIDE = "portal.wide"


def _remember_wide(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[_WIDE] = value


#: `--wide` on every listing: full values on a terminal too (they are always full when stdout is not a terminal).
wide_option = click.option(
    "--wide",
    is_flag=True,
    expose_value=False,
    callback=_remember_wide,
    help="Never shorten a value on a terminal.",
)


def _wide_asked() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get(_WIDE))
