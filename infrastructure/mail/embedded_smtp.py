"""The embedded SMTP server (PRODUCT §9): aiosmtpd in its own thread, keeping what it receives for /dev/mail."""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from infrastructure.mail.capture import CapturedMail, MailCapture, parse_mail

__all__ = ["EmbeddedSmtpServer"]

_MAX_MESSAGE_BYTES = 10 * 1024 * 1024


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _CapturingHandler:
    """aiosmtpd handler: accepts every message (unless told to refuse) and captures it parsed."""

    def __init__(self, capture: MailCapture, now: Callable[[], datetime]) -> None:
        self._capture = capture
        self._now = now
        self._lock = threading.Lock()
        self._refusal: str | None = None

    def refuse(self, reply: str | None) -> None:
        with self._lock:
            self._refusal = reply

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        with self._lock:
            refusal = self._refusal
        if refusal is not None:
            return refusal
        data = envelope.original_content or b""
        self._capture.add(
            parse_mail(data, recipients=envelope.rcpt_tos, received_at=self._now(), id_=self._capture.next_id())
        )
        return "250 Message accepted"


class _Authenticator:
    """Accepts exactly one user name and password (AUTH PLAIN/LOGIN), compared in constant time."""

    def __init__(self, username: str, password: str) -> None:
        self._username = username.encode()
        self._password = password.encode()

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and hmac.compare_digest(data.login, self._username)
            and hmac.compare_digest(data.password, self._password)
        )
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 on failure


class _FreePortController(Controller):
    """A Controller that may bind port 0 and then knows the port the system chose."""

    def _create_server(self) -> Awaitable[asyncio.Server]:
        return self._bind()

    async def _bind(self) -> asyncio.Server:
        server = await super()._create_server()
        if not isinstance(server, asyncio.Server):
            raise TypeError("expected an asyncio.Server")
        self.port = server.sockets[0].getsockname()[1]
        return server


class EmbeddedSmtpServer:
    """An SMTP server on `host:port` (port 0: a free one) that captures every message it accepts.

    - `start()` returns once the server answers; `stop()` closes it (the captured mail stays readable).
    - `messages()`, `messages_to(address)`, `latest_to(address)` and `get(id)` read the capture: the last
      `limit` messages, oldest first. A message is captured before the client is told "250".
    - `credentials` makes it offer AUTH PLAIN/LOGIN without TLS (local use only) for that one user.
    - `refuse("451 …")` answers every DATA with that reply until `refuse(None)`: for fault tests.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limit: int = 500,
        credentials: tuple[str, str] | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._capture = MailCapture(limit)
        self._handler = _CapturingHandler(self._capture, now)
        smtp_options: dict[str, Any] = {"data_size_limit": _MAX_MESSAGE_BYTES, "server_hostname": "portal.local"}
        if credentials is not None:
            smtp_options |= {"authenticator": _Authenticator(*credentials), "auth_require_tls": False}
        self._host = host
        self._requested_port = port
        self._options = smtp_options
        self._controller: _FreePortController | None = None

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        """The port it listens on (only meaningful once started when it was asked for port 0)."""
        return self._controller.port if self._controller is not None else self._requested_port

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is not None:
            raise RuntimeError("the embedded SMTP server is already running")
        controller = _FreePortController(self._handler, hostname=self._host, port=self._requested_port, **self._options)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is None:
            return
        controller, self._controller = self._controller, None
        controller.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def refuse(self, reply: str | None) -> None:
        self._handler.refuse(reply)

    def messages(self) -> list[CapturedMail]:
        return self._capture.messages()

    def messages_to(self, address: str) -> list[CapturedMail]:
        return self._capture.messages_to(address)

    def latest_to(self, address: str) -> CapturedMail | None:
        return self._capture.latest_to(address)

    def get(self, id_: int) -> CapturedMail | None:
        return self._capture.get(id_)

    def clear(self) -> None:
        self._capture.clear()
