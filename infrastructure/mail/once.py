"""A Mailer that sends each Message-ID at most once, across retries, crashes and processes (PRODUCT §10)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import structlog

from application.ports.clock import Clock
from application.ports.mailer import Mailer, MailUnavailable, OutgoingMail

_log = structlog.get_logger("portal.mail")


class MailLedger(Protocol):
    async def claim(self, message_id: str, now: dt.datetime) -> bool: ...

    async def release(self, message_id: str) -> None: ...


class OnceMailer:
    """Claims the message's id in the ledger before handing the message to the mail server.

    - Every email's Message-ID names its cause (`login.<challenge>`, `receipt.<payment>`, `link.<link>`,
      `flow.<run>`), so "once per Message-ID" is "once per cause".
    - Already claimed: nothing is sent (a job retried after a send whose bookkeeping failed finds its claim).
    - `MailUnavailable` (nothing was delivered): the claim is released and the error raised, so the retry sends.
    - The one window left: a process killed between the claim and the mail server's acceptance loses that email
      (the customer can ask again); an email is never sent twice. ADR-0021 weighs this choice.
    """

    def __init__(self, mailer: Mailer, ledger: MailLedger, clock: Clock) -> None:
        self._mailer = mailer
        self._ledger = ledger
        self._clock = clock

    async def send(self, message: OutgoingMail) -> None:
        if not await self._ledger.claim(message.message_id, self._clock.now()):
            _log.info("mail.already_sent", message_id=message.message_id)
            return
        try:
            await self._mailer.send(message)
        except MailUnavailable:
            await self._ledger.release(message.message_id)
            raise
