"""Port: outgoing email (the sign-in email of PRODUCT §2.2, the receipt of §6.4, flow actions of §8)."""

from __future__ import annotations

import re
from typing import Protocol

import msgspec

__all__ = ["MailRejected", "MailUnavailable", "Mailer", "OutgoingMail"]

# The inside of an RFC 5322 msg-id, without the angle brackets: "login.0190c3e1@portal.example".
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$")
_LINE_BREAK = re.compile(r"[\r\n]")


class MailUnavailable(Exception):
    """The mail server could not be reached or refused for now (a 4xx reply); the job retries later.

    - Nothing was delivered (SMTP hands a message over whole or not at all).
    """


class MailRejected(Exception):
    """The mail server refused this message for good (a 5xx reply to the sender, a recipient or the data).

    - Retrying the same message will not help; the job records the failure and stops.
    """


class OutgoingMail(msgspec.Struct, frozen=True, kw_only=True):
    """One email, composed and ready to send: a plain-text part and an HTML alternative.

    - `to`, `subject` and `reply_to` are header values: one line each (a line break is refused, so a value
      can never smuggle in another header).
    - `message_id` is chosen by the sender, without angle brackets (`login.<challenge id>@<domain>`), so a
      resend of the same mail carries the same Message-ID and can be recognised.
    - `text` and `html` say the same thing; the HTML part is a complete, self-contained document.
    """

    to: str
    subject: str
    text: str
    html: str
    message_id: str
    reply_to: str | None = None

    def __post_init__(self) -> None:
        for name, value in (("to", self.to), ("subject", self.subject), ("reply_to", self.reply_to or "")):
            if _LINE_BREAK.search(value):
                raise ValueError(f"{name}: a header value must be one line")
        if not self.to.strip():
            raise ValueError("to: an address is required")
        if not _MESSAGE_ID.fullmatch(self.message_id):
            raise ValueError("message_id: must look like left@right, without angle brackets")


class Mailer(Protocol):
    """Sends one email.

    - Returns once the mail server has accepted the message; raises `MailUnavailable` when it cannot be
      reached or answers "try again later", `MailRejected` when it refuses the message for good.
    - Sending the same `OutgoingMail` twice sends it twice, with the same Message-ID (callers that must send
      once check their own state first).
    - Never logs the subject or the body: they carry sign-in codes.
    """

    async def send(self, message: OutgoingMail) -> None: ...
