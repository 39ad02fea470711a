"""Customer session: idle timeout, absolute lifetime, once-a-minute touch, sign-out (PRODUCT §3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity import (
    DEFAULT_SESSION_IDLE,
    DEFAULT_SESSION_MAX_AGE,
    CustomerSession,
    EmailAddress,
    SessionNotActive,
)

pytestmark = pytest.mark.unit

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
EMAIL = EmailAddress(value="kunde@example.dk")
LIMITS = {"idle": DEFAULT_SESSION_IDLE, "max_age": DEFAULT_SESSION_MAX_AGE}


def _start(now: datetime = T0, id_hash: bytes = b"\x01" * 32) -> CustomerSession:
    return CustomerSession.start(id_hash=id_hash, email=EMAIL, now=now)


def test_defaults_are_sixty_minutes_and_twelve_hours() -> None:
    assert timedelta(minutes=60) == DEFAULT_SESSION_IDLE
    assert timedelta(hours=12) == DEFAULT_SESSION_MAX_AGE


def test_a_new_session_is_active_and_scoped_to_its_email() -> None:
    session = _start()
    assert session.is_active(T0, **LIMITS)
    assert session.email == EMAIL
    assert session.created_at == session.last_seen_at == T0
    assert session.revoked_at is None


def test_idle_timeout_ends_it_exactly_after_the_idle_time() -> None:
    session = _start()
    assert session.is_active(T0 + timedelta(minutes=60) - timedelta(microseconds=1), **LIMITS)
    assert not session.is_active(T0 + timedelta(minutes=60), **LIMITS)
    assert session.expires_at(**LIMITS) == T0 + timedelta(minutes=60)


def test_touching_keeps_it_alive_until_the_absolute_lifetime() -> None:
    session = _start()
    now = T0
    while now + timedelta(minutes=30) < T0 + timedelta(hours=12):
        now += timedelta(minutes=30)
        assert session.touch(now, **LIMITS) is True
    assert session.is_active(T0 + timedelta(hours=12) - timedelta(seconds=1), **LIMITS)
    assert not session.is_active(T0 + timedelta(hours=12), **LIMITS)
    assert session.expires_at(**LIMITS) == T0 + timedelta(hours=12)


def test_touch_writes_at_most_once_a_minute() -> None:
    session = _start()
    assert session.touch(T0 + timedelta(seconds=59), **LIMITS) is False
    assert session.last_seen_at == T0
    assert session.touch(T0 + timedelta(seconds=60), **LIMITS) is True
    assert session.last_seen_at == T0 + timedelta(seconds=60)
    assert session.touch(T0 + timedelta(seconds=61), **LIMITS) is False


def test_touch_never_moves_last_seen_back() -> None:
    session = _start()
    session.touch(T0 + timedelta(minutes=5), **LIMITS)
    assert session.touch(T0 + timedelta(minutes=2), **LIMITS) is False
    assert session.last_seen_at == T0 + timedelta(minutes=5)


def test_touch_does_not_revive_an_idle_session() -> None:
    session = _start()
    with pytest.raises(SessionNotActive):
        session.touch(T0 + timedelta(minutes=61), **LIMITS)
    assert session.last_seen_at == T0


def test_the_idle_time_comes_from_configuration() -> None:
    session = _start()
    limits = {"idle": timedelta(minutes=5), "max_age": timedelta(hours=1)}
    assert not session.is_active(T0 + timedelta(minutes=5), **limits)
    assert session.is_active(T0 + timedelta(minutes=5), **LIMITS)


def test_revoke_is_final_and_idempotent() -> None:
    session = _start()
    assert session.revoke(T0 + timedelta(minutes=1)) is True
    assert not session.is_active(T0 + timedelta(minutes=1), **LIMITS)
    assert session.revoke(T0 + timedelta(minutes=2)) is False
    assert session.revoked_at == T0 + timedelta(minutes=1)
    with pytest.raises(SessionNotActive):
        session.touch(T0 + timedelta(minutes=3), **LIMITS)


def test_start_refuses_a_naive_instant_and_an_empty_hash() -> None:
    with pytest.raises(ValueError, match="aware"):
        _start(now=datetime(2025, 3, 3, 9, 0))  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="hash"):
        _start(id_hash=b"")


def test_sessions_compare_by_id_hash_and_repr_hides_it() -> None:
    assert _start() == _start(now=T0 + timedelta(hours=1))
    assert _start() != _start(id_hash=b"\x02" * 32)
    assert (b"\x01" * 32).hex() not in repr(_start())
    assert EMAIL.value not in repr(_start())


@given(
    gaps=st.lists(st.integers(0, 3 * 3600), max_size=40),
    idle_minutes=st.integers(1, 120),
    max_hours=st.integers(1, 24),
)
def test_touch_and_expiry_follow_the_rules(gaps: list[int], idle_minutes: int, max_hours: int) -> None:
    idle, max_age = timedelta(minutes=idle_minutes), timedelta(hours=max_hours)
    session = _start()
    last_seen, now, ended = T0, T0, False
    for gap in gaps:
        now += timedelta(seconds=gap)
        expected_active = not ended and now < min(last_seen + idle, T0 + max_age)
        assert session.is_active(now, idle=idle, max_age=max_age) is expected_active
        if not expected_active:
            ended = True  # once over, always over: time only moves forward here
            with pytest.raises(SessionNotActive):
                session.touch(now, idle=idle, max_age=max_age)
        else:
            wrote = session.touch(now, idle=idle, max_age=max_age)
            assert wrote is (now - last_seen >= timedelta(minutes=1))
            if wrote:
                last_seen = now
        assert session.last_seen_at == last_seen
        assert session.created_at <= session.last_seen_at <= now


@given(offsets=st.lists(st.integers(0, 24 * 3600), min_size=1, max_size=20))
def test_a_revoked_session_is_never_active_again(offsets: list[int]) -> None:
    session = _start()
    session.revoke(T0)
    for offset in offsets:
        assert not session.is_active(T0 + timedelta(seconds=offset), **LIMITS)
