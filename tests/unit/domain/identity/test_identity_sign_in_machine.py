"""Stateful property test: requests, codes, links and the clock over several challenges of one email.

A plain model says what each challenge's state should be; the invariants compare it with the aggregates and check
the rules of PRODUCT §2.3-2.6 directly against the aggregates after every step.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from domain.identity import (
    ChallengeNotUsable,
    ChallengeStatus,
    CustomerSignedIn,
    EmailAddress,
    LoginChallenge,
    LoginChallengeIssued,
    LoginChallengeLocked,
    WrongLinkToken,
    check_code,
    end_other_challenges,
)
from tests.example_budget import examples

pytestmark = pytest.mark.unit

LOCK_AFTER = 5  # PRODUCT §2.6, written out so a changed constant in the code fails here

KEY = b"test-server-key"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)
EMAIL = EmailAddress(value="kunde@example.dk")
OPEN = ChallengeStatus.OPEN

# A small pool makes codes collide now and then, so "a code of another challenge" is exercised too.
codes = st.one_of(st.sampled_from(["000000", "123456", "999999"]), st.integers(0, 999_999).map("{:06d}".format))


def _hash(kind: str, secret: str) -> bytes:
    return hmac.new(KEY, f"{kind}:{secret}".encode(), hashlib.sha256).digest()


@dataclass
class Expected:
    """What the model believes about one challenge."""

    challenge: LoginChallenge
    code: str
    token: str
    issued_at: datetime
    issued_step: int
    attempts: int = 0
    consumed_step: int | None = None
    ended: bool = False

    def status(self, now: datetime) -> ChallengeStatus:
        if self.consumed_step is not None:
            return ChallengeStatus.CONSUMED
        if self.ended:
            return ChallengeStatus.ENDED
        if self.attempts >= LOCK_AFTER:
            return ChallengeStatus.LOCKED
        if now >= self.issued_at + TTL:
            return ChallengeStatus.EXPIRED
        return OPEN


class SignInMachine(RuleBasedStateMachine):
    issued = Bundle("issued")

    def __init__(self) -> None:
        super().__init__()
        self.now = T0
        self.step = 0
        self.expected: list[Expected] = []
        self.events: Counter[tuple[type, UUID]] = Counter()
        self.sut_status_before: dict[UUID, ChallengeStatus] = {}

    # ----- helpers -------------------------------------------------------------------------------------------------

    def _begin_step(self) -> None:
        self.step += 1
        self.sut_status_before = {e.challenge.id: e.challenge.status(self.now) for e in self.expected}

    def _aggregates(self) -> list[LoginChallenge]:
        return [e.challenge for e in self.expected]

    def _signed_in(self, winner: Expected) -> None:
        """Model: the winner is consumed, every other open challenge ends."""
        for other in self.expected:
            if other is not winner and other.status(self.now) is OPEN:
                other.ended = True
        winner.consumed_step = self.step

    def _assert_accepted_only_when_open(self, challenge: LoginChallenge) -> None:
        # Locked, expired, consumed or ended before this step: it must not have let anyone in now.
        assert self.sut_status_before[challenge.id] is OPEN

    # ----- rules ---------------------------------------------------------------------------------------------------

    @rule(target=issued, code=codes)
    def request(self, code: str) -> Expected:
        self._begin_step()
        open_before = [e for e in self.expected if e.challenge.is_open(self.now)]
        token = f"token-{self.step}"
        challenge = LoginChallenge.issue(
            challenge_id=UUID(int=self.step),
            email=EMAIL,
            code_hash=_hash("code", code),
            link_hash=_hash("link", token),
            issued_at=self.now,
            ttl=TTL,
        )
        expected = Expected(challenge, code, token, self.now, self.step)
        self.expected.append(expected)
        # A newer challenge does not end an older one still in transit.
        assert all(e.challenge.is_open(self.now) for e in open_before)
        return expected

    @rule(chosen=issued)
    def verify_right_code_of(self, chosen: Expected) -> None:
        self._verify_all(chosen.code)

    @rule(code=codes)
    def verify_some_code(self, code: str) -> None:
        self._verify_all(code)

    def _verify_all(self, code: str) -> None:
        self._begin_step()
        open_now = [e for e in self.expected if e.status(self.now) is OPEN]
        winner = next((e for e in open_now if e.code == code), None)
        result = check_code(self._aggregates(), _hash("code", code), self.now)
        if winner is None:
            assert result is None
            for e in open_now:
                e.attempts += 1
        else:
            assert result is winner.challenge
            self._assert_accepted_only_when_open(result)
            self._signed_in(winner)

    @rule(chosen=issued, right_code=st.booleans())
    def verify_code_on_one(self, chosen: Expected, right_code: bool) -> None:
        """The aggregate's own method, followed by what the application does after a sign-in."""
        self._begin_step()
        code = chosen.code if right_code else f"{(int(chosen.code) + 1) % 1_000_000:06d}"
        was_open = chosen.status(self.now) is OPEN
        accepted = chosen.challenge.verify_code(_hash("code", code), self.now)
        assert accepted is (was_open and right_code)
        if accepted:
            self._assert_accepted_only_when_open(chosen.challenge)
            end_other_challenges(self._aggregates(), chosen.challenge, self.now)
            self._signed_in(chosen)
        elif was_open:
            chosen.attempts += 1

    @rule(chosen=issued, right_token=st.booleans())
    def consume_link(self, chosen: Expected, right_token: bool) -> None:
        self._begin_step()
        status = chosen.status(self.now)
        if not right_token:
            with pytest.raises(WrongLinkToken):
                chosen.challenge.consume_link(_hash("link", f"x-{chosen.token}"), self.now)
            return
        if status is not OPEN:
            with pytest.raises(ChallengeNotUsable) as refused:
                chosen.challenge.consume_link(_hash("link", chosen.token), self.now)
            assert refused.value.status is status
            return
        chosen.challenge.consume_link(_hash("link", chosen.token), self.now)
        self._assert_accepted_only_when_open(chosen.challenge)
        others_open = sum(e is not chosen and e.status(self.now) is OPEN for e in self.expected)
        assert end_other_challenges(self._aggregates(), chosen.challenge, self.now) == others_open
        self._signed_in(chosen)

    @rule(seconds=st.one_of(st.integers(0, 240), st.sampled_from([599, 600, 601])))
    def advance_clock(self, seconds: int) -> None:
        self._begin_step()
        self.now += timedelta(seconds=seconds)

    # ----- invariants ----------------------------------------------------------------------------------------------

    @invariant()
    def aggregates_match_the_model(self) -> None:
        for e in self.expected:
            assert e.challenge.status(self.now) is e.status(self.now)
            assert e.challenge.attempts == e.attempts

    @invariant()
    def attempts_never_exceed_five(self) -> None:
        assert all(0 <= e.challenge.attempts <= LOCK_AFTER for e in self.expected)

    @invariant()
    def at_most_one_sign_in_per_challenge(self) -> None:
        for e in self.expected:
            for event in e.challenge.pull_events():
                self.events[type(event), e.challenge.id] += 1
        for e in self.expected:
            cid = e.challenge.id
            assert self.events[LoginChallengeIssued, cid] == 1
            assert self.events[CustomerSignedIn, cid] == (e.consumed_step is not None)
            assert self.events[LoginChallengeLocked, cid] == (e.attempts >= LOCK_AFTER)

    @invariant()
    def a_sign_in_ended_every_challenge_open_at_that_moment(self) -> None:
        for winner in self.expected:
            if winner.consumed_step is None:
                continue
            for other in self.expected:
                if other is not winner and other.issued_step < winner.consumed_step:
                    assert not other.challenge.is_open(self.now)

    @invariant()
    def closed_challenges_stay_closed(self) -> None:
        for e in self.expected:
            if self.sut_status_before.get(e.challenge.id, OPEN) is not OPEN:
                assert e.challenge.status(self.now) is not OPEN


SignInMachine.TestCase.settings = settings(max_examples=examples(150), stateful_step_count=40, deadline=None)
TestSignInMachine = SignInMachine.TestCase
