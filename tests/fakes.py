"""In-memory fakes of the application's ports, kept honest by the contract tests in tests/contract/."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from domain.documents.customer import Customer
from domain.documents.model import CREDIT_NOTE, Document
from domain.identity.api_key import ApiKey
from domain.payments.model import Payment
from domain.shared.aggregate import AggregateRoot
from domain.shared.errors import ConcurrencyConflict
from domain.shared.events import DomainEvent


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, now: datetime) -> None:
        self._now = now


class _Store:
    """What the fake database holds between units of work (committed state only)."""

    def __init__(self) -> None:
        self.documents: dict[UUID, Document] = {}
        self.customers: dict[str, Customer] = {}
        self.api_keys: dict[UUID, ApiKey] = {}
        self.payments: dict[UUID, Payment] = {}
        self.jobs: list[tuple[str, dict[str, Any]]] = []
        self.not_before: list[datetime | None] = []  # each job's durable delay, in the order of `jobs`
        self.events: list[DomainEvent] = []
        self.flows: dict[str, Any] = {}
        self.flow_runs: dict[UUID, Any] = {}


class _FakeRepository:
    def __init__(self, rows: dict[Any, Any]) -> None:
        self._rows = rows
        self.seen: list[AggregateRoot] = []
        self.pending: dict[Any, Any] = {}

    def _load(self, key: Any) -> Any:
        if key in self.pending:
            return self.pending[key]
        found = self._rows.get(key)
        if found is None:
            return None
        working = copy.deepcopy(found)
        self.pending[key] = working
        self.seen.append(working)
        return working

    def _put(self, key: Any, aggregate: AggregateRoot) -> None:
        self.pending[key] = aggregate
        self.seen.append(aggregate)


class FakeDocumentRepository(_FakeRepository):
    def add(self, document: Document) -> None:
        self._put(document.id, document)

    async def get(self, document_id: UUID) -> Document | None:
        doc: Document | None = self._load(document_id)
        return doc

    async def get_by_number(self, type_: str, number: str) -> Document | None:
        for key, doc in [*self.pending.items(), *self._rows.items()]:
            if doc.type == type_ and doc.number == number:
                found: Document | None = self._load(key)
                return found
        return None

    async def credit_notes_for(self, invoice_number: str) -> list[Document]:
        keys = {k for k, d in [*self._rows.items(), *self.pending.items()] if d.type == CREDIT_NOTE}
        notes = [self._load(k) for k in keys]
        return [n for n in notes if n is not None and n.credit_for == invoice_number]


class FakeCustomerRepository(_FakeRepository):
    def add(self, customer: Customer) -> None:
        self._put(customer.customer_no, customer)

    async def get(self, customer_no: str) -> Customer | None:
        found: Customer | None = self._load(customer_no)
        return found


class FakeApiKeyRepository(_FakeRepository):
    def add(self, key: ApiKey) -> None:
        self._put(key.id, key)

    async def get(self, key_id: UUID) -> ApiKey | None:
        found: ApiKey | None = self._load(key_id)
        return found


class FakePaymentRepository(_FakeRepository):
    def add(self, payment: Payment) -> None:
        self._put(payment.id, payment)

    async def get(self, payment_id: UUID) -> Payment | None:
        found: Payment | None = self._load(payment_id)
        return found

    async def pending_for(self, document_id: UUID) -> Payment | None:
        holder = (await self.holding([document_id])).get(document_id)
        found: Payment | None = self._load(holder) if holder is not None else None
        return found

    async def holding(self, document_ids: Collection[UUID]) -> dict[UUID, UUID]:
        held: dict[UUID, UUID] = {}
        for key, payment in [*self.pending.items(), *self._rows.items()]:
            for allocation in payment.allocations:
                if allocation.holds and allocation.document.id in document_ids:
                    held[allocation.document.id] = key
        return held


class FakeOutbox:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, dict[str, Any]]] = []
        self.not_before: list[datetime | None] = []
        self.events: list[DomainEvent] = []

    def enqueue(self, actor: str, payload: dict[str, object], *, not_before: datetime | None = None) -> None:
        self.jobs.append((actor, dict(payload)))
        self.not_before.append(not_before)

    def publish(self, event: DomainEvent) -> None:
        self.events.append(event)


class FakeUnitOfWork:
    """Copies aggregates on load and writes them back on commit, so an uncommitted change is really lost."""

    def __init__(self, store: _Store | None = None) -> None:
        self.store = store or _Store()
        self.commits = 0

    async def __aenter__(self) -> Self:
        self.documents = FakeDocumentRepository(self.store.documents)
        self.customers = FakeCustomerRepository(self.store.customers)
        self.api_keys = FakeApiKeyRepository(self.store.api_keys)
        self.payments = FakePaymentRepository(self.store.payments)
        self.outbox = FakeOutbox()
        self.flows = FakeFlowRepository(self.store.flows)
        self.flow_runs = FakeFlowRunRepository(self.store.flow_runs)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    async def commit(self) -> None:
        self._check_one_holder_per_invoice()
        pending: list[DomainEvent] = []
        for repo, rows in (
            (self.documents, self.store.documents),
            (self.customers, self.store.customers),
            (self.api_keys, self.store.api_keys),
            (self.payments, self.store.payments),
            (self.flows, self.store.flows),
            (self.flow_runs, self.store.flow_runs),
        ):
            for aggregate in repo.seen:
                pending += aggregate.pull_events()
            rows.update(repo.pending)
        self.store.events += [e for e in pending if e.event_type]
        self.store.events += self.outbox.events
        self.store.jobs += self.outbox.jobs
        self.store.not_before += self.outbox.not_before
        self.commits += 1

    def _check_one_holder_per_invoice(self) -> None:
        """The store's unique index on holding allocations: a second unfinished payment of an invoice loses."""
        after = {**self.store.payments, **self.payments.pending}
        holders: dict[UUID, UUID] = {}
        for payment_id, payment in after.items():
            for allocation in payment.allocations:
                if allocation.holds and holders.setdefault(allocation.document.id, payment_id) != payment_id:
                    raise ConcurrencyConflict("an unfinished payment already holds this invoice")

    async def rollback(self) -> None:
        return None


