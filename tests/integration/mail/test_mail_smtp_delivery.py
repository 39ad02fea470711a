from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
import structlog

from application.mail import compose_login_email, compose_receipt_email
from application.ports.mailer import MailRejected, MailUnavailable, OutgoingMail
from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.smtp_mailer import SmtpMailer

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FROM = "Nordvej Biler <portal@nordvej.dk>"
LINK = "https://portal.example.dk/login/link/c2VjcmV0LXRva2VuLW9mLWF0LWxlYXN0LTMyLWJ5dGVz"


@pytest.fixture
def server() -> Iterator[EmbeddedSmtpServer]:
    with EmbeddedSmtpServer() as running:
        yield running


def mailer_for(server: EmbeddedSmtpServer, **options: object) -> SmtpMailer:
    arguments: dict[str, object] = {"host": server.host, "port": server.port, "mail_from": FROM, "now": lambda: NOW}
    arguments.update(options)
    return SmtpMailer(**arguments)  # type: ignore[arg-type]


def login_mail(to: str = "mette@example.dk") -> OutgoingMail:
    return compose_login_email(
        to=to,
        locale="da",
        brand="Bilhuset Ærø",
        code="048213",
        link_url=LINK,
        ttl_minutes=10,
        message_id="login.0190c3e1@nordvej.dk",
    )


async def test_a_sent_mail_arrives_as_text_and_html_alternatives_with_its_headers(server):
    mail = login_mail()
    await mailer_for(server).send(mail)
    [got] = server.messages()
    assert got.content_type == "multipart/alternative"
    assert got.to == ("mette@example.dk",)
    assert got.from_ == FROM
    assert got.header("To") == "mette@example.dk"
    assert got.subject == "Log ind hos Bilhuset Ærø"
    assert got.text == mail.text
    assert got.html == mail.html
    assert got.message_id == "login.0190c3e1@nordvej.dk"
    assert got.header("Message-ID") == "<login.0190c3e1@nordvej.dk>"
    date = got.header("Date")
    assert date is not None
    assert parsedate_to_datetime(date) == NOW


async def test_a_receipt_arrives_with_its_danish_amount(server):
    mail = compose_receipt_email(
        to="mette@example.dk",
        locale="da",
        brand="Nordvej Biler",
        invoices=[("INV-10023", 123450)],
        amount_minor=123450,
        currency="DKK",
        paid_at=NOW,
        reference="0190c3e1",
        message_id="receipt.0190c3e1@nordvej.dk",
    )
    await mailer_for(server).send(mail)
    got = server.latest_to("mette@example.dk")
    assert got is not None
    assert got.text is not None
    assert "1.234,50\u00a0kr." in got.text


async def test_an_address_with_danish_letters_is_delivered(server):
    await mailer_for(server).send(login_mail(to="søren@ærø.dk"))
    assert [m.to for m in server.messages_to("SØREN@ærø.dk")] == [("søren@ærø.dk",)]


async def test_a_port_nobody_listens_on_raises_mail_unavailable():
    with socket.socket() as bound_not_listening:
        bound_not_listening.bind(("127.0.0.1", 0))
        port = bound_not_listening.getsockname()[1]
        mailer = SmtpMailer(host="127.0.0.1", port=port, mail_from=FROM, timeout=2)
        with pytest.raises(MailUnavailable):
            await mailer.send(login_mail())


async def test_a_server_that_never_answers_is_given_up_after_the_timeout():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        mailer = SmtpMailer(host="127.0.0.1", port=silent.getsockname()[1], mail_from=FROM, timeout=0.2)
        with pytest.raises(MailUnavailable):
            await mailer.send(login_mail())


async def test_a_temporary_refusal_raises_mail_unavailable_and_nothing_is_kept(server):
    server.refuse("451 4.3.0 Try again later")
    with pytest.raises(MailUnavailable):
        await mailer_for(server).send(login_mail())
    assert server.messages() == []
    server.refuse(None)
    await mailer_for(server).send(login_mail())
    assert len(server.messages()) == 1


async def test_a_permanent_refusal_raises_mail_rejected(server):
    server.refuse("554 5.6.0 Message refused")
    with pytest.raises(MailRejected):
        await mailer_for(server).send(login_mail())


async def test_starttls_that_the_server_does_not_offer_raises_mail_unavailable(server):
    with pytest.raises(MailUnavailable):
        await mailer_for(server, starttls=True).send(login_mail())
    assert server.messages() == []


@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated:DeprecationWarning")
async def test_the_mailer_logs_in_when_given_credentials():
    with EmbeddedSmtpServer(credentials=("portal", "s3cret-password")) as server:
        await mailer_for(server, username="portal", password="s3cret-password").send(login_mail())
        assert len(server.messages()) == 1
        with pytest.raises(MailUnavailable):
            await mailer_for(server, username="portal", password="wrong").send(login_mail())
        assert len(server.messages()) == 1


async def test_a_stopped_server_refuses_but_keeps_what_it_caught(server):
    await mailer_for(server).send(login_mail())
    server.stop()
    with pytest.raises(MailUnavailable):
        await mailer_for(server, timeout=2).send(login_mail())
    assert len(server.messages()) == 1


async def test_the_server_keeps_only_the_last_messages():
    with EmbeddedSmtpServer(limit=2) as server:
        for n in range(3):
            await mailer_for(server).send(login_mail(to=f"p{n}@example.dk"))
        assert [m.to for m in server.messages()] == [("p1@example.dk",), ("p2@example.dk",)]
        assert [m.id for m in server.messages()] == [2, 3]


async def test_neither_the_code_the_link_the_subject_nor_the_address_is_logged(server):
    with structlog.testing.capture_logs() as logs:
        await mailer_for(server).send(login_mail())
        server.refuse("451 later")
        with pytest.raises(MailUnavailable):
            await mailer_for(server).send(login_mail())
    assert [entry["event"] for entry in logs] == ["mail.sent", "mail.refused"]
    logged = repr(logs)
    for secret in ("048213", LINK, "c2VjcmV0", "Log ind", "mette@example.dk"):
        assert secret not in logged
    assert "login.0190c3e1@nordvej.dk" in logged
