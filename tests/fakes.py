"""In-memory fakes of the application's ports, kept honest by the contract tests in tests/contract/."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from uuid import UUID, uuid4

import msgspec

from application.commands.maintenance.purge_expired import PurgeCounts
from application.events.envelope import Envelope, envelope_of
from application.inbox import pending_entry
from application.ports.automation import OverdueInvoice
from application.ports.clock import Clock
from application.ports.identity import RateDecision
from application.ports.links import LinkClaims
from application.ports.mailer import MailUnavailable, OutgoingMail
from application.ports.mobilepay_gateway import InvalidWebhookSignature, UnreadableWebhookEvent, VendorEvent
from application.ports.payments import StoredVendorEvent
from application.ports.pdf_renderer import PdfDocument, PdfStatement
from application.ports.pdf_store import StoredPdf, fingerprint
from application.ports.sms import SmsMessage, SmsUnavailable
from application.ports.webhooks import WebhookDelivery, WebhookFailed
from application.queries.automation.views import EventFeedPage, FlowRunView, FlowView, SentSmsView
from application.queries.documents.pdf_views import PdfSourceView, pdf_view
from application.queries.documents.reader import Keyset, ListFilter, MyPdf, SessionDetail, SessionPage, SessionPdf
from application.queries.documents.staff_documents import StaffDocumentView
from application.queries.documents.statement_views import StatementCustomerView, StatementRow, StatementSource
from application.queries.documents.views import (
    BalanceView,
    CustomerBalancesView,
    DocumentDetailView,
    DocumentItemView,
    MoneyView,
    RelatedView,
    SellerView,
)
from application.queries.identity.api_keys import ApiKeyView
from application.queries.identity.describe_login_link import LoginLinkRow
from application.queries.identity.get_session import SessionView
from application.queries.links.list_links import LinkView
from application.queries.payments.payment_views import AllocationView, PaymentDetailView, PaymentView
from domain.automation.flow import Flow
from domain.automation.run import FlowRun
from domain.documents.customer import Customer
from domain.documents.model import CREDIT_NOTE, Document, invoice_status, party_seen_through
from domain.documents.statement import days_overdue
from domain.identity.api_key import ApiKey
from domain.identity.challenge import LoginChallenge
from domain.identity.rate_limit import RateLimit
from domain.identity.session import CustomerSession
from domain.links.model import DocumentLink
from domain.payments.model import Payment
from domain.shared.aggregate import AggregateRoot
from domain.shared.errors import ConcurrencyConflict
from domain.shared.events import DomainEvent
from infrastructure.jobs.message_ids import new_message_id
from infrastructure.mobilepay.webhook_signature import MAX_CLOCK_SKEW
from infrastructure.mobilepay.wire import WireEvent
from infrastructure.persistence.readers.document_detail import detail_view
from infrastructure.persistence.readers.event_feed import decode_cursor, encode_cursor


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
        self.flows: dict[str, Flow] = {}
        self.flow_runs: dict[UUID, FlowRun] = {}
        self.challenges: dict[UUID, LoginChallenge] = {}
        self.sessions: dict[bytes, CustomerSession] = {}
        self.links: dict[UUID, DocumentLink] = {}
        self.vendor_events: dict[tuple[UUID, str, str], StoredVendorEvent] = {}
        self.overdue: dict[UUID, datetime] = {}  # invoice id → when it was reported overdue
        self.daily_jobs: dict[date, tuple[datetime, datetime | None]] = {}  # day → (run at, started at)
        self.envelopes: dict[UUID, Envelope] = {}  # the event log: each committed portal event's envelope
        self.handled: dict[UUID, datetime] = {}  # the inbox: each worker message whose first unit of work committed
        self.rate_limit_hits: dict[str, list[datetime]] = {}  # bucket → the hits a fake rate limiter counted


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

    def __init__(self, store: _Store | None = None, clock: Clock | None = None) -> None:
        self.store = store or _Store()
        self.commits = 0
        self._clock = clock

    async def __aenter__(self) -> Self:
        self.documents = FakeDocumentRepository(self.store.documents)
        self.customers = FakeCustomerRepository(self.store.customers)
        self.api_keys = FakeApiKeyRepository(self.store.api_keys)
        self.payments = FakePaymentRepository(self.store.payments)
        self.outbox = FakeOutbox()
        self.flows = FakeFlowRepository(self.store.flows)
        self.flow_runs = FakeFlowRunRepository(self.store.flow_runs)
        self.challenges = FakeChallengeRepository(self.store.challenges)
        self.sessions = FakeSessionRepository(self.store.sessions)
        self.links = FakeLinkRepository(self.store.links)
        self.vendor_events = FakeVendorEventStore(self.store.vendor_events)
        self.overdue = FakeOverdueLedger(self.store)
        self.daily_jobs = FakeDailySchedule(self.store.daily_jobs)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    async def commit(self) -> None:
        self._check_one_holder_per_invoice()
        entry = pending_entry()  # inside a worker message: the inbox row, in the same commit (application/inbox.py)
        if entry is not None and entry.message_id in self.store.handled:
            raise ConcurrencyConflict("the message was handled already")
        pending: list[DomainEvent] = []
        for repo, rows in (
            (self.documents, self.store.documents),
            (self.customers, self.store.customers),
            (self.api_keys, self.store.api_keys),
            (self.payments, self.store.payments),
            (self.flows, self.store.flows),
            (self.flow_runs, self.store.flow_runs),
            (self.challenges, self.store.challenges),
            (self.sessions, self.store.sessions),
            (self.links, self.store.links),
        ):
            for aggregate in repo.seen:
                pending += aggregate.pull_events()
            rows.update(repo.pending)
        self.store.flows = {k: v for k, v in self.store.flows.items() if k not in self.flows.removed}
        published = [e for e in pending if e.event_type] + self.outbox.events
        self.store.events += published
        for event in published:
            envelope = envelope_of(event, new_message_id(), default_time=datetime.now(UTC))
            self.store.envelopes[envelope.id] = envelope
        self.store.vendor_events.update(self.vendor_events.pending)
        self.store.overdue.update(self.overdue.pending)
        self.store.daily_jobs.update(self.daily_jobs.pending)
        if entry is not None:
            self.store.handled[entry.message_id] = self._clock.now() if self._clock else datetime.now(UTC)
            entry.recorded = True
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


class FakePdfRenderer:
    """Deterministic stand-in for borb: the bytes are a function of the `PdfDocument`; every call is kept."""

    def __init__(self) -> None:
        self.rendered: list[PdfDocument] = []
        self.statements: list[PdfStatement] = []

    def render(self, doc: PdfDocument) -> bytes:
        if doc.version_at.utcoffset() is None:
            raise ValueError("version_at must be timezone-aware")
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
    """The DocumentReader port over a fake unit of work's committed state (and a FakePdfStore for the PDFs).

    - Visibility, order, filters and sessions follow the port; the detail view is shaped by the real reader's
      `detail_view`. The money breakdown models `paid_outside` and a credit note's `unapplied` only (its
      credits, payments and `applied_to` lists stay empty): the contract suite does not cover them.
    """

    def __init__(self, store: _Store, pdfs: FakePdfStore | None = None) -> None:
        self._store = store
        self._pdfs = pdfs or FakePdfStore()

    def _records(self, email: str) -> set[str]:
        return {no for no, c in self._store.customers.items() if email and c.email_normalised == email}

    def _session(self, id_hash: bytes) -> SessionView | None:
        found = self._store.sessions.get(id_hash)
        if found is None:
            return None
        return SessionView(
            email=found.email.value,
            created_at=found.created_at,
            last_seen_at=found.last_seen_at,
            revoked_at=found.revoked_at,
        )

    def _visible(self, email: str, document_id: UUID) -> Document | None:
        doc = self._store.documents.get(document_id)
        if doc is None or doc.withdrawn or not ({doc.customer_no, doc.bill_to_no} & self._records(email)):
            return None
        return doc

    def _pending(self, document_id: UUID) -> bool:
        return any(
            a.holds and a.document.id == document_id for p in self._store.payments.values() for a in p.allocations
        )

    def _item(self, doc: Document, records: set[str], today: date) -> DocumentItemView:
        invoice = doc.type == "invoice"
        due = doc.content.due_date
        status = invoice_status(outstanding=doc.outstanding, due_date=due, today=today) if invoice else None
        mine_as_customer, mine_as_bill_to = doc.customer_no in records, doc.bill_to_no in records
        return DocumentItemView(
            id=doc.id,
            type=doc.type,
            number=doc.number,
            issue_date=doc.content.issue_date,
            due_date=due if invoice else None,
            currency=doc.content.currency,
            total=doc.total,
            outstanding=doc.outstanding if invoice else None,
            status=status,
            role="both" if mine_as_customer and mine_as_bill_to else "customer" if mine_as_customer else "bill_to",
            customer_no=doc.customer_no,
            payment_pending=self._pending(doc.id),
            days_overdue=days_overdue(due_date=due, as_of=today) if status == "overdue" and due else None,
        )

    async def list_for(
        self, email: str, flt: ListFilter, *, after: Keyset | None, limit: int, today: date
    ) -> list[DocumentItemView]:
        records = self._records(email)
        if flt.customer_no is not None:
            records &= {flt.customer_no}
        chosen = [
            d
            for d in self._store.documents.values()
            if not d.withdrawn
            and {d.customer_no, d.bill_to_no} & records
            and _matches(d, flt, today)
            and (after is None or (d.content.issue_date, d.number, d.id) < (after.issue_date, after.number, after.id))
        ]
        chosen.sort(key=lambda d: (d.content.issue_date, d.number, d.id), reverse=True)
        return [self._item(d, records, today) for d in chosen[:limit]]

    async def page_for_session(
        self, id_hash: bytes, flt: ListFilter, *, after: Keyset | None, limit: int, today: date
    ) -> SessionPage | None:
        session = self._session(id_hash)
        if session is None:
            return None
        items = await self.list_for(session.email, flt, after=after, limit=limit, today=today)
        return SessionPage(session=session, items=items)

    async def detail_for(self, email: str, document_id: UUID, *, today: date) -> DocumentDetailView | None:
        doc = self._visible(email, document_id)
        if doc is None:
            return None
        records = self._records(email)
        stored = await self._pdfs.get(doc.id, doc.version)
        row = {
            "content": doc.content,
            "type": doc.type,
            "version": doc.version,
            "imported_paid": doc.imported_paid,
            "portal_paid": doc.portal_paid,
            "pdf_etag": stored.etag if stored is not None else None,
        }
        money = MoneyView(
            paid_outside=doc.imported_paid if doc.type == "invoice" else None,
            unapplied=doc.total - doc.applied_credit if doc.type == CREDIT_NOTE else None,
        )
        return detail_view(self._item(doc, records, today), row, self._related(doc, email), money)

    def _related(self, doc: Document, email: str) -> list[RelatedView]:
        named = {(r.type, r.number) for r in doc.content.related}
        return [
            RelatedView(id=other.id, type=other.type, number=other.number)
            for other in self._store.documents.values()
            if other.id != doc.id
            and self._visible(email, other.id) is not None
            and (
                (other.type, other.number) in named
                or (doc.type, doc.number) in {(r.type, r.number) for r in other.content.related}
            )
        ]

    async def detail_for_session(self, id_hash: bytes, document_id: UUID, *, today: date) -> SessionDetail | None:
        session = self._session(id_hash)
        if session is None:
            return None
        return SessionDetail(session=session, document=await self.detail_for(session.email, document_id, today=today))

    async def pdf_for_session(self, id_hash: bytes, document_id: UUID) -> SessionPdf | None:
        session = self._session(id_hash)
        if session is None:
            return None
        doc = self._visible(session.email, document_id)
        if doc is None:
            return SessionPdf(session=session, pdf=None)
        source = PdfSourceView(id=doc.id, type=doc.type, number=doc.number, version=doc.version)
        stored = await self._pdfs.get(doc.id, doc.version)
        party = party_seen_through(
            customer_no=doc.customer_no,
            bill_to_no=doc.bill_to_no,
            is_customer=doc.customer_no in self._records(session.email),
        )
        return SessionPdf(session=session, pdf=MyPdf(source=source, view=pdf_view(source, stored), party=party))

    async def balances_for(self, email: str) -> list[CustomerBalancesView]:
        views = []
        for no in sorted(self._records(email)):
            sums: dict[str, int] = {}
            for d in self._store.documents.values():
                if not d.withdrawn and d.type in ("invoice", CREDIT_NOTE) and (d.bill_to_no or d.customer_no) == no:
                    sums[d.content.currency] = sums.get(d.content.currency, 0) + _contribution(d)
            balances = [BalanceView(currency=c, amount=a) for c, a in sorted(sums.items())]
            views.append(
                CustomerBalancesView(customer_no=no, name=self._store.customers[no].details.name, balances=balances)
            )
        return views

    async def pdf_source_for(self, email: str, document_id: UUID) -> PdfSourceView | None:
        doc = self._visible(email, document_id)
        return self._source(doc) if doc is not None else None

    async def pdf_source_by_number(self, type_: str, number: str) -> PdfSourceView | None:
        found = [d for d in self._store.documents.values() if d.type == type_ and d.number == number]
        return self._source(found[0]) if found else None

    @staticmethod
    def _source(doc: Document) -> PdfSourceView | None:
        if doc.withdrawn:
            return None
        return PdfSourceView(id=doc.id, type=doc.type, number=doc.number, version=doc.version)


def _matches(doc: Document, flt: ListFilter, today: date) -> bool:
    """The list filters of `ListFilter` as the SQL reader applies them (`readers/document_page.py`)."""
    if flt.type is not None and doc.type != flt.type:
        return False
    if flt.status is not None and (doc.type != "invoice" or doc.status(today) != flt.status):
        return False
    if flt.text is not None:
        haystack = doc.content.search_text(doc.number)
        compact = flt.text.replace(" ", "") if " " in flt.text.strip() else None
        return flt.text in haystack or (compact is not None and compact in haystack) or doc.total == flt.amount
    return True


class FakeFlowRepository(_FakeRepository):
    """Stored flows by name (the automation context's FlowRepository); a removal, like any change, waits for commit."""

    def __init__(self, rows: dict[Any, Any]) -> None:
        super().__init__(rows)
        self.removed: set[str] = set()

    def add(self, flow: Flow) -> None:
        self.removed.discard(flow.name)
        self._put(flow.name, flow)

    async def all(self) -> list[Flow]:
        names = sorted({*self._rows, *self.pending} - self.removed)
        return [self._load(name) for name in names]

    async def remove(self, flow: Flow) -> None:
        self.pending.pop(flow.name, None)
        self.removed.add(flow.name)


class FakeFlowRunRepository(_FakeRepository):
    def add(self, run: FlowRun) -> None:
        self._put(run.id, run)

    async def get(self, run_id: UUID) -> FlowRun | None:
        found: FlowRun | None = self._load(run_id)
        return found

    async def known(self, run_ids: Iterable[UUID]) -> set[UUID]:
        return {i for i in run_ids if i in self._rows or i in self.pending}


class FakeChallengeRepository(_FakeRepository):
    """Login challenges by id; the lookups read the committed rows and this unit of work's own."""

    def add(self, challenge: LoginChallenge) -> None:
        self._put(challenge.id, challenge)

    async def get(self, challenge_id: UUID) -> LoginChallenge | None:
        found: LoginChallenge | None = self._load(challenge_id)
        return found

    def _all(self) -> list[LoginChallenge]:
        return [c for key in {*self._rows, *self.pending} if (c := self._load(key)) is not None]

    async def open_for(self, email: str, now: datetime) -> list[LoginChallenge]:
        mine = [
            c
            for c in self._all()
            if c.email.value == email and c.consumed_at is None and c.ended_at is None and c.expires_at > now
        ]
        return sorted(mine, key=lambda c: (c.issued_at, c.id))

    async def by_link_hash(self, link_hash: bytes) -> LoginChallenge | None:
        return next((c for c in self._all() if c._link_hash == link_hash), None)

    async def latest_email_asked_by(self, browser_hash: bytes, now: datetime, *, open_only: bool = True) -> str | None:
        asked = [c for c in self._all() if c._browser_hash == browser_hash and c.consumed_at is None]
        if open_only:
            asked = [c for c in asked if c.ended_at is None and c.expires_at > now]
        newest = max(asked, key=lambda c: (c.issued_at, c.id), default=None)
        return newest.email.value if newest is not None else None


class FakeSessionRepository(_FakeRepository):
    def add(self, session: CustomerSession) -> None:
        self._put(session.id_hash, session)

    async def get(self, id_hash: bytes) -> CustomerSession | None:
        found: CustomerSession | None = self._load(id_hash)
        return found


class FakeLinkRepository(_FakeRepository):
    def add(self, link: DocumentLink) -> None:
        self._put(link.id, link)

    async def get(self, link_id: UUID) -> DocumentLink | None:
        found: DocumentLink | None = self._load(link_id)
        return found


class FakeVendorEventStore:
    """Each (payment, event name, PSP reference) once, across units of work; kept at commit."""

    def __init__(self, rows: dict[tuple[UUID, str, str], StoredVendorEvent]) -> None:
        self._rows = rows
        self.pending: dict[tuple[UUID, str, str], StoredVendorEvent] = {}

    async def record(self, payment_id: UUID, event: StoredVendorEvent, *, source: str, now: datetime) -> bool:
        key = (payment_id, event.name, event.psp_reference)
        if key in self._rows or key in self.pending:
            return False
        self.pending[key] = event
        return True


class FakeOverdueLedger:
    """Overdue invoices read off the committed Documents; a report is kept at commit."""

    def __init__(self, store: _Store) -> None:
        self._store = store
        self.pending: dict[UUID, datetime] = {}

    async def unreported(self, today: date, limit: int) -> list[OverdueInvoice]:
        found = [
            OverdueInvoice(
                document_id=d.id,
                number=d.number,
                customer_no=d.customer_no,
                due_date=d.content.due_date,
                outstanding=d.outstanding,
                currency=d.content.currency,
            )
            for d in self._store.documents.values()
            if d.type == "invoice"
            and not d.withdrawn
            and d.content.due_date is not None
            and d.content.due_date < today
            and d.outstanding > 0
            and d.id not in self._store.overdue
            and d.id not in self.pending
        ]
        return sorted(found, key=lambda o: (o.due_date, o.document_id))[:limit]

    async def report(self, document_id: UUID, now: datetime) -> None:
        if document_id in self._store.overdue or document_id in self.pending:
            raise ConcurrencyConflict("the invoice was reported overdue already")
        self.pending[document_id] = now


class FakeDailySchedule:
    def __init__(self, rows: dict[date, tuple[datetime, datetime | None]]) -> None:
        self._rows = rows
        self.pending: dict[date, tuple[datetime, datetime | None]] = {}

    def _row(self, day: date) -> tuple[datetime, datetime | None] | None:
        return self.pending.get(day, self._rows.get(day))

    async def schedule(self, day: date, at: datetime) -> bool:
        if self._row(day) is not None:
            return False
        self.pending[day] = (at, None)
        return True

    async def start(self, day: date, now: datetime) -> bool:
        row = self._row(day)
        if row is None or row[1] is not None:
            return False
        self.pending[day] = (row[0], now)
        return True


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


class FakeRateLimiter:
    """Sliding windows in memory, as the port says: a hit counts only when every window still has room; a refusal
    records nothing and says when the oldest counted hit of the fullest window leaves it."""

    def __init__(self, store: _Store | None = None) -> None:
        self.hits: dict[str, list[datetime]] = store.rate_limit_hits if store is not None else {}

    async def hit(self, bucket: str, limit: RateLimit, now: datetime) -> RateDecision:
        longest = timedelta(seconds=max(seconds for _, seconds in limit.pairs))
        kept = [at for at in self.hits.get(bucket, []) if at > now - longest]
        self.hits[bucket] = kept
        retry_after = 0
        for count, seconds in limit.pairs:
            recent = sorted((at for at in kept if at > now - timedelta(seconds=seconds)), reverse=True)
            if len(recent) >= count:
                leaves = recent[count - 1] + timedelta(seconds=seconds)
                retry_after = max(retry_after, int((leaves - now).total_seconds()) + 1)
        if retry_after:
            return RateDecision(allowed=False, retry_after_seconds=retry_after)
        kept.append(now)
        return RateDecision(allowed=True)


class FakeTokenSigner:
    """Hands out opaque tokens and remembers their claims: any other string (an altered token) verifies to None."""

    def __init__(self) -> None:
        self.issued: dict[str, LinkClaims] = {}

    def sign(self, claims: LinkClaims) -> str:
        token = f"fake-{len(self.issued) + 1}-{claims.link_id.hex}"
        self.issued[token] = claims
        return token

    def verify(self, token: str) -> LinkClaims | None:
        return self.issued.get(token)


class FakeSmsGateway:
    """Keeps each message in `sent_messages`, once per idempotency key (a repeat answers the first id), and lists
    them newest first as the SentSmsReader port does; with `unavailable = True`, `send` raises SmsUnavailable and
    keeps nothing."""

    def __init__(self, clock: FakeClock | None = None, sender: str = "Portal") -> None:
        self.sent_messages: list[SentSmsView] = []
        self.unavailable = False
        self._clock = clock or FakeClock()
        self._sender = sender

    async def send(self, message: SmsMessage) -> str:
        if self.unavailable:
            raise SmsUnavailable("the fake SMS gateway is down")
        first = next((m for m in self.sent_messages if m.key == message.key), None)
        if first is None:
            first = SentSmsView(
                id=new_message_id(),
                to=message.to,
                sender=self._sender,
                text=message.text,
                key=message.key,
                sent_at=self._clock.now(),
            )
            self.sent_messages.append(first)
        return str(first.id)

    async def sent(self, limit: int) -> list[SentSmsView]:
        return list(reversed(self.sent_messages))[:limit]


class FakeWebhookSender:
    """Keeps every delivery in `delivered` and answers `status`; anything but a 2xx (or `unreachable = True`)
    raises WebhookFailed, as the real sender does."""

    def __init__(self, status: int = 200) -> None:
        self.delivered: list[WebhookDelivery] = []
        self.status = status
        self.unreachable = False

    async def deliver(self, delivery: WebhookDelivery) -> int:
        if self.unreachable:
            raise WebhookFailed("unreachable: the fake receiver is down")
        self.delivered.append(delivery)
        if not 200 <= self.status < 300:
            raise WebhookFailed(f"answered HTTP {self.status}")
        return self.status


class FakeStatusBroadcaster:
    """Keeps every published (payment id, status) in `published`, in order."""

    def __init__(self) -> None:
        self.published: list[tuple[UUID, str]] = []

    async def publish(self, payment_id: UUID, status: str) -> None:
        self.published.append((payment_id, status))


class FakeEventLog:
    """The EventLog port over the envelopes a fake unit of work committed."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def get(self, event_id: UUID) -> Envelope | None:
        return self._store.envelopes.get(event_id)

    async def exists(self, type_: str, document_id: UUID, *, after: datetime, until: datetime) -> bool:
        return any(
            e.type == type_
            and e.document is not None
            and e.document.id == document_id
            and after < e.occurred_at <= until
            for e in self._store.envelopes.values()
        )


class FakeSessionReader:
    """The SessionReader port over a fake unit of work's committed sessions."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def find(self, id_hash: bytes) -> SessionView | None:
        found = self._store.sessions.get(id_hash)
        if found is None:
            return None
        return SessionView(
            email=found.email.value,
            created_at=found.created_at,
            last_seen_at=found.last_seen_at,
            revoked_at=found.revoked_at,
        )


class FakeCustomerDirectory:
    """The CustomerDirectory port over a fake unit of work's committed customer records."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def is_known(self, email: str) -> bool:
        return bool(await self.records(email))

    async def first_record(self, email: str) -> tuple[str, str] | None:
        numbers = await self.records(email)
        return (numbers[0], self._store.customers[numbers[0]].details.locale) if numbers else None

    async def records(self, email: str) -> list[str]:
        return sorted(no for no, c in self._store.customers.items() if c.email_normalised == email)

    async def contact(self, customer_no: str) -> tuple[str, str] | None:
        record = self._store.customers.get(customer_no)
        if record is None or record.email_normalised is None:
            return None
        return (record.email_normalised, record.details.locale)


class FakeApiKeyReader:
    """The ApiKeyReader port over a fake unit of work's committed keys."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    @staticmethod
    def _view(key: ApiKey) -> ApiKeyView:
        return ApiKeyView(
            id=key.id, name=key.name, prefix=key.prefix, created_at=key.created_at, revoked_at=key.revoked_at
        )

    async def find_active(self, key_hash: bytes) -> ApiKeyView | None:
        found = next((k for k in self._store.api_keys.values() if k.accepts(key_hash)), None)
        return self._view(found) if found is not None else None

    async def list_all(self) -> list[ApiKeyView]:
        return [self._view(k) for k in sorted(self._store.api_keys.values(), key=lambda k: k.created_at, reverse=True)]


class FakeLinkReader:
    """The LinkReader port over a fake unit of work's committed links: newest first."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def list_links(self, limit: int) -> list[LinkView]:
        links = sorted(self._store.links.values(), key=lambda k: (-k._created_at.timestamp(), k.id))
        return [
            LinkView(
                id=k.id,
                document_type=k.document.type,
                document_number=k.document.number,
                role=k.role,
                party_no=k.party_no,
                created_at=k._created_at,
                expires_at=k.expires_at,
                revoked_at=k._revoked_at,
                openings=k._openings,
            )
            for k in links[:limit]
        ]


class FakeInboxReader:
    """The InboxReader port over the messages a fake unit of work recorded as handled."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def was_handled(self, message_id: UUID) -> bool:
        return message_id in self._store.handled


class FakeSecretHasher:
    """Keyed hashes under named keys: SHA-256 of key, purpose and value; `digests` tries the signing key first."""

    def __init__(self, keys: tuple[str, ...] = ("k1",)) -> None:
        self.keys = keys

    @staticmethod
    def _hash(key: str, purpose: str, value: str) -> bytes:
        return hashlib.sha256(f"{key}\x00{purpose}\x00{value}".encode()).digest()

    def digest(self, purpose: str, value: str) -> bytes:
        return self._hash(self.keys[0], purpose, value)

    def digests(self, purpose: str, value: str) -> tuple[bytes, ...]:
        return tuple(self._hash(key, purpose, value) for key in self.keys)


class FakeSecretSealer:
    """Seals by remembering: the sealed text is an opaque handle of (purpose, plain); anything else fails to open."""

    def __init__(self) -> None:
        self.sealed: dict[str, tuple[str, bytes]] = {}

    def seal(self, purpose: str, plain: bytes) -> str:
        handle = f"k1.{uuid4().hex}"
        self.sealed[handle] = (purpose, plain)
        return handle

    def open(self, purpose: str, sealed: str) -> bytes:
        found = self.sealed.get(sealed)
        if found is None or found[0] != purpose:
            raise ValueError("not sealed by this server for this purpose")
        return found[1]


class FakeFlowReader:
    """The FlowReader port over a fake unit of work's committed flows (by name) and runs (newest first)."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def flows(self) -> list[FlowView]:
        views = []
        for name in sorted(self._store.flows):
            spec = self._store.flows[name].spec
            views.append(
                FlowView(
                    name=name,
                    on=spec.on,
                    when=dict(spec.when),
                    wait_seconds=int(spec.wait.total_seconds()) if spec.wait is not None else None,
                    unless=spec.unless,
                    actions=[action.type for action in spec.actions],
                    updated_at=self._store.flows[name].updated_at,
                )
            )
        return views

    async def runs(self, *, flow: str | None, status: str | None, limit: int) -> list[FlowRunView]:
        chosen = [
            run
            for run in self._store.flow_runs.values()
            if (flow is None or run.flow_name == flow) and (status is None or run.status == status)
        ]
        chosen.sort(key=lambda run: (-run._created_at.timestamp(), run.id))
        return [
            FlowRunView(
                id=run.id,
                flow=run.flow_name,
                action=run.action.type,
                event_id=run.event_id,
                event_type=run._event_type,
                party=run.party,
                status=run.status,
                due_at=run.due_at,
                attempts=run._attempts,
                detail=run._detail,
                created_at=run._created_at,
                finished_at=run._finished_at,
            )
            for run in chosen[:limit]
        ]


class FakeLoginLinkReader:
    """The LoginLinkReader port over a fake unit of work's committed challenges."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def find(self, link_hash: bytes) -> LoginLinkRow | None:
        found = next((c for c in self._store.challenges.values() if c._link_hash == link_hash), None)
        if found is None:
            return None
        return LoginLinkRow(
            email=found.email.value,
            issued_at=found.issued_at,
            expires_at=found.expires_at,
            attempts=found.attempts,
            consumed_at=found.consumed_at,
            ended_at=found.ended_at,
        )


class FakePaymentReader:
    """The PaymentReader port over a fake unit of work's committed payments and documents."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    @staticmethod
    def _allocations(payment: Payment) -> list[AllocationView]:
        return [
            AllocationView(
                document_id=a.document.id,
                number=a.document.number,
                amount=a.captured if payment.captured > 0 else a.amount,
            )
            for a in payment.allocations
        ]

    @staticmethod
    def _view(payment: Payment) -> dict[str, Any]:
        return {
            "id": payment.id,
            "document_id": payment.document.id,
            "amount": payment.amount,
            "currency": payment.currency,
            "status": payment.status,
            "reason": payment.reason,
            "phone": payment.phone,
            "created_at": payment.created_at,
        }

    def _detail(self, payment: Payment, allocations: list[AllocationView]) -> PaymentDetailView:
        return PaymentDetailView(
            **self._view(payment),
            allocations=allocations,
            invoice_number=payment.document.number,
            captured=payment.captured,
            refunded=payment.refunded,
            updated_at=payment._updated_at,
        )

    async def visible_to(self, payment_id: UUID, email: str) -> PaymentView | None:
        payment = self._store.payments.get(payment_id)
        if payment is None:
            return None
        doc = self._store.documents.get(payment.document.id)
        records = {no for no, c in self._store.customers.items() if email and c.email_normalised == email}
        if doc is None or doc.withdrawn or not ({doc.customer_no, doc.bill_to_no} & records):
            return None
        return PaymentView(**self._view(payment), allocations=self._allocations(payment))

    async def detail(self, payment_id: UUID) -> PaymentDetailView | None:
        payment = self._store.payments.get(payment_id)
        return self._detail(payment, self._allocations(payment)) if payment is not None else None

    async def list_payments(self, *, status: str | None, limit: int) -> list[PaymentDetailView]:
        chosen = [p for p in self._store.payments.values() if status is None or p.status == status]
        chosen.sort(key=lambda p: (-p.created_at.timestamp(), p.id))
        return [self._detail(p, []) for p in chosen[:limit]]  # a list carries no allocations, as the SQL one

    async def unfinished_ids(self) -> list[UUID]:
        pending = [p for p in self._store.payments.values() if p.status == "pending"]
        return [p.id for p in sorted(pending, key=lambda p: p.created_at)]


class FakeStaffDocumentReader:
    """The StaffDocumentReader port over a fake unit of work's committed documents (and a FakePdfStore)."""

    def __init__(self, store: _Store, pdfs: FakePdfStore | None = None) -> None:
        self._store = store
        self._pdfs = pdfs or FakePdfStore()

    @staticmethod
    def _view(doc: Document, today: date) -> StaffDocumentView:
        invoice = doc.type == "invoice"
        return StaffDocumentView(
            id=doc.id,
            type=doc.type,
            number=doc.number,
            issue_date=doc.content.issue_date,
            due_date=doc.content.due_date,
            currency=doc.content.currency,
            customer_no=doc.customer_no,
            bill_to_no=doc.bill_to_no,
            total=doc.total,
            outstanding=doc.outstanding if invoice else None,
            status=doc.status(today) if invoice else None,
            version=doc.version,
            withdrawn=doc.withdrawn,
        )

    async def staff_list(
        self, *, type_: str | None, customer_no: str | None, limit: int, today: date
    ) -> list[StaffDocumentView]:
        chosen = [
            d
            for d in self._store.documents.values()
            if (type_ is None or d.type == type_)
            and (customer_no is None or customer_no in (d.customer_no, d.bill_to_no))
        ]
        chosen.sort(key=lambda d: (d.content.issue_date, d.number, d.id), reverse=True)
        return [self._view(d, today) for d in chosen[:limit]]

    async def staff_show(self, type_: str, number: str, *, today: date) -> StaffDocumentView | None:
        doc = next((d for d in self._store.documents.values() if d.type == type_ and d.number == number), None)
        if doc is None:
            return None
        stored = await self._pdfs.get(doc.id, doc.version)
        return msgspec.structs.replace(
            self._view(doc, today), pdf_fingerprint=fingerprint(stored.etag if stored is not None else None)
        )


class FakeEventFeedReader:
    """The EventFeedReader port over the envelopes a fake unit of work committed, in commit order; its cursors are
    the SQL feed's (`encode_cursor` of a position)."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def page(self, after: str | None, limit: int) -> EventFeedPage:
        start = decode_cursor(after, 1)[0] if after is not None else 0
        envelopes = list(self._store.envelopes.values())[start : start + limit]
        if not envelopes:
            return EventFeedPage(items=[], next_after=after)
        return EventFeedPage(items=envelopes, next_after=encode_cursor((start + len(envelopes),)))


class FakeWebhookVerifier:
    """Verifies only the webhook deliveries it signed itself (`sign`), as `FakeTokenSigner` does tokens: a body, path
    or signed header (`x-ms-date`, `host`, `x-ms-content-sha256`, `authorization`) it did not sign that way is
    refused, and so is an `x-ms-date` more than 5 minutes from `now`; a signed body is decoded as the real one does."""

    def __init__(self, host: str = "portal.example.dk") -> None:
        self._host = host
        self._signed: dict[str, tuple[str, bytes, dict[str, str]]] = {}  # authorization → what was signed

    def sign(self, body: bytes, *, path_and_query: str, at: datetime) -> dict[str, str]:
        n = len(self._signed) + 1
        headers = {
            "x-ms-date": format_datetime(at.astimezone(UTC), usegmt=True),
            "host": self._host,
            "x-ms-content-sha256": f"fake-hash-{n}",
            "authorization": f"Fake signature {n}",
        }
        self._signed[headers["authorization"]] = (path_and_query, body, headers)
        return headers

    def verify(self, *, headers: Mapping[str, str], body: bytes, path_and_query: str, now: datetime) -> VendorEvent:
        lowered = {name.lower(): value for name, value in headers.items()}
        signed = self._signed.get(lowered.get("authorization", ""))
        if signed is None or signed[:2] != (path_and_query, body):
            raise InvalidWebhookSignature("not a delivery this fake signed")
        if any(lowered.get(name) != value for name, value in signed[2].items()):
            raise InvalidWebhookSignature("a signed header was altered")
        if abs(now - parsedate_to_datetime(lowered["x-ms-date"])) > MAX_CLOCK_SKEW:
            raise InvalidWebhookSignature("x-ms-date is too far from now")
        try:
            return msgspec.json.decode(body, type=WireEvent).to_port()
        except msgspec.DecodeError as exc:
            raise UnreadableWebhookEvent("the webhook body is not an ePayment event") from exc


class FakeRetentionStore:
    """The RetentionStore port over the fake store: expired challenges, ended sessions, rate-limit hits (of a
    `FakeRateLimiter` on the same store) and inbox records older than `before` go. Sent outbox rows and mail claims
    are marked by infrastructure alone (the outbox relay, the mail ledger), which no fake has: it counts none."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def purge(self, *, before: datetime, session_idle: timedelta) -> PurgeCounts:
        store = self._store
        challenges = [k for k, c in store.challenges.items() if c.expires_at < before]
        sessions = [
            k
            for k, s in store.sessions.items()
            if (s.revoked_at is not None and s.revoked_at < before)
            or s.last_seen_at < before - session_idle
            or s.created_at < before
        ]
        inbox = [k for k, at in store.handled.items() if at < before]
        hits = 0
        for ats in store.rate_limit_hits.values():
            kept = [at for at in ats if at >= before]
            hits += len(ats) - len(kept)
            ats[:] = kept
        for challenge_id in challenges:
            del store.challenges[challenge_id]
        for id_hash in sessions:
            del store.sessions[id_hash]
        for message_id in inbox:
            del store.handled[message_id]
        return PurgeCounts(
            challenges=len(challenges), sessions=len(sessions), rate_limit_hits=hits, outbox=0, inbox=len(inbox)
        )


if TYPE_CHECKING:  # each fake is its port: `make lint` runs mypy --strict on this file
    from application.commands.maintenance.purge_expired import RetentionStore
    from application.ports.event_log import EventLog
    from application.ports.identity import CustomerDirectory, RateLimiter, SecretHasher, SecretSealer
    from application.ports.links import TokenSigner
    from application.ports.mailer import Mailer
    from application.ports.mobilepay_gateway import MobilePayWebhookVerifier
    from application.ports.payments import StatusBroadcaster
    from application.ports.pdf_renderer import PdfRenderer, StatementPdfRenderer
    from application.ports.pdf_store import PdfStore
    from application.ports.sms import SmsGateway
    from application.ports.unit_of_work import UnitOfWork
    from application.ports.webhooks import WebhookSender
    from application.queries.automation.views import EventFeedReader, FlowReader, SentSmsReader
    from application.queries.documents.reader import DocumentReader
    from application.queries.documents.staff_documents import StaffDocumentReader
    from application.queries.documents.statement_views import StatementReader
    from application.queries.identity.api_keys import ApiKeyReader
    from application.queries.identity.describe_login_link import LoginLinkReader
    from application.queries.identity.get_session import SessionReader
    from application.queries.jobs.was_message_handled import InboxReader
    from application.queries.links.list_links import LinkReader
    from application.queries.payments.payment_views import PaymentReader

    _store = _Store()
    _uow: UnitOfWork = FakeUnitOfWork(_store)
    _mailer: Mailer = FakeMailer()
    _renderer: PdfRenderer = FakePdfRenderer()
    _statement_renderer: StatementPdfRenderer = FakePdfRenderer()
    _pdf_store: PdfStore = FakePdfStore()
    _document_reader: DocumentReader = FakeDocumentReader(_store)
    _statement_reader: StatementReader = FakeStatementReader(_store)
    _rate_limiter: RateLimiter = FakeRateLimiter()
    _signer: TokenSigner = FakeTokenSigner()
    _sms: SmsGateway = FakeSmsGateway()
    _webhooks: WebhookSender = FakeWebhookSender()
    _broadcaster: StatusBroadcaster = FakeStatusBroadcaster()
    _event_log: EventLog = FakeEventLog(_store)
    _session_reader: SessionReader = FakeSessionReader(_store)
    _directory: CustomerDirectory = FakeCustomerDirectory(_store)
    _api_key_reader: ApiKeyReader = FakeApiKeyReader(_store)
    _clock: Clock = FakeClock()
    _sent_sms: SentSmsReader = FakeSmsGateway()
    _link_reader: LinkReader = FakeLinkReader(_store)
    _inbox: InboxReader = FakeInboxReader(_store)
    _hasher: SecretHasher = FakeSecretHasher()
    _sealer: SecretSealer = FakeSecretSealer()
    _flow_reader: FlowReader = FakeFlowReader(_store)
    _login_links: LoginLinkReader = FakeLoginLinkReader(_store)
    _payment_reader: PaymentReader = FakePaymentReader(_store)
    _staff_reader: StaffDocumentReader = FakeStaffDocumentReader(_store)
    _feed: EventFeedReader = FakeEventFeedReader(_store)
    _retention: RetentionStore = FakeRetentionStore(_store)
    _webhook_verifier: MobilePayWebhookVerifier = FakeWebhookVerifier()
