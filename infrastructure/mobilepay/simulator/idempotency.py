"""Stored outcomes per idempotency key: the same key and body replay the first answer, another body is a 409."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from infrastructure.mobilepay.simulator.problems import VendorProblem

__all__ = ["IdempotencyStore", "Outcome"]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int
    body: object  # JSON-ready; None for an empty body
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class _Stored:
    fingerprint: bytes
    outcome: Outcome | None
    problem: VendorProblem | None


class IdempotencyStore:
    """Keys live per (merchant, endpoint); a refusal (4xx) is remembered too, as the vendor keeps it."""

    def __init__(self) -> None:
        self._stored: dict[tuple[str, ...], _Stored] = {}

    def run(
        self,
        scope: tuple[str, ...],
        key: str,
        fingerprint: bytes,
        conflict_code: str,
        action: Callable[[], Outcome],
    ) -> Outcome:
        """Apply `action` once per key; must be called without awaiting in between (it is atomic in the loop)."""
        slot = (*scope, key)
        stored = self._stored.get(slot)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                raise VendorProblem(
                    409,
                    "Idempotency-Key was used with a different request",
                    code=conflict_code,
                    field="Idempotency-Key",
                )
            if stored.problem is not None:
                raise stored.problem
            assert stored.outcome is not None  # noqa: S101 - one of the two is always set
            return Outcome(status=stored.outcome.status, body=stored.outcome.body, replayed=True)
        try:
            outcome = action()
        except VendorProblem as problem:
            if problem.status < 500:  # noqa: PLR2004
                self._stored[slot] = _Stored(fingerprint=fingerprint, outcome=None, problem=problem)
            raise
        self._stored[slot] = _Stored(fingerprint=fingerprint, outcome=outcome, problem=None)
        return outcome