from application.ports.mailer import MailUnavailable, OutgoingMail  # noqa: E402  (appended with the Mailer port)


class FakeMailer:
    """Keeps every mail it is given in `sent`; with `unavailable = True`, `send` raises MailUnavailable and keeps
    nothing (as an unreachable SMTP server)."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMail] = []
        self.unavailable = False

    async def send(self, message: OutgoingMail) -> None:
        if self.unavailable:
            raise MailUnavailable("the fake mail server is down")
        self.sent.append(message)

    def sent_to(self, address: str) -> list[OutgoingMail]:
        wanted = address.strip().casefold()
        return [m for m in self.sent if m.to.strip().casefold() == wanted]


import msgspec  # noqa: E402  (appended with the PDF ports)

from application.ports.pdf_renderer import PdfDocument, PdfStatement  # noqa: E402
from application.ports.pdf_store import StoredPdf  # noqa: E402
from application.queries.documents.pdf_views import PdfSourceView  # noqa: E402


class FakePdfRenderer:
    """Deterministic stand-in for borb: the bytes are a function of the `PdfDocument`; every call is kept."""

    def __init__(self) -> None:
        self.rendered: list[PdfDocument] = []
        self.statements: list[PdfStatement] = []

    def render(self, doc: PdfDocument) -> bytes:
        self.rendered.append(doc)
        return b"%PDF-fake\n" + msgspec.json.encode(doc)

    def render_statement(self, statement: PdfStatement) -> bytes:
        self.statements.append(statement)
        return b"%PDF-fake-statement\n" + msgspec.json.encode(statement)


class FakePdfStore:
    """Stored PDFs in a dict; `put` keeps the first PDF of a version, as the real store does."""

    def __init__(self) -> None:
        self.pdfs: dict[tuple[UUID, int], StoredPdf] = {}

    async def get(self, document_id: UUID, version: int) -> StoredPdf | None:
        return self.pdfs.get((document_id, version))

    async def contains(self, document_id: UUID, version: int) -> bool:
        return (document_id, version) in self.pdfs

    async def put(self, pdf: StoredPdf) -> None:
        self.pdfs.setdefault((pdf.document_id, pdf.version), pdf)


class FakeDocumentReader:
    """The PDF lookups of the DocumentReader port over a fake unit of work's committed state."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def pdf_source_for(self, email: str, document_id: UUID) -> PdfSourceView | None:
        records = {no for no, c in self._store.customers.items() if email and c.email_normalised == email}
        doc = self._store.documents.get(document_id)
        if doc is None or not ({doc.customer_no, doc.bill_to_no} & records):
            return None
        return self._source(doc)

    async def pdf_source_by_number(self, type_: str, number: str) -> PdfSourceView | None:
        found = [d for d in self._store.documents.values() if d.type == type_ and d.number == number]
        return self._source(found[0]) if found else None

    @staticmethod
    def _source(doc: Document) -> PdfSourceView | None:
        if doc.withdrawn:
            return None
        return PdfSourceView(id=doc.id, type=doc.type, number=doc.number, version=doc.version)


