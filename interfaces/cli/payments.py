"""`portal payments list|show|reconcile|refund|register-webhook` (PRODUCT §6.6)."""

from __future__ import annotations

import uuid

import click
import msgspec
from rich.progress import Progress

from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.refund_payment import RefundPayment
from application.commands.payments.register_webhook import RegisteredWebhookSecret, RegisterWebhook
from application.messagebus import MessageBus
from application.queries.payments.list_payments import ListPayments, ListUnfinishedPayments, ShowPayment
from application.queries.payments.payment_views import PaymentDetailView
from infrastructure.container import Container
from interfaces.cli.output import print_table
from interfaces.cli.runtime import fail, run, stderr_console

COLUMNS = ("id", "invoice_number", "amount", "currency", "status", "reason", "captured", "refunded", "created_at")


@click.group("payments")
def payments_group() -> None:
    """MobilePay payments: list, show, reconcile with MobilePay, refund, register the webhook."""


@payments_group.command("list")
@click.option("--status", type=click.Choice(["pending", "complete", "failed", "refunded"]), default=None)
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_payments(status: str | None, limit: int, as_json: bool) -> None:
    """List payments, newest first."""

    async def work(bus: MessageBus, _: Container) -> list[PaymentDetailView]:
        rows: list[PaymentDetailView] = await bus.handle(ListPayments(status=status, limit=limit))
        return rows

    print_table(run(work), as_json=as_json, columns=COLUMNS)


@payments_group.command("show")
@click.argument("payment_id", metavar="ID")
def show(payment_id: str) -> None:
    """Show one payment as JSON."""
    parsed = _id(payment_id)

    async def work(bus: MessageBus, _: Container) -> PaymentDetailView:
        view: PaymentDetailView = await bus.handle(ShowPayment(payment_id=parsed))
        return view

    click.echo(msgspec.json.encode(run(work)).decode())


@payments_group.command("reconcile")
def reconcile() -> None:
    """Ask MobilePay about every unfinished payment and repair local state."""

    async def work(bus: MessageBus, _: Container) -> dict[str, int]:
        ids: list[uuid.UUID] = await bus.handle(ListUnfinishedPayments())
        outcome: dict[str, int] = {}
        with Progress(console=stderr_console(), transient=True, disable=len(ids) < 20) as progress:  # noqa: PLR2004
            task = progress.add_task("reconciling", total=len(ids))
            for payment_id in ids:
                status = await bus.handle(ReconcilePayment(payment_id=payment_id, keep_polling=False))
                outcome[str(status)] = outcome.get(str(status), 0) + 1
                progress.advance(task)
        return outcome

    outcome = run(work)
    click.echo(msgspec.json.encode({"reconciled": sum(outcome.values()), "statuses": outcome}).decode())


@payments_group.command("refund")
@click.argument("payment_id", metavar="ID")
@click.option("--amount", type=click.IntRange(1), default=None, help="Minor units; all that is left by default.")
def refund(payment_id: str, amount: int | None) -> None:
    """Refund a completed payment (all of it, or --amount minor units)."""
    parsed = _id(payment_id)

    async def work(bus: MessageBus, _: Container) -> str:
        status: str = await bus.handle(RefundPayment(payment_id=parsed, amount=amount))
        return status

    click.echo(run(work))


@payments_group.command("register-webhook")
def register_webhook() -> None:
    """Register {PORTAL_BASE_URL}/webhooks/mobilepay at MobilePay; prints the secret once, on stdout."""

    async def work(bus: MessageBus, container: Container) -> RegisteredWebhookSecret:
        url = container.settings().base_url.rstrip("/") + "/webhooks/mobilepay"
        registered: RegisteredWebhookSecret = await bus.handle(RegisterWebhook(url=url))
        return registered

    registered = run(work)
    click.echo(registered.secret)
    click.echo(f"webhook {registered.id} registered; set PORTAL_MOBILEPAY_WEBHOOK_SECRET to the secret", err=True)


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        fail(f"{text!r} is not a payment id (see `portal payments list`)")
