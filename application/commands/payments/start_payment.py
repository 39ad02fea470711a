"""StartPayment: a customer confirms paying (part of) an invoice with MobilePay (PRODUCT §6.1-6.2)."""

from __future__ import annotations

import uuid

import msgspec
import phonenumbers

from application import jobs
from application.commands.payments.settlement import schedule_poll
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress
from domain.payments.model import InvalidPayment, Payment
from domain.shared.errors import ConcurrencyConflict, Conflict, NotFound

VENDOR_MAX = 65_000_000
MARKET_CURRENCY = {"DK": "DKK", "FI": "EUR"}
_ATTEMPTS = 3
_UNDER_WAY = "a payment of this invoice is already under way"
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class StartPayment(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    email: str
    amount: int
    phone: str


class PaymentAccepted(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    status: str


class StartPaymentHandler:
    """Validates and stores a pending Payment, and queues its creation at MobilePay (retried on the same key) and
    its polling (which also ends a payment MobilePay never received, `Payment.missing_at_vendor`).

    - Only an invoice the person may see (else NotFound), in the market's currency, with something outstanding.
    - 0 < amount ≤ outstanding and ≤ the vendor's per-payment maximum; a mobile number of the market.
    - At most one unfinished payment per invoice: Conflict naming the unfinished one's `payment_id`. Starts racing
      each other (tabs, server processes) are decided by the store's uniqueness of unfinished payments; every
      loser gets the same Conflict naming the winner, never a store error.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, directory: CustomerDirectory, market: str) -> None:
        self.uow = uow
        self._clock = clock
        self._directory = directory
        self._market = market

    async def __call__(self, cmd: StartPayment) -> PaymentAccepted:
        records = set(await self._directory.records(EmailAddress.of(cmd.email).value))
        for _ in range(_ATTEMPTS):
            try:
                return await self._store(cmd, records)
            except ConcurrencyConflict:
                # A concurrent start won the race. Its transaction has committed, so ours (now rolled back) can
                # name it from a fresh unit of work; were it already over, this start simply tries again.
                winner = await self._unfinished(cmd.document_id)
                if winner is not None:
                    raise Conflict(_UNDER_WAY, payment_id=str(winner)) from None
        raise ConcurrencyConflict("the payment could not be started; try again")

    async def _store(self, cmd: StartPayment, records: set[str]) -> PaymentAccepted:
        now = self._clock.now()
        async with self.uow:
            document = await self.uow.documents.get(cmd.document_id)
            if document is None or document.withdrawn or not records & {document.customer_no, document.bill_to_no}:
                raise NotFound("document not found")
            pending = await self.uow.payments.pending_for(document.id)
            if pending is not None:
                raise Conflict(_UNDER_WAY, payment_id=str(pending.id))
            self._check(document.type, document.content.currency, document.outstanding, cmd.amount)
            phone = self._mobile(cmd.phone)
            party = document.customer_no if document.customer_no in records else str(document.bill_to_no)
            payment = Payment.start(
                payment_id=uuid.uuid4(),
                document=document.ref,
                amount=cmd.amount,
                currency=document.content.currency,
                phone=phone,
                party=party,
                email=EmailAddress.of(cmd.email).value,
                now=now,
            )
            self.uow.payments.add(payment)
            self.uow.outbox.enqueue(jobs.CREATE_VENDOR_PAYMENT, {"payment_id": str(payment.id)})
            schedule_poll(self.uow, payment, now)
            await self.uow.commit()
        return PaymentAccepted(id=payment.id, status=payment.status)

    async def _unfinished(self, document_id: uuid.UUID) -> uuid.UUID | None:
        async with self.uow:
            pending = await self.uow.payments.pending_for(document_id)
            return pending.id if pending is not None else None

    def _check(self, doc_type: str, currency: str, outstanding: int, amount: int) -> None:
        if doc_type != "invoice":
            raise InvalidPayment("only invoices can be paid", [("/", "not an invoice")])
        if currency != MARKET_CURRENCY[self._market]:
            raise InvalidPayment(
                f"MobilePay takes only {MARKET_CURRENCY[self._market]} here",
                [("/currency", f"the invoice is in {currency}")],
            )
        if outstanding <= 0:
            raise InvalidPayment("nothing is outstanding on this invoice", [("/amount", "nothing to pay")])
        if not 0 < amount <= min(outstanding, VENDOR_MAX):
            raise InvalidPayment(
                "the amount must be more than 0 and at most what is outstanding",
                [("/amount", f"must be between 1 and {min(outstanding, VENDOR_MAX)}")],
            )

    def _mobile(self, raw: str) -> str:
        try:
            number = phonenumbers.parse(raw, self._market)
        except phonenumbers.NumberParseException:
            number = None
        if (
            number is None
            or not phonenumbers.is_valid_number_for_region(number, self._market)
            or phonenumbers.number_type(number) not in _MOBILE
        ):
            raise InvalidPayment(
                "not a mobile number MobilePay can reach here", [("/phone", "not a valid mobile number")]
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
