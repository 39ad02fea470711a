"""OnceMailer: each Message-ID reaches the mail server at most once; a refusal for now frees it for the retry."""

from __future__ import annotations

import datetime as dt

import pytest
from structlog.testing import capture_logs

from application.ports.mailer import MailRejected, MailUnavailable, OutgoingMail
from infrastructure.mail.once import OnceMailer
from tests.fakes import FakeClock

pytestmark = pytest.mark.adapter


class MemoryLedger:
    def __init__(self) -> None:
        self.claims: set[str] = set()

    async def claim(self, message_id: str, now: dt.datetime) -> bool:
        del now
        if message_id in self.claims:
            return False
        self.claims.add(message_id)
        return True

    async def release(self, message_id: str) -> None:
        self.claims.discard(message_id)


class Server:
    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.delivered: list[str] = []

    async def send(self, message: OutgoingMail) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(message.message_id)


def _mail(key: str) -> OutgoingMail:
    return OutgoingMail(to="a@example.dk", subject="s", text="t", html="<p>t</p>", message_id=f"receipt.{key}@x.dk")


async def test_the_same_message_twice_reaches_the_server_once() -> None:
    server = Server()
    mailer = OnceMailer(server, MemoryLedger(), FakeClock())
    with capture_logs() as logs:
        await mailer.send(_mail("1"))
        await mailer.send(_mail("1"))
        await mailer.send(_mail("2"))
    assert server.delivered == ["receipt.1@x.dk", "receipt.2@x.dk"]
    assert [entry["event"] for entry in logs] == ["mail.already_sent"]


async def test_a_server_away_for_now_lets_the_retry_send() -> None:
    server = Server(MailUnavailable("421"))
    mailer = OnceMailer(server, MemoryLedger(), FakeClock())
    with pytest.raises(MailUnavailable):
        await mailer.send(_mail("1"))
    await mailer.send(_mail("1"))
    assert server.delivered == ["receipt.1@x.dk"]


async def test_a_refusal_for_good_is_not_retried() -> None:
    server = Server(MailRejected("550"))
    mailer = OnceMailer(server, MemoryLedger(), FakeClock())
    with pytest.raises(MailRejected):
        await mailer.send(_mail("1"))
    await mailer.send(_mail("1"))
    assert server.delivered == []
