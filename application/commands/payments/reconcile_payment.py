"""ReconcilePayment: ask MobilePay about one unfinished payment and repair local state (polling, §6.3, §6.6)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import msgspec
import structlog

from application.commands.payments.cancel_payment import CancelPayment, CancelPaymentHandler
from application.commands.payments.capture_payment import CapturePayment, CapturePaymentHandler
from application.commands.payments.create_vendor_payment import CreateVendorPayment, CreateVendorPaymentHandler
from application.commands.payments.reconciliation import ReconcileAction, Reconciliation, answer_of
from application.commands.payments.settlement import (
    POLL_AFTER_OUTAGE,
    apply_facts,
    due_of,
    invoices_of,
    queue_step,
    schedule_poll,
)
from application.commands.payments.vendor_facts import facts_from_payment
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import (
    MobilePayGateway,
    MobilePayPaymentNotFound,
    MobilePayUnavailable,
    VendorPayment,
)
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork
from domain.payments.model import NextStep, Payment
from domain.shared.errors import NotFound

_log = structlog.get_logger("portal.payments")


class ReconcilePayment(msgspec.Struct, frozen=True, kw_only=True):
    """- `keep_polling`: the poll job's form; the next poll is scheduled while the payment is unfinished.
    - `at_once`: an operator's reconcile; the calls that follow are made now instead of being left to the worker.
    - `dry_run`: only say what would be done.
    """

    retry_on_conflict: ClassVar[bool] = True  # idempotent: a concurrent winner makes it look again
    payment_id: uuid.UUID
    keep_polling: bool = True
    at_once: bool = False
    dry_run: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpHandlers:
    """Makers of the handlers whose commands follow a reconcile that acts at once (each builds a fresh one)."""

    create: Callable[[], CreateVendorPaymentHandler]
    capture: Callable[[], CapturePaymentHandler]
    cancel: Callable[[], CancelPaymentHandler]


@dataclass(slots=True)
class _Plan:
    before: str
    actions: list[ReconcileAction] = field(default_factory=list)
    create: bool = False
    step: NextStep | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Seen:
    status: str
    reason: str | None
    captured: int
    currency: str
    at_vendor: bool


class ReconcilePaymentHandler:
    """One payment against MobilePay's word, for the poll job and `portal payments reconcile` alike.

    - MobilePay's payment (its aggregate) is observed exactly as a webhook's look would: settled once, and the
      capture or cancel that follows queued for the worker with the change.
    - MobilePay knowing no such payment (404) is `Payment.missing_at_vendor`: left pending within the window the
      create job retries in, failed with `not_at_mobilepay` after it (the invoice can be paid again).
    - The poll outlives a MobilePay outage: unreachable, it schedules itself again instead of failing.
    - `at_once`: then makes the queued call itself, through its own command: CreateVendorPayment (within the
      window), CapturePayment of min(authorised, outstanding) also when an earlier capture was queued and never
      ran (key `capture-{uuid}`, so a worker doing the same captures nothing twice), CancelPayment when nothing is
      left to pay or the capture was refused.
    - `dry_run`: MobilePay is only read and nothing is committed; the answer says what would be done.
    Returns what it found and did; None for an unknown payment.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        gateway: MobilePayGateway,
        broadcaster: StatusBroadcaster,
        follow_ups: FollowUpHandlers,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster
        self._follow_ups = follow_ups

    async def __call__(self, cmd: ReconcilePayment) -> Reconciliation | None:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None or payment.finished:
                return None if payment is None else Reconciliation.of(payment, before=payment.status, actions=[])
        try:
            vendor: VendorPayment | None = await self._gateway.get_payment(cmd.payment_id)
        except MobilePayPaymentNotFound:
            vendor = None
        except MobilePayUnavailable:
            if not cmd.keep_polling:
                raise
            return await self._poll_later(cmd.payment_id)
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                return None
            plan = await self._observe(payment, vendor, now, at_once=cmd.at_once)
            if cmd.keep_polling:
                schedule_poll(self.uow, payment, now)
            if cmd.dry_run:
                return _predicted(payment, plan)
            await self.uow.commit()
        if payment.status != plan.before:
            await self._broadcaster.publish(payment.id, payment.status)
        if cmd.at_once:
            return await self._follow_up(cmd.payment_id, plan)
        return Reconciliation.of(payment, before=plan.before, actions=plan.actions)

    async def _observe(
        self, payment: Payment, vendor: VendorPayment | None, now: dt.datetime, *, at_once: bool
    ) -> _Plan:
        plan = _Plan(before=payment.status, actions=[ReconcileAction(kind="asked", answer=answer_of(vendor))])
        if vendor is None:
            if not payment.missing_at_vendor(now):
                plan.create = at_once and not payment.created_at_vendor
                if payment.created_at_vendor:
                    _log.warning("payment.unknown_to_vendor", payment_id=str(payment.id))
            return plan
        settled = payment.settled
        plan.step = await apply_facts(self.uow, payment, facts_from_payment(vendor), now)
        if payment.settled > settled:
            plan.actions.append(_money("settled", payment.settled - settled, payment))
        if plan.step is None and at_once:
            invoices = await invoices_of(self.uow, payment)
            plan.step = payment.owed_step(due=due_of(invoices), now=now)
            queue_step(self.uow, payment, plan.step)  # durable as ever: the call below may never be made
        return plan

    async def _follow_up(self, payment_id: uuid.UUID, plan: _Plan) -> Reconciliation | None:
        if plan.create:
            await self._follow_ups.create()(CreateVendorPayment(payment_id=payment_id))
            if (await self._seen(payment_id)).at_vendor:
                plan.actions.append(ReconcileAction(kind="created"))
        if plan.step is not None and plan.step.kind == "capture":
            await self._follow_ups.capture()(CapturePayment(payment_id=payment_id, amount=plan.step.amount))
            seen = await self._seen(payment_id)
            if seen.captured > 0:
                plan.actions.append(ReconcileAction(kind="captured", amount=seen.captured, currency=seen.currency))
            elif seen.status == "failed":
                refusal = (seen.reason or "").removeprefix("capture_failed:")
                plan.actions.append(ReconcileAction(kind="capture_refused", reason=refusal))
                plan.step = NextStep(kind="cancel")
        if plan.step is not None and plan.step.kind == "cancel":
            reason = (await self._seen(payment_id)).reason or "cancelled"
            await self._follow_ups.cancel()(CancelPayment(payment_id=payment_id, reason=reason))
            plan.actions.append(ReconcileAction(kind="cancelled"))
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            return None if payment is None else Reconciliation.of(payment, before=plan.before, actions=plan.actions)

    async def _seen(self, payment_id: uuid.UUID) -> _Seen:
        """The payment as a follow-up command left it (read inside the unit of work: it is not kept after it)."""
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                raise NotFound(f"no payment {payment_id}")
            return _Seen(
                status=payment.status,
                reason=payment.reason,
                captured=payment.captured,
                currency=payment.currency,
                at_vendor=payment.created_at_vendor,
            )

    async def _poll_later(self, payment_id: uuid.UUID) -> Reconciliation | None:
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return None
            schedule_poll(self.uow, payment, self._clock.now(), after=POLL_AFTER_OUTAGE)
            await self.uow.commit()
        _log.info("payment.poll_deferred", payment_id=str(payment_id), reason="MobilePayUnavailable")
        return Reconciliation.of(payment, before=payment.status, actions=[])


def _money(kind: Literal["settled", "captured"], amount: int, payment: Payment) -> ReconcileAction:
    return ReconcileAction(kind=kind, amount=amount, currency=payment.currency)


def _predicted(payment: Payment, plan: _Plan) -> Reconciliation:
    """A dry run's answer: the calls at once assumed to succeed (the capture completes the payment)."""
    actions = list(plan.actions)
    after: str | None = None
    if plan.create:
        actions.append(ReconcileAction(kind="created"))
    if plan.step is not None and plan.step.kind == "capture":
        actions.append(_money("captured", plan.step.amount, payment))
        after = "complete"
    elif plan.step is not None:
        actions.append(ReconcileAction(kind="cancelled"))
    return Reconciliation.of(payment, before=plan.before, actions=actions, after=after)
