"""RetentionStore (PRODUCT §9 `portal maintenance purge`), one contract run on the fake, on SQLite and on
PostgreSQL: what is older than the cut-off goes (expired challenges, ended sessions, rate-limit hits, inbox records,
sent outbox rows, mail claims), what is younger or still in use stays, the event log is never touched, and each
count says how many rows went. Sent outbox rows and mail claims are written by infrastructure alone (the outbox
relay, the mail ledger), so that part runs on the databases only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.commands.maintenance.purge_expired import PurgeCounts
from application.inbox import begin, end
from domain.identity.challenge import LoginChallenge
from domain.identity.email_address import EmailAddress
from domain.identity.rate_limit import RateLimit
from domain.identity.session import CustomerSession
from infrastructure.container import Container
from tests.builders import upsert_customer
from tests.fakes import FakeClock

pytestmark = pytest.mark.contract
IDLE = dt.timedelta(minutes=30)
NOTHING = PurgeCounts(challenges=0, sessions=0, rate_limit_hits=0, outbox=0, inbox=0, mail=0)


def _challenge(issued_at: dt.datetime, n: int) -> LoginChallenge:
    return LoginChallenge.issue(
        challenge_id=uuid.uuid4(),
        email=EmailAddress.of("mette@example.dk"),
        code_hash=bytes([n]) * 32,
        link_hash=bytes([100 + n]) * 32,
        issued_at=issued_at,
        ttl=dt.timedelta(minutes=10),
    )


def _session(n: int, created_at: dt.datetime, revoked_at: dt.datetime | None = None) -> CustomerSession:
    return CustomerSession(
        id_hash=bytes([n]) * 32,
        email="mette@example.dk",
        created_at=created_at,
        last_seen_at=created_at,
        revoked_at=revoked_at,
    )


async def _handle(store: Container, message_id: uuid.UUID) -> None:
    """A worker message whose unit of work commits: the inbox records it then."""
    begin(message_id, "payments.capture")
    try:
        uow = store.uow()
        async with uow:
            await uow.commit()
    finally:
        end()


async def test_what_is_older_than_the_cut_off_goes_and_the_rest_stays(store: Container, clock: FakeClock) -> None:
    cut_off = clock.now() + dt.timedelta(days=1)
    await store.bus().handle(upsert_customer(customer_no="C-1001"))  # a portal event in the log, long ago
    feed = await store.automation.event_feed_reader().page(None, 10)
    expired, ends_at_cut_off = _challenge(clock.now(), 1), _challenge(cut_off - dt.timedelta(minutes=10), 2)
    old, starts_at_cut_off = _session(1, clock.now()), _session(2, cut_off)
    revoked_later = _session(3, cut_off + dt.timedelta(hours=1), revoked_at=cut_off + dt.timedelta(hours=2))
    uow = store.uow()
    async with uow:
        for challenge in (expired, ends_at_cut_off):
            uow.challenges.add(challenge)
        for session in (old, starts_at_cut_off, revoked_later):
            uow.sessions.add(session)
        uow.outbox.enqueue("mail.send", {"to": "mette@example.dk"})  # never sent: stays however old
        await uow.commit()
    limiter, two_a_week = store.identity.rate_limiter(), RateLimit.parse("2/7d")
    for at in (clock.now(), clock.now() + dt.timedelta(hours=1)):
        assert (await limiter.hit("ip:old", two_a_week, at)).allowed
    assert (await limiter.hit("ip:fresh", RateLimit.parse("1/7d"), cut_off)).allowed
    old_message, fresh_message = uuid.uuid4(), uuid.uuid4()
    await _handle(store, old_message)
    clock.set(cut_off)
    await _handle(store, fresh_message)

    purged = await store.operations.retention_store().purge(before=cut_off, session_idle=IDLE)

    assert purged == PurgeCounts(challenges=1, sessions=1, rate_limit_hits=2, outbox=0, inbox=1, mail=0)
    async with uow:
        assert await uow.challenges.get(expired.id) is None
        assert await uow.challenges.get(ends_at_cut_off.id) is not None, "expiring at the cut-off: not older"
        assert await uow.sessions.get(old.id_hash) is None
        assert await uow.sessions.get(starts_at_cut_off.id_hash) is not None
        assert await uow.sessions.get(revoked_later.id_hash) is not None
    later = cut_off + dt.timedelta(minutes=1)
    assert (await limiter.hit("ip:old", two_a_week, later)).allowed, "the old hits no longer count"
    assert not (await limiter.hit("ip:fresh", RateLimit.parse("1/7d"), later)).allowed, "the fresh hit still counts"
    inbox = store.jobs.inbox_reader()
    assert (await inbox.was_handled(old_message), await inbox.was_handled(fresh_message)) == (False, True)
    assert await store.automation.event_feed_reader().page(None, 10) == feed, "the event log is never purged"
    assert await store.operations.retention_store().purge(before=cut_off, session_idle=IDLE) == NOTHING


async def test_sent_outbox_rows_and_mail_claims_older_than_the_cut_off_go(
    database: Container, clock: FakeClock
) -> None:
    cut_off = clock.now() + dt.timedelta(days=1)
    uow = database.uow()
    async with uow:
        uow.outbox.enqueue("mail.send", {"to": "mette@example.dk"})
        await uow.commit()
    assert await database.relay().drain() == 1  # sent now, long before the cut-off
    async with uow:
        uow.outbox.enqueue("mail.send", {"to": "jens@example.dk"}, not_before=cut_off + dt.timedelta(days=1))
        await uow.commit()
    ledger = database.mail_ledger()
    assert await ledger.claim("login.old", clock.now())
    assert await ledger.claim("login.fresh", cut_off)

    purged = await database.operations.retention_store().purge(before=cut_off, session_idle=IDLE)

    assert purged == PurgeCounts(challenges=0, sessions=0, rate_limit_hits=0, outbox=1, inbox=0, mail=1)
    assert await ledger.claim("login.old", cut_off), "the old claim went: a new one is made"
    assert not await ledger.claim("login.fresh", cut_off), "the fresh claim stays"
    clock.set(cut_off + dt.timedelta(days=1))
    assert await database.relay().drain() == 1, "the unsent row stayed and is sent when it is due"
