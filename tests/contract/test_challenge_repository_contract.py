"""The login challenges (ChallengeRepository, and LoginLinkReader on the read side; PRODUCT §2.2), one contract run
on the fake, on SQLite and on PostgreSQL: the open challenges of an email oldest first, a challenge found by its link
hash, the email a browser last asked for (open ones only, or any not yet used), and a link's stored facts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.queries.identity.describe_login_link import LoginLinkReader
from domain.identity.challenge import LoginChallenge
from domain.identity.email_address import EmailAddress
from infrastructure.container import Container
from infrastructure.persistence.readers.login_links import SqlAlchemyLoginLinkReader
from tests.fakes import FakeLoginLinkReader

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
TTL = dt.timedelta(minutes=10)


def _challenge(email: str, at: dt.datetime, n: int, browser: bytes = b"b" * 32) -> LoginChallenge:
    challenge = LoginChallenge.issue(
        challenge_id=uuid.uuid4(),
        email=EmailAddress.of(email),
        code_hash=bytes([n]) * 32,
        link_hash=bytes([100 + n]) * 32,
        issued_at=at,
        ttl=TTL,
    )
    challenge.bind_browser(browser)
    return challenge


async def _add(store: Container, *challenges: LoginChallenge) -> None:
    uow = store.uow()
    async with uow:
        for challenge in challenges:
            uow.challenges.add(challenge)
        await uow.commit()


async def test_open_challenges_of_an_email_come_oldest_first_without_used_ended_or_expired_ones(
    store: Container,
) -> None:
    expired = _challenge("mette@example.dk", T0 - dt.timedelta(minutes=30), 1)
    used, ended = _challenge("mette@example.dk", T0, 2), _challenge("mette@example.dk", T0, 3)
    older, newer = (
        _challenge("mette@example.dk", T0, 4),
        _challenge("mette@example.dk", T0 + dt.timedelta(minutes=1), 5),
    )
    other = _challenge("jens@example.dk", T0, 6)
    await _add(store, newer, expired, used, ended, older, other)
    uow = store.uow()
    async with uow:
        loaded_used = await uow.challenges.get(used.id)
        loaded_ended = await uow.challenges.get(ended.id)
        assert loaded_used is not None and loaded_ended is not None
        assert loaded_used.verify_code(bytes([2]) * 32, T0 + dt.timedelta(minutes=2))
        assert loaded_ended.end_by_sign_in(T0 + dt.timedelta(minutes=2))
        await uow.commit()
    async with uow:
        found = await uow.challenges.open_for("mette@example.dk", T0 + dt.timedelta(minutes=3))
        assert [c.id for c in found] == [older.id, newer.id]
        assert await uow.challenges.open_for("mette@example.dk", T0 + dt.timedelta(minutes=30)) == []
        assert await uow.challenges.get(uuid.uuid4()) is None


async def test_a_challenge_is_found_by_its_link_hash_and_keeps_its_state(store: Container) -> None:
    challenge = _challenge("mette@example.dk", T0, 1)
    challenge.land_on("/documents")
    await _add(store, challenge)
    uow = store.uow()
    async with uow:
        found = await uow.challenges.by_link_hash(bytes([101]) * 32)
        assert found is not None and found.id == challenge.id
        assert (found.email.value, found.issued_at, found.expires_at, found.landing) == (
            "mette@example.dk",
            T0,
            T0 + TTL,
            "/documents",
        )
        assert found.was_requested_by(b"b" * 32) and not found.was_requested_by(b"c" * 32)
        found.record_wrong_code(T0 + dt.timedelta(minutes=1))
        await uow.commit()
    async with uow:
        again = await uow.challenges.by_link_hash(bytes([101]) * 32)
        assert again is not None and again.attempts == 1
        assert await uow.challenges.by_link_hash(b"z" * 32) is None


async def test_the_email_a_browser_last_asked_for(store: Container) -> None:
    first = _challenge("jens@example.dk", T0, 1)
    second = _challenge("mette@example.dk", T0 + dt.timedelta(minutes=1), 2)
    elsewhere = _challenge("karen@example.dk", T0 + dt.timedelta(minutes=2), 3, browser=b"o" * 32)
    await _add(store, first, second, elsewhere)
    uow = store.uow()
    async with uow:
        assert await uow.challenges.latest_email_asked_by(b"b" * 32, T0 + dt.timedelta(minutes=2)) == "mette@example.dk"
        late = T0 + dt.timedelta(minutes=20)  # both expired: only a challenge not yet used still names the email
        assert await uow.challenges.latest_email_asked_by(b"b" * 32, late) is None
        assert await uow.challenges.latest_email_asked_by(b"b" * 32, late, open_only=False) == "mette@example.dk"
        assert await uow.challenges.latest_email_asked_by(b"n" * 32, T0) is None
        loaded = await uow.challenges.get(second.id)
        assert loaded is not None and loaded.verify_code(bytes([2]) * 32, T0 + dt.timedelta(minutes=2))
        await uow.commit()
    async with uow:
        assert await uow.challenges.latest_email_asked_by(b"b" * 32, late, open_only=False) == "jens@example.dk"


def _login_links(store: Container) -> LoginLinkReader:
    state = getattr(store, "fake_store", None)
    return FakeLoginLinkReader(state) if state is not None else SqlAlchemyLoginLinkReader(store.session_factory())


async def test_the_login_link_reader_tells_the_stored_facts_of_a_link(store: Container) -> None:
    challenge = _challenge("mette@example.dk", T0, 1)
    await _add(store, challenge)
    uow = store.uow()
    async with uow:
        loaded = await uow.challenges.get(challenge.id)
        assert loaded is not None
        loaded.record_wrong_code(T0 + dt.timedelta(minutes=1))
        await uow.commit()
    row = await _login_links(store).find(bytes([101]) * 32)
    assert row is not None
    assert (row.email, row.issued_at, row.expires_at, row.attempts, row.consumed_at, row.ended_at) == (
        "mette@example.dk",
        T0,
        T0 + TTL,
        1,
        None,
        None,
    )
    assert await _login_links(store).find(bytes([1]) * 32) is None, "the code hash is not a link"
