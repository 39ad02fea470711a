"""`portal payments list|show|reconcile|refund|register-webhook` (PRODUCT §6.6)."""

from __future__ import annotations

import uuid
from typing import TypeVar

import click
import msgspec

from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.reconciliation import ReconcileAction, Reconciliation
from application.commands.payments.refund_payment import RefundPayment
from application.commands.payments.register_webhook import RegisteredWebhookSecret, RegisterWebhook
from application.messagebus import MessageBus
from application.queries.payments.list_payments import ListPayments, ListUnfinishedPayments, ShowPayment
from application.queries.payments.payment_views import PaymentDetailView
from infrastructure.container import Container
from interfaces.cli.output import print_table, wide_option
from interfaces.cli.runtime import fail, run

T = TypeVar("T")
COLUMNS = ("id", "invoice_number", "amount", "currency", "status", "reason", "captured", "refunded", "created_at")


@click.group("payments")
def payments_group() -> None:
    """MobilePay payments: list, show, reconcile with MobilePay, refund, register the webhook."""


@payments_group.command("list")
@click.option("--status", type=click.Choice(["pending", "complete", "failed", "refunded"]), default=None)
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
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
@click.option("--dry-run", is_flag=True, help="Only show what would be done: nothing changes here or at MobilePay.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list instead of one line per payment.")
def reconcile(dry_run: bool, as_json: bool) -> None:
    """Ask MobilePay about every unfinished payment and repair it at once, as the worker would.

    Captures what is authorised, cancels what must be cancelled, fails what MobilePay never received, settles what
    MobilePay captured; one line per payment says what was done.
    """

    async def work(bus: MessageBus, _: Container) -> list[Reconciliation]:
        ids: list[uuid.UUID] = await bus.handle(ListUnfinishedPayments())
        done: list[Reconciliation] = []
        for payment_id in ids:
            command = ReconcilePayment(payment_id=payment_id, keep_polling=False, at_once=True, dry_run=dry_run)
            outcome: Reconciliation | None = await bus.handle(command)
            if outcome is not None:
                done.append(outcome)
                if not as_json:
                    click.echo(_line(outcome, dry_run=dry_run))
        return done

    done = run(work)
    if as_json:
        click.echo(msgspec.json.encode(done).decode())
    if dry_run:
        click.echo(f"dry run: {len(done)} unfinished payment(s) looked at; nothing was changed", err=True)
    else:
        click.echo(f"{len(done)} unfinished payment(s) reconciled with MobilePay", err=True)


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


_ANSWERS = {"not_found": "not at MobilePay", "authorized": "authorised"}
_VERBS = {  # (done, dry run)
    "created": ("created at MobilePay", "would create at MobilePay"),
    "settled": ("settled", "would settle"),
    "captured": ("captured", "would capture"),
    "cancelled": ("cancelled", "would cancel"),
}


def _line(outcome: Reconciliation, *, dry_run: bool) -> str:
    """`{id} {invoice} {MobilePay's answer} → {each action} → {status after}`, full ids, for people and grep."""
    steps: list[str] = []
    reason = ""
    for action in outcome.actions:
        if action.kind == "asked":
            steps.append(_ANSWERS.get(str(action.answer), str(action.answer)))
        elif action.kind == "failed":
            reason = f" ({action.reason})"
        elif action.kind == "capture_refused":
            steps.append(f"capture refused ({action.reason})")
        else:
            steps.append(_done(action, dry_run=dry_run))
    after = f"{outcome.after}{reason}"
    if dry_run and outcome.after != outcome.before:
        after = f"would be {after}"
    return " ".join((str(outcome.id), outcome.invoice_number, " → ".join([*steps, after])))


def _done(action: ReconcileAction, *, dry_run: bool) -> str:
    verb = _VERBS[action.kind][dry_run]
    if action.amount is None:
        return verb
    whole, cents = divmod(action.amount, 100)
    thousands = f"{whole:,}".replace(",", ".")
    return f"{verb} {thousands},{cents:02d} {action.currency}"


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        fail(f"{text!r} is not a payment id (see `portal payments list`)")
