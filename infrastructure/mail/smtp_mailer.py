"""The Mailer adapter: stdlib smtplib in a worker thread, multipart/alternative, errors mapped for the job."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import structlog

from application.ports.mailer import MailRejected, MailUnavailable, OutgoingMail

__all__ = ["SmtpMailer"]

_log = structlog.get_logger(__name__)

_TRANSIENT = range(400, 500)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SmtpMailer:
    """Sends each mail over one short SMTP session (connect, optional STARTTLS and login, send, quit).

    - Blocking smtplib runs in a thread (`asyncio.to_thread`), so the event loop never waits on the network;
      every socket operation is bounded by `timeout` seconds.
    - Unreachable server, timeout, refused greeting, TLS or login failure, or a 4xx reply → `MailUnavailable`
      (retry later); a 5xx reply to the sender, a recipient or the data → `MailRejected` (retrying will not help).
    - Logs one line per mail with its Message-ID only: never the recipient's address, the subject or a body,
      and never the password.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        mail_from: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 10.0,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._host = host
        self._port = port
        self._mail_from = mail_from
        self._username = username
        self._password = password
        self._starttls = starttls
        self._timeout = timeout
        self._now = now

    def __repr__(self) -> str:
        return f"SmtpMailer(host={self._host!r}, port={self._port}, starttls={self._starttls})"

    async def send(self, message: OutgoingMail) -> None:
        mime = self.build(message)
        await asyncio.to_thread(self._deliver, mime, message.message_id)
        _log.info("mail.sent", message_id=message.message_id)

    def build(self, message: OutgoingMail) -> EmailMessage:
        """The MIME message as it goes on the wire: text first, the HTML alternative last (preferred)."""
        mime = EmailMessage()
        mime["From"] = self._mail_from
        mime["To"] = message.to
        if message.reply_to:
            mime["Reply-To"] = message.reply_to
        mime["Subject"] = message.subject
        mime["Date"] = format_datetime(self._now())
        mime["Message-ID"] = f"<{message.message_id}>"
        # RFC 3834: tells auto-responders (out-of-office) not to answer a machine's mail.
        mime["Auto-Submitted"] = "auto-generated"
        mime.set_content(message.text)
        mime.add_alternative(message.html, subtype="html")
        return mime

    def _deliver(self, mime: EmailMessage, message_id: str) -> None:
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                smtp.ehlo()
                if self._starttls:
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if self._username:
                    smtp.login(self._username, self._password or "")
                smtp.send_message(mime)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            _log.warning("mail.refused", message_id=message_id, codes=codes)
            if all(code in _TRANSIENT for code in codes):
                raise MailUnavailable("the mail server refused the recipient for now") from exc
            raise MailRejected("the mail server refused the recipient") from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            _log.warning("mail.refused", message_id=message_id, codes=[exc.smtp_code])
            if exc.smtp_code in _TRANSIENT:
                raise MailUnavailable(f"the mail server answered {exc.smtp_code}: try again later") from exc
            raise MailRejected(f"the mail server refused the message ({exc.smtp_code})") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Greeting, HELO, STARTTLS or login refused, a dropped connection, a timeout: the server, not the
            # message, is the problem, so a later attempt may succeed.
            _log.warning("mail.unavailable", message_id=message_id, error=type(exc).__name__)
            raise MailUnavailable(f"the mail server cannot be used: {type(exc).__name__}") from exc