class FakeFlowRepository(_FakeRepository):
    """Stored flows by name (the automation context's FlowRepository)."""

    def add(self, flow: Any) -> None:
        self._put(flow.name, flow)

    async def all(self) -> list[Any]:
        return [self._load(name) for name in sorted({*self._rows, *self.pending})]

    async def remove(self, flow: Any) -> None:
        self._rows.pop(flow.name, None)
        self.pending.pop(flow.name, None)


class FakeFlowRunRepository(_FakeRepository):
    def add(self, run: Any) -> None:
        self._put(run.id, run)

    async def get(self, run_id: UUID) -> Any:
        return self._load(run_id)

    async def known(self, run_ids: Any) -> set[UUID]:
        return {i for i in run_ids if i in self._rows or i in self.pending}


from application.queries.documents.statement_views import (  # noqa: E402  (appended with the statement reader)
    StatementCustomerView,
    StatementRow,
    StatementSource,
)
from application.queries.documents.views import SellerView  # noqa: E402


class FakeStatementReader:
    """The StatementReader port over a fake unit of work's committed Documents and Customers.

    What a document adds to its payer's balance is read off the aggregate (PRODUCT §1): an invoice its outstanding,
    a credit note minus what it has not applied; the payer is the bill-to, else the customer.
    """

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def statement_source(self, customer_no: str, currency: str, *, owner: str | None) -> StatementSource | None:
        record = self._store.customers.get(customer_no)
        if record is None or (owner is not None and record.email_normalised != owner):
            return None
        live = [d for d in self._store.documents.values() if not d.withdrawn]
        mine = [d for d in live if customer_no in (d.customer_no, d.bill_to_no)]
        newest = max(mine, key=lambda d: (d.content.issue_date, d.version_at, d.id), default=None)
        rows = [
            StatementRow(
                id=d.id,
                type=d.type,
                number=d.number,
                issue_date=d.content.issue_date,
                due_date=d.content.due_date if d.type == "invoice" else None,
                total=d.total,
                amount=_contribution(d),
            )
            for d in live
            if (d.bill_to_no or d.customer_no) == customer_no
            and d.content.currency == currency
            and d.type in ("invoice", CREDIT_NOTE)
            and _contribution(d) != 0
        ]
        rows.sort(key=lambda r: (r.issue_date, r.number, r.id))
        details = record.details
        seller = newest.content.seller if newest is not None else None
        return StatementSource(
            customer=StatementCustomerView(
                customer_no=customer_no,
                name=details.name,
                address=list(details.address),
                email=details.email,
                phone=details.phone,
                locale=details.locale,
            ),
            seller=None
            if seller is None
            else SellerView(
                name=seller.name,
                address=list(seller.address),
                vat_no=seller.vat_no,
                phone=seller.phone,
                email=seller.email,
                bank=seller.bank,
            ),
            rows=rows,
        )


def _contribution(document: Document) -> int:
    return document.outstanding if document.type == "invoice" else -(document.total - document.applied_credit)
