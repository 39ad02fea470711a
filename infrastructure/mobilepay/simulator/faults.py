"""The control switches: injected API faults (timeouts, 5xx, 429) and how webhooks are delivered."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

import msgspec

__all__ = ["OPERATIONS", "Fault", "FaultBook", "Operation", "WebhookSwitches"]

Operation = Literal["any", "token", "create", "get", "events", "capture", "cancel", "refund", "approve", "webhooks"]
OPERATIONS: tuple[str, ...] = get_args(Operation)


class Fault(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Make the next `count` calls of `operation` misbehave.

    - `timeout`: hold the answer `delay_seconds` (longer than the client waits). `when="after"` (default) applies
      the request first, so a retry on the same idempotency key must get the stored result, not a second payment.
    - `error`: answer `status` (5xx). `when="before"` drops the request; `"after"` applies it, then fails.
    - `rate_limit`: answer 429 with `Retry-After: retry_after` without applying anything.
    """

    operation: Operation
    kind: Literal["timeout", "error", "rate_limit"]
    count: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    status: Annotated[int, msgspec.Meta(ge=500, le=599)] = 503
    when: Literal["before", "after"] = "after"
    delay_seconds: Annotated[float, msgspec.Meta(ge=0, le=120)] = 2.0
    retry_after: Annotated[int, msgspec.Meta(ge=0, le=3600)] = 1


class WebhookSwitches(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How webhooks go out.

    - `duplicate`: every event is delivered twice.
    - `late_seconds`: every event is held this long (or until "flush") before its first delivery.
    - `reorder`: an event is held until the next event of the same payment arrives, which then goes first
      (or until "flush", or `reorder_hold_seconds`).
    """

    duplicate: bool = False
    late_seconds: Annotated[float, msgspec.Meta(ge=0, le=3600)] = 0.0
    reorder: bool = False
    reorder_hold_seconds: Annotated[float, msgspec.Meta(ge=0, le=3600)] = 30.0


class _Armed(msgspec.Struct, kw_only=True):
    fault: Fault
    remaining: int


class FaultBook:
    """Armed faults, consumed one call at a time, oldest first."""

    def __init__(self) -> None:
        self._armed: list[_Armed] = []

    def add(self, fault: Fault) -> None:
        self._armed.append(_Armed(fault=fault, remaining=fault.count))

    def clear(self) -> None:
        self._armed.clear()

    def take(self, operation: str) -> Fault | None:
        for armed in self._armed:
            if armed.fault.operation in {operation, "any"}:
                armed.remaining -= 1
                if armed.remaining <= 0:
                    self._armed.remove(armed)
                return armed.fault
        return None

    def pending(self) -> list[dict[str, object]]:
        return [{**msgspec.to_builtins(a.fault), "remaining": a.remaining} for a in self._armed]
