"""The `portal` command line (PRODUCT §7): exit 0 ok, 1 user error (one line on stderr), 2 usage.

Each command's module is imported only when that command runs (PRODUCT §11: `portal --help` starts fast): the
group knows every command's name and one-line help without importing it.
"""

from __future__ import annotations

import importlib

import click

from interfaces.cli.logging_setup import configure_logging

#: name → (module, attribute, the one-line help `portal --help` shows).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "serve": ("interfaces.cli.serve", "serve", "Serve the portal over HTTP."),
    "worker": ("interfaces.cli.serve", "worker", "Run the outbox relay and the job actors until SIGTERM."),
    "simulator": ("interfaces.cli.serve", "simulator", "Run the MobilePay simulator alone."),
    "demo": ("interfaces.cli.demo", "demo", "Run the portal on the embedded default with demo data."),
    "db": ("interfaces.cli.database", "db_group", "Database schema commands."),
    "import": ("interfaces.cli.import_records", "import_group", "Import customers or documents (PRODUCT §12)."),
    "apikeys": ("interfaces.cli.apikeys", "apikeys_group", "Create, list and revoke admin API keys."),
    "documents": ("interfaces.cli.documents", "documents_group", "List, show and withdraw documents; PDFs."),
    "customers": ("interfaces.cli.customers", "customers_group", "Customer records: statements of account."),
    "links": ("interfaces.cli.links", "links_group", "Share, list and revoke document links; send sign-in links."),
    "payments": ("interfaces.cli.payments", "payments_group", "MobilePay payments: list, show, reconcile, refund."),
    "flows": ("interfaces.cli.flows", "flows_group", "Apply flows from a TOML file; list them and their runs."),
    "maintenance": ("interfaces.cli.maintenance", "maintenance_group", "Housekeeping jobs."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use; `--help` lists them from `COMMANDS` alone."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        del ctx
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        del ctx
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        del ctx
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug lines to stderr.")
def cli(verbose: bool) -> None:
    """Customer portal: serve it, run its worker, and manage its data."""
    configure_logging(verbose=verbose, quiet=True)


def main() -> None:
    cli(prog_name="portal")
