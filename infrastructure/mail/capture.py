"""Mail the embedded SMTP server received: parsed into structs, kept in a bounded, thread-safe list."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import msgspec

__all__ = ["CapturedMail", "MailCapture", "parse_mail"]


class CapturedMail(msgspec.Struct, frozen=True, kw_only=True):
    """One received message, as `/dev/mail.json` lists it and tests read it.

    - `id` counts messages from 1 in the order they arrived, per server.
    - `to` holds the envelope recipients (where the mail was delivered), as the client gave them.
    - `from_` (JSON "from") is the From header; `message_id` is the Message-ID without angle brackets.
    - `text` and `html` are the decoded parts with LF line ends; None when the message has no such part.
    - `content_type` is the top-level type ("multipart/alternative"); `headers` every top-level header, decoded,
      in order.
    """

    id: int
    to: tuple[str, ...]
    from_: str = msgspec.field(name="from")
    subject: str
    text: str | None
    html: str | None
    message_id: str | None
    received_at: datetime
    content_type: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        """The first value of a header (name compared case-insensitively), if present."""
        wanted = name.casefold()
        return next((value for key, value in self.headers if key.casefold() == wanted), None)


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    if not isinstance(body, EmailMessage) or body.get_content_subtype() != subtype:
        return None
    try:
        content = body.get_content()
    except (LookupError, ValueError):  # an unknown charset or a broken encoding: show what can be shown
        raw = body.get_payload(decode=True)
        content = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else ""
    return str(content).replace("\r\n", "\n")


def parse_mail(data: bytes, *, recipients: Iterable[str], received_at: datetime, id_: int) -> CapturedMail:
    """Parse one message's bytes (as received after DATA) leniently: a malformed message is still captured."""
    message = message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage):  # policy.default always builds EmailMessage
        raise TypeError("expected an EmailMessage")
    message_id = str(message.get("Message-ID", "")).strip().removeprefix("<").removesuffix(">") or None
    return CapturedMail(
        id=id_,
        to=tuple(recipients),
        from_=str(message.get("From", "")),
        subject=str(message.get("Subject", "")),
        text=_part(message, "plain"),
        html=_part(message, "html"),
        message_id=message_id,
        received_at=received_at,
        content_type=message.get_content_type(),
        headers=tuple((key, str(value)) for key, value in message.items()),
    )


class MailCapture:
    """The last `limit` received messages, oldest first; safe to read from any thread while the server writes."""

    def __init__(self, limit: int = 500) -> None:
        if limit <= 0:
            raise ValueError("limit: must be positive")
        self._lock = threading.Lock()
        self._messages: deque[CapturedMail] = deque(maxlen=limit)
        self._count = 0

    def next_id(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def add(self, mail: CapturedMail) -> None:
        with self._lock:
            self._messages.append(mail)

    def messages(self) -> list[CapturedMail]:
        """A snapshot, oldest first."""
        with self._lock:
            return list(self._messages)

    def messages_to(self, address: str) -> list[CapturedMail]:
        """The messages delivered to `address` (compared case-insensitively), oldest first."""
        wanted = address.strip().casefold()
        return [m for m in self.messages() if any(r.strip().casefold() == wanted for r in m.to)]

    def latest_to(self, address: str) -> CapturedMail | None:
        """The newest message delivered to `address`, if any."""
        found = self.messages_to(address)
        return found[-1] if found else None

    def get(self, id_: int) -> CapturedMail | None:
        """The message with this `id`, while it is still kept."""
        return next((m for m in self.messages() if m.id == id_), None)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
