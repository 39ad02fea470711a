"""One contract for every Mailer: the fake the unit tests use and the real SMTP adapter, so they cannot drift."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest

from application.mail import compose_login_email
from application.ports.mailer import Mailer, MailUnavailable, OutgoingMail
from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.smtp_mailer import SmtpMailer
from tests.fakes import FakeMailer

pytestmark = [pytest.mark.contract, pytest.mark.integration]


class Harness:
    """A mailer plus a way to see what was delivered to an address and to take the mail server away."""

    mailer: Mailer

    def delivered(self, address: str) -> list[OutgoingMail]:
        raise NotImplementedError

    def take_down(self) -> None:
        raise NotImplementedError


class FakeHarness(Harness):
    def __init__(self) -> None:
        self.fake = FakeMailer()
        self.mailer = self.fake

    def delivered(self, address: str) -> list[OutgoingMail]:
        return self.fake.sent_to(address)

    def take_down(self) -> None:
        self.fake.unavailable = True


class SmtpHarness(Harness):
    def __init__(self, server: EmbeddedSmtpServer) -> None:
        self.server = server
        self.mailer = SmtpMailer(host=server.host, port=server.port, mail_from="portal@nordvej.dk", timeout=5)

    def delivered(self, address: str) -> list[OutgoingMail]:
        return [
            OutgoingMail(
                to=m.header("To") or "",
                subject=m.subject,
                text=m.text or "",
                html=m.html or "",
                message_id=m.message_id or "",
                reply_to=m.header("Reply-To"),
            )
            for m in self.server.messages_to(address)
        ]

    def take_down(self) -> None:
        self.server.stop()


def mail(to: str = "mette@example.dk", code: str = "048213", message_id: str = "login.1@nordvej.dk") -> OutgoingMail:
    return compose_login_email(
        to=to,
        locale="da",
        brand="Bilhuset Ærø",
        code=code,
        link_url="https://portal.example.dk/login/link/abc",
        ttl_minutes=10,
        message_id=message_id,
    )


class MailerContract:
    """Subclasses provide the `harness` fixture; every test here must pass for each of them."""

    @pytest.fixture
    def harness(self) -> Harness | Iterator[Harness]:
        raise NotImplementedError

    async def test_a_sent_mail_is_delivered_unchanged(self, harness: Harness):
        sent = msgspec.structs.replace(mail(), reply_to="salg@nordvej.dk")
        await harness.mailer.send(sent)
        assert harness.delivered("mette@example.dk") == [sent]

    async def test_each_mail_reaches_only_its_own_recipient(self, harness: Harness):
        first = mail(to="mette@example.dk", code="111111", message_id="login.1@nordvej.dk")
        second = mail(to="jens@example.dk", code="222222", message_id="login.2@nordvej.dk")
        await harness.mailer.send(first)
        await harness.mailer.send(second)
        assert harness.delivered("mette@example.dk") == [first]
        assert harness.delivered("jens@example.dk") == [second]

    async def test_a_resend_is_delivered_again_with_the_same_message_id(self, harness: Harness):
        await harness.mailer.send(mail())
        await harness.mailer.send(mail())
        delivered = harness.delivered("mette@example.dk")
        assert [m.message_id for m in delivered] == ["login.1@nordvej.dk", "login.1@nordvej.dk"]

    async def test_without_a_server_send_raises_mail_unavailable_and_delivers_nothing(self, harness: Harness):
        harness.take_down()
        with pytest.raises(MailUnavailable):
            await harness.mailer.send(mail())
        assert harness.delivered("mette@example.dk") == []


class TestFakeMailer(MailerContract):
    @pytest.fixture
    def harness(self) -> Harness:
        return FakeHarness()


class TestSmtpMailerWithEmbeddedServer(MailerContract):
    @pytest.fixture
    def harness(self) -> Iterator[Harness]:
        with EmbeddedSmtpServer() as server:
            yield SmtpHarness(server)
