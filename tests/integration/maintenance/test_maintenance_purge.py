"""`portal maintenance purge` on PostgreSQL: what is past the retention goes, what is still in use stays (§9)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from application.commands.identity.request_login import RequestLogin
from application.commands.identity.sign_in import start_session
from application.commands.maintenance.purge_expired import PurgeExpired
from infrastructure.container import Container
from infrastructure.persistence.tables.identity import customer_sessions, login_challenges, rate_limit_hits
from infrastructure.persistence.tables.outbox import events, mail_sends, outbox
from tests.builders import upsert_customer
from tests.fakes import FakeClock

pytestmark = pytest.mark.integration


async def _counts(container: Container) -> dict[str, int]:
    async with container.session_factory()() as session:
        counts = {}
        for name, table in (
            ("challenges", login_challenges),
            ("sessions", customer_sessions),
            ("hits", rate_limit_hits),
            ("outbox", outbox),
            ("events", events),
            ("mail", mail_sends),
        ):
            counts[name] = int(await session.scalar(select(func.count()).select_from(table)) or 0)
        return counts


async def test_purge_removes_only_what_is_past_the_retention(pg_container: Container, clock: FakeClock) -> None:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1", email="old@example.dk"))
    await bus.handle(RequestLogin(email="old@example.dk", ip="10.0.0.1"))
    uow = pg_container.uow()
    async with uow:
        await start_session(uow, pg_container.hasher(), "old@example.dk", clock.now(), None)
        await uow.commit()
    await pg_container.relay().drain()  # the outbox rows are sent now
    assert await pg_container.mail_ledger().claim("login.old@example.dk", clock.now())  # an email handed over then
    clock.advance(days=31)
    await bus.handle(RequestLogin(email="old@example.dk", ip="10.0.0.2"))  # a fresh challenge and unsent row
    before = await _counts(pg_container)
    purged = await bus.handle(PurgeExpired())
    after = await _counts(pg_container)
    # the old email hit was already dropped when the same bucket was used again; the old IP's bucket was not
    assert (purged.challenges, purged.sessions, purged.rate_limit_hits) == (1, 1, 1)
    assert purged.outbox == before["outbox"] - after["outbox"] > 0
    assert after["challenges"] == 1, "the fresh challenge stays"
    assert after["hits"] == 2, "the fresh request's hits stay"
    assert after["events"] == before["events"], "the event log is never purged"
    assert after["outbox"] == 1, "the unsent row stays"
    assert (before["mail"], purged.mail, after["mail"]) == (1, 1, 0), "the old mail claim goes"
