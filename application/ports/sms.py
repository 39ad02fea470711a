"""Port: text messages to a phone (PRODUCT §8 `sms` actions)."""

from __future__ import annotations

from typing import Protocol

import msgspec

__all__ = ["SmsGateway", "SmsMessage", "SmsRejected", "SmsUnavailable"]


class SmsUnavailable(Exception):
    """The gateway could not be reached or answered "try later" (timeout, 5xx, 429); the job retries."""


class SmsRejected(Exception):
    """The gateway refused this message for good (4xx: a bad number, a bad token); retrying will not help."""


class SmsMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One message: `to` in E.164 (`+4520123456`), `text`, and `key`, the idempotency key of the run sending it."""

    to: str
    text: str
    key: str


class SmsGateway(Protocol):
    """Sends one text message.

    - Returns the gateway's id for the message once it has accepted it.
    - Raises `SmsUnavailable` (retry later) or `SmsRejected` (give up).
    - Every call carries the run's idempotency key; an adapter that can use it to drop a repeat does so.
    """

    async def send(self, message: SmsMessage) -> str: ...
