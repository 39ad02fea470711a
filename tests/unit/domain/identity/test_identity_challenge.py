"""Example tests for the login challenge and the sign-in service, one rule each (PRODUCT §2.3-2.6)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.identity import (
    ChallengeNotUsable,
    ChallengeStatus,
    CustomerSignedIn,
    EmailAddress,
    InvalidLoginChallenge,
    LoginChallenge,
    LoginChallengeIssued,
    LoginChallengeLocked,
    WrongLinkToken,
    check_code,
    end_other_challenges,
)
from domain.shared.errors import DomainError

pytestmark = pytest.mark.unit

LOCK_AFTER = 5  # PRODUCT §2.6, written out so a changed constant in the code fails here

KEY = b"test-server-key"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
EMAIL = EmailAddress(value="kunde@example.dk")


def _hash(kind: str, secret: str) -> bytes:
    return hmac.new(KEY, f"{kind}:{secret}".encode(), hashlib.sha256).digest()


def _issue(
    code: str = "123456", link: str = "tok", at: datetime = T0, email: EmailAddress = EMAIL, cid: UUID | None = None
) -> LoginChallenge:
    return LoginChallenge.issue(
        challenge_id=cid or uuid4(),
        email=email,
        code_hash=_hash("code", code),
        link_hash=_hash("link", link),
        issued_at=at,
    )


def test_issue_opens_a_challenge_for_ten_minutes_and_records_it() -> None:
    cid = uuid4()
    challenge = _issue(cid=cid)
    assert challenge.id == cid
    assert challenge.email == EMAIL
    assert challenge.status(T0) is ChallengeStatus.OPEN
    assert challenge.expires_at == T0 + timedelta(minutes=10)
    assert challenge.attempts == 0
    assert challenge.pull_events() == [
        LoginChallengeIssued(challenge_id=cid, email=EMAIL.value, issued_at=T0, expires_at=T0 + timedelta(minutes=10))
    ]
    assert challenge.pull_events() == []


def test_issued_event_is_internal_and_sign_in_event_has_its_wire_name() -> None:
    now = T0
    issued = LoginChallengeIssued(challenge_id=uuid4(), email="a@b.c", issued_at=now, expires_at=now)
    signed_in = CustomerSignedIn(challenge_id=uuid4(), email="a@b.c", method="code", occurred_at=now)
    assert issued.event_type == ""
    assert signed_in.event_type == "customer.signed_in"


@pytest.mark.parametrize(
    ("code_hash", "link_hash", "ttl"),
    [
        (b"", b"link", timedelta(minutes=10)),
        (b"code", b"", timedelta(minutes=10)),
        (b"same", b"same", timedelta(minutes=10)),
        (b"code", b"link", timedelta(0)),
        (b"code", b"link", timedelta(seconds=-1)),
    ],
)
def test_issue_refuses_bad_data(code_hash: bytes, link_hash: bytes, ttl: timedelta) -> None:
    with pytest.raises(InvalidLoginChallenge):
        LoginChallenge.issue(
            challenge_id=uuid4(), email=EMAIL, code_hash=code_hash, link_hash=link_hash, issued_at=T0, ttl=ttl
        )
    assert issubclass(InvalidLoginChallenge, DomainError)


def test_issue_refuses_a_naive_instant() -> None:
    with pytest.raises(ValueError, match="aware"):
        _issue(at=datetime(2025, 3, 3, 9, 0))  # noqa: DTZ001 - the point of the test


def test_the_ttl_is_configurable() -> None:
    challenge = LoginChallenge.issue(
        challenge_id=uuid4(), email=EMAIL, code_hash=b"c", link_hash=b"l", issued_at=T0, ttl=timedelta(minutes=3)
    )
    assert challenge.is_open(T0 + timedelta(minutes=2, seconds=59))
    assert challenge.status(T0 + timedelta(minutes=3)) is ChallengeStatus.EXPIRED


def test_expires_exactly_ten_minutes_after_issue() -> None:
    challenge = _issue()
    assert challenge.is_open(T0 + timedelta(minutes=10) - timedelta(microseconds=1))
    assert challenge.status(T0 + timedelta(minutes=10)) is ChallengeStatus.EXPIRED


def test_an_expired_challenge_accepts_neither_key() -> None:
    challenge = _issue()
    later = T0 + timedelta(minutes=10)
    assert challenge.verify_code(_hash("code", "123456"), later) is False
    assert challenge.attempts == 0
    with pytest.raises(ChallengeNotUsable) as refused:
        challenge.consume_link(_hash("link", "tok"), later)
    assert refused.value.status is ChallengeStatus.EXPIRED
    assert "expired" in refused.value.message
    assert challenge.consumed_at is None


def test_the_right_code_signs_in_once() -> None:
    challenge = _issue()
    challenge.pull_events()
    now = T0 + timedelta(minutes=2)
    assert challenge.verify_code(_hash("code", "123456"), now) is True
    assert challenge.status(now) is ChallengeStatus.CONSUMED
    assert challenge.consumed_at == now
    assert challenge.pull_events() == [
        CustomerSignedIn(challenge_id=challenge.id, email=EMAIL.value, method="code", occurred_at=now)
    ]
    assert challenge.verify_code(_hash("code", "123456"), now) is False
    assert challenge.pull_events() == []


def test_code_and_link_are_two_keys_to_one_challenge() -> None:
    by_code = _issue()
    by_code.verify_code(_hash("code", "123456"), T0)
    with pytest.raises(ChallengeNotUsable) as refused:
        by_code.consume_link(_hash("link", "tok"), T0)
    assert refused.value.status is ChallengeStatus.CONSUMED

    by_link = _issue()
    by_link.pull_events()
    by_link.consume_link(_hash("link", "tok"), T0)
    assert [event.method for event in by_link.pull_events() if isinstance(event, CustomerSignedIn)] == ["link"]
    assert by_link.verify_code(_hash("code", "123456"), T0) is False
    assert by_link.attempts == 0


def test_a_wrong_link_token_is_refused_before_the_state_is_looked_at() -> None:
    challenge = _issue()
    with pytest.raises(WrongLinkToken):
        challenge.consume_link(_hash("link", "other"), T0)
    assert challenge.is_open(T0)
    with pytest.raises(WrongLinkToken):
        challenge.consume_link(_hash("link", "other"), T0 + timedelta(hours=1))


def test_five_wrong_codes_lock_the_challenge_for_good() -> None:
    challenge = _issue()
    challenge.pull_events()
    for attempt in range(1, LOCK_AFTER):
        assert challenge.verify_code(_hash("code", "000000"), T0) is False
        assert challenge.attempts == attempt
        assert challenge.is_open(T0)
    assert challenge.verify_code(_hash("code", "000000"), T0) is False
    assert challenge.status(T0) is ChallengeStatus.LOCKED
    assert challenge.pull_events() == [
        LoginChallengeLocked(challenge_id=challenge.id, email=EMAIL.value, occurred_at=T0)
    ]
    assert challenge.verify_code(_hash("code", "123456"), T0) is False
    with pytest.raises(ChallengeNotUsable):
        challenge.consume_link(_hash("link", "tok"), T0)
    with pytest.raises(ChallengeNotUsable):
        challenge.record_wrong_code(T0)
    assert challenge.attempts == LOCK_AFTER
    assert challenge.consumed_at is None
    assert challenge.pull_events() == []


def test_four_wrong_codes_still_leave_the_right_one_working() -> None:
    challenge = _issue()
    for _ in range(LOCK_AFTER - 1):
        challenge.verify_code(_hash("code", "654321"), T0)
    assert challenge.verify_code(_hash("code", "123456"), T0) is True


def test_recorded_facts_outrank_expiry() -> None:
    consumed, ended = _issue(), _issue()
    consumed.verify_code(_hash("code", "123456"), T0)
    assert ended.end_by_sign_in(T0) is True
    later = T0 + timedelta(hours=1)
    assert consumed.status(later) is ChallengeStatus.CONSUMED
    assert ended.status(later) is ChallengeStatus.ENDED
    assert ended.ended_at == T0


def test_end_by_sign_in_leaves_a_closed_challenge_alone() -> None:
    challenge = _issue()
    assert challenge.end_by_sign_in(T0 + timedelta(minutes=10)) is False
    assert challenge.ended_at is None


def test_a_newer_challenge_does_not_end_an_older_one() -> None:
    older = _issue(code="111111", link="a")
    newer = _issue(code="222222", link="b", at=T0 + timedelta(minutes=5))
    now = T0 + timedelta(minutes=6)
    assert older.is_open(now)
    assert newer.is_open(now)
    assert check_code([older, newer], _hash("code", "111111"), now) is older


def test_a_code_sign_in_ends_every_other_open_challenge() -> None:
    first, second, third = _issue("111111", "a"), _issue("222222", "b"), _issue("333333", "c")
    assert check_code([first, second, third], _hash("code", "222222"), T0) is second
    assert second.status(T0) is ChallengeStatus.CONSUMED
    assert first.status(T0) is ChallengeStatus.ENDED
    assert third.status(T0) is ChallengeStatus.ENDED
    assert first.attempts == third.attempts == 0


def test_a_wrong_code_counts_one_attempt_on_each_open_challenge_only() -> None:
    expired = _issue("111111", "a", at=T0 - timedelta(minutes=10))
    consumed = _issue("222222", "b")
    consumed.verify_code(_hash("code", "222222"), T0)
    open_one, open_two = _issue("333333", "c"), _issue("444444", "d")
    assert check_code([expired, consumed, open_one, open_two], _hash("code", "999999"), T0) is None
    assert (expired.attempts, consumed.attempts, open_one.attempts, open_two.attempts) == (0, 0, 1, 1)


def test_a_code_of_a_closed_challenge_is_a_wrong_code_for_the_open_ones() -> None:
    expired = _issue("111111", "a", at=T0 - timedelta(minutes=11))
    fresh = _issue("222222", "b")
    assert check_code([expired, fresh], _hash("code", "111111"), T0) is None
    assert fresh.attempts == 1
    assert expired.consumed_at is None


def test_a_link_sign_in_then_ends_the_others() -> None:
    first, second = _issue("111111", "a"), _issue("222222", "b")
    second.consume_link(_hash("link", "b"), T0)
    assert end_other_challenges([first, second], second, T0) == 1
    assert first.status(T0) is ChallengeStatus.ENDED
    assert second.status(T0) is ChallengeStatus.CONSUMED


def test_the_sign_in_service_refuses_challenges_of_several_emails() -> None:
    mine, theirs = _issue(), _issue(email=EmailAddress(value="other@example.dk"))
    with pytest.raises(ValueError, match="more than one email"):
        check_code([mine, theirs], _hash("code", "123456"), T0)
    assert mine.is_open(T0)
    with pytest.raises(ValueError, match="more than one email"):
        end_other_challenges([mine], theirs, T0)


def test_challenges_compare_by_id_and_keep_secrets_out_of_repr() -> None:
    cid = uuid4()
    one, same = _issue(cid=cid), _issue(code="999999", cid=cid)
    assert one == same
    assert hash(one) == hash(same)
    assert one != _issue()
    assert EMAIL.value not in repr(one)
    assert _hash("code", "123456").hex() not in repr(one)
