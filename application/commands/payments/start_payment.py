"""StartPayment: a customer confirms paying (part of) an invoice, or several invoices, with MobilePay (PRODUCT §6.1-6.2,
§13).
"""

from __future__ import annotations

import uuid

import msgspec

from application import jobs
from application.commands.payments.settlement import schedule_poll
from application.phone_numbers import mobile_number
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory
from application.ports.unit_of_work import UnitOfWork
from domain.documents.model import Document, party_seen_through
from domain.identity.email_address import EmailAddress
from domain.payments.eligibility import why_not_payable
from domain.payments.market import market_currency
from domain.payments.model import MAX_INVOICES, InvalidPayment, InvoiceShare, Payment
from domain.shared.errors import ConcurrencyConflict, Conflict, NotFound

VENDOR_MAX = 65_000_000
_ATTEMPTS = 3
_UNDER_WAY = "a payment of this invoice is already under way"


class StartPayment(msgspec.Struct, frozen=True, kw_only=True):
    """Pay `invoices` (1 to 25, PRODUCT §13) from `phone`: each one's whole outstanding, or for one invoice
    `amount` of it (the one-invoice route's editable amount).
    """

    invoices: tuple[uuid.UUID, ...]
    email: str
    phone: str
    amount: int | None = None


class PaymentAccepted(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    status: str


class StartPaymentHandler:
    """Validates and stores a pending Payment, and queues its creation at MobilePay (retried on the same key) and
    its polling (which also ends a payment MobilePay never received, `Payment.missing_at_vendor`).

    - Only invoices the person may see (else NotFound), in the market's currency, each with something outstanding
      (else InvalidPayment naming the invoice by its place in the request: `/invoices/N`).
    - One invoice: 0 < amount ≤ outstanding; several: each one's whole outstanding. The sum within the vendor's
      per-payment maximum; a mobile number of the market.
    - At most one unfinished payment per invoice: Conflict naming the unfinished one's `payment_id`. Starts racing
      each other (tabs, server processes) are decided by the store's uniqueness of holding allocations; every
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
                winner = await self._unfinished(cmd.invoices)
                if winner is not None:
                    raise Conflict(_UNDER_WAY, payment_id=str(winner)) from None
        raise ConcurrencyConflict("the payment could not be started; try again")

    async def _store(self, cmd: StartPayment, records: set[str]) -> PaymentAccepted:
        now = self._clock.now()
        if not 1 <= len(cmd.invoices) <= MAX_INVOICES or len(set(cmd.invoices)) != len(cmd.invoices):
            raise InvalidPayment(
                f"name 1 to {MAX_INVOICES} different invoices", [("/invoices", f"1 to {MAX_INVOICES}, each once")]
            )
        if cmd.amount is not None and len(cmd.invoices) > 1:
            raise InvalidPayment("an amount is given for one invoice only", [("/amount", "one invoice only")])
        async with self.uow:
            invoices: list[Document] = []
            for document_id in cmd.invoices:
                document = await self.uow.documents.get(document_id)
                if document is None or document.withdrawn or not records & {document.customer_no, document.bill_to_no}:
                    raise NotFound("document not found")
                invoices.append(document)
            held = await self.uow.payments.holding(cmd.invoices)
            if held:
                raise Conflict(_UNDER_WAY, payment_id=str(next(iter(held.values()))))
            shares = [self._share(place, document, cmd) for place, document in enumerate(invoices)]
            self._check_sum(sum(share.amount for share in shares))
            phone = self._mobile(cmd.phone)
            first = invoices[0]
            payment = Payment.start(
                payment_id=uuid.uuid4(),
                invoices=shares,
                currency=first.content.currency,
                phone=phone,
                party=party_seen_through(
                    customer_no=first.customer_no, bill_to_no=first.bill_to_no, is_customer=first.customer_no in records
                ),
                email=EmailAddress.of(cmd.email).value,
                now=now,
            )
            self.uow.payments.add(payment)
            self.uow.outbox.enqueue(jobs.CREATE_VENDOR_PAYMENT, {"payment_id": str(payment.id)})
            schedule_poll(self.uow, payment, now)
            await self.uow.commit()
        return PaymentAccepted(id=payment.id, status=payment.status)

    async def _unfinished(self, document_ids: tuple[uuid.UUID, ...]) -> uuid.UUID | None:
        async with self.uow:
            held = await self.uow.payments.holding(document_ids)
            return next(iter(held.values()), None)

    def _share(self, place: int, document: Document, cmd: StartPayment) -> InvoiceShare:
        """This invoice's part of the payment, or InvalidPayment naming it (`/invoices/N`, or `/amount`)."""
        several = len(cmd.invoices) > 1
        currency = market_currency(self._market)
        outstanding = document.outstanding
        refusal = why_not_payable(
            doc_type=document.type,
            currency=document.content.currency,
            outstanding=outstanding,
            market_currency=currency,
        )
        if refusal is not None:
            message, pointer, detail = {
                "not_invoice": ("only invoices can be paid", "/", "is not an invoice"),
                "currency": (
                    f"MobilePay takes only {currency} here",
                    "/currency",
                    f"is in {document.content.currency}",
                ),
                "paid": ("nothing is outstanding on this invoice", "/amount", "has nothing to pay"),
            }[refusal]
            raise InvalidPayment(
                message, [(f"/invoices/{place}" if several else pointer, f"{document.number} {detail}")]
            )
        amount = outstanding if cmd.amount is None else cmd.amount
        if not 0 < amount <= min(outstanding, VENDOR_MAX):
            raise InvalidPayment(
                "the amount must be more than 0 and at most what is outstanding",
                [("/amount", f"must be between 1 and {min(outstanding, VENDOR_MAX)}")],
            )
        due = document.content.due_date
        return InvoiceShare(document=document.ref, due_date=due, amount=amount)

    def _check_sum(self, total: int) -> None:
        if total > VENDOR_MAX:
            raise InvalidPayment(
                "together the invoices are more than MobilePay takes in one payment",
                [("/invoices", f"at most {VENDOR_MAX} in all")],
            )

    def _mobile(self, raw: str) -> str:
        number = mobile_number(raw, self._market)
        if number is None:
            raise InvalidPayment(
                "not a mobile number MobilePay can reach here", [("/phone", "not a valid mobile number")]
            )
        return number
