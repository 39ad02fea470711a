"""Domain service: one code or link against all the login challenges of one email (PRODUCT §2.4-2.6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.identity.challenge import LoginChallenge


def check_code(
    challenges: Sequence[LoginChallenge], code_hash: bytes, now: datetime, *, party: str | None = None
) -> LoginChallenge | None:
    """Check a code against every open challenge of one email and apply the outcome to all of them.

    - `challenges` are those of one email, oldest first; the ones not open at `now` take no part.
    - The code is compared with every open challenge (constant time each), match or not.
    - A match consumes the first matching challenge, ends every other open one, and is returned.
    - No match counts one wrong attempt on each open challenge, and None is returned.
    """
    _require_one_email(challenges)
    open_challenges = [challenge for challenge in challenges if challenge.is_open(now)]
    matching = [challenge for challenge in open_challenges if challenge.matches_code(code_hash)]
    if not matching:
        for challenge in open_challenges:
            challenge.record_wrong_code(now)
        return None
    winner = matching[0]
    winner.verify_code(code_hash, now, party=party)
    end_other_challenges(challenges, winner, now)
    return winner


def end_other_challenges(challenges: Sequence[LoginChallenge], signed_in: LoginChallenge, now: datetime) -> int:
    """End every open challenge of the email except the one that signed in; returns how many were ended."""
    _require_one_email([*challenges, signed_in])
    return sum(challenge.end_by_sign_in(now) for challenge in challenges if challenge != signed_in)


def _require_one_email(challenges: Sequence[LoginChallenge]) -> None:
    if len({challenge.email for challenge in challenges}) > 1:
        raise ValueError("the challenges given belong to more than one email address")
