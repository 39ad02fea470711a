"""Listings on stdout: a rich table for people, or JSON with `--json` for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
import msgspec
from rich.console import Console
from rich.table import Table


def print_table(rows: Sequence[Any], *, as_json: bool, columns: Sequence[str]) -> None:
    if as_json:
        click.echo(msgspec.json.encode(list(rows)).decode())
        return
    table = Table(*columns)
    for row in rows:
        values = msgspec.to_builtins(row)
        table.add_row(*("" if values.get(c) is None else str(values.get(c)) for c in columns))
    Console().print(table)
