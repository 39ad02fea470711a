"""The `portal` command line (PRODUCT §7): exit 0 ok, 1 user error (one line on stderr), 2 usage."""

from __future__ import annotations

import click

from interfaces.cli.apikeys import apikeys_group
from interfaces.cli.database import db_group
from interfaces.cli.demo import demo
from interfaces.cli.documents import documents_group
from interfaces.cli.flows import flows_group
from interfaces.cli.import_records import import_group
from interfaces.cli.links import links_group
from interfaces.cli.logging_setup import configure_logging
from interfaces.cli.maintenance import maintenance_group
from interfaces.cli.payments import payments_group
from interfaces.cli.serve import serve, simulator, worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug lines to stderr.")
def cli(verbose: bool) -> None:
    """Customer portal: serve it, run its worker, and manage its data."""
    configure_logging(verbose=verbose, quiet=True)


for command in (
    serve,
    worker,
    simulator,
    demo,
    db_group,
    import_group,
    apikeys_group,
    documents_group,
    links_group,
    payments_group,
    flows_group,
    maintenance_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="portal")
