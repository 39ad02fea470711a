from __future__ import annotations

import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import msgspec
import pytest

from application.mail import compose_login_email, mail_message_id
from infrastructure.mail.capture import CapturedMail, MailCapture, parse_mail
from infrastructure.mail.smtp_mailer import SmtpMailer

pytestmark = pytest.mark.adapter

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def login_mail(to: str = "mette@example.dk", message_id: str = "login.1@example.dk"):
    return compose_login_email(
        to=to,
        locale="da",
        brand="Bilhuset Ærø",
        code="048213",
        link_url="https://portal.example.dk/login/link/abc",
        ttl_minutes=10,
        message_id=message_id,
    )


def mailer() -> SmtpMailer:
    return SmtpMailer(host="127.0.0.1", port=1, mail_from="Nordvej Biler <portal@nordvej.dk>", now=lambda: NOW)


def captured(id_: int, to: str) -> CapturedMail:
    data = mailer().build(login_mail(to=to)).as_bytes()
    return parse_mail(data, recipients=[to], received_at=NOW, id_=id_)


def test_the_mime_message_is_text_then_html_alternatives_with_the_headers_set():
    mime = mailer().build(login_mail())
    assert mime.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mime.iter_parts()] == ["text/plain", "text/html"]
    assert mime["From"] == "Nordvej Biler <portal@nordvej.dk>"
    assert mime["To"] == "mette@example.dk"
    assert mime["Subject"] == "Log ind hos Bilhuset Ærø"
    assert mime["Message-ID"] == "<login.1@example.dk>"
    assert mime["Auto-Submitted"] == "auto-generated"
    assert mime["Reply-To"] is None
    assert parsedate_to_datetime(mime["Date"]) == NOW


def test_reply_to_is_set_when_the_mail_has_one():
    mail = msgspec.structs.replace(login_mail(), reply_to="salg@nordvej.dk")
    assert mailer().build(mail)["Reply-To"] == "salg@nordvej.dk"


def test_parsing_the_wire_form_gives_back_both_parts_and_the_headers():
    mail = login_mail()
    got = parse_mail(mailer().build(mail).as_bytes(), recipients=["mette@example.dk"], received_at=NOW, id_=7)
    assert got.id == 7
    assert got.to == ("mette@example.dk",)
    assert got.from_ == "Nordvej Biler <portal@nordvej.dk>"
    assert got.subject == mail.subject
    assert got.text == mail.text
    assert got.html == mail.html
    assert got.message_id == "login.1@example.dk"
    assert got.content_type == "multipart/alternative"
    assert got.header("auto-submitted") == "auto-generated"


def test_a_captured_mail_encodes_from_as_from_in_json():
    decoded = msgspec.json.decode(msgspec.json.encode(captured(1, "a@example.dk")))
    assert decoded["from"] == "Nordvej Biler <portal@nordvej.dk>"
    assert "from_" not in decoded


def test_a_plain_message_without_html_or_headers_is_still_captured():
    got = parse_mail(b"no headers at all\r\n", recipients=["a@example.dk"], received_at=NOW, id_=1)
    assert got.subject == ""
    assert got.message_id is None
    assert got.html is None
    assert got.content_type == "text/plain"


def test_the_capture_keeps_only_the_last_n_messages_oldest_first():
    capture = MailCapture(limit=3)
    for n in range(1, 6):
        capture.add(captured(n, f"p{n}@example.dk"))
    assert [m.id for m in capture.messages()] == [3, 4, 5]
    assert capture.get(2) is None
    assert capture.get(4) is not None


def test_messages_to_an_address_ignore_case_and_others():
    capture = MailCapture()
    capture.add(captured(1, "Mette@Example.dk"))
    capture.add(captured(2, "other@example.dk"))
    capture.add(captured(3, "mette@example.dk"))
    assert [m.id for m in capture.messages_to("METTE@example.dk")] == [1, 3]
    latest = capture.latest_to("mette@example.dk")
    assert latest is not None
    assert latest.id == 3
    assert capture.latest_to("nobody@example.dk") is None


def test_the_capture_counts_every_message_added_from_many_threads():
    capture = MailCapture(limit=1000)
    mail = captured(0, "a@example.dk")

    def add_many() -> None:
        for _ in range(100):
            capture.add(msgspec.structs.replace(mail, id=capture.next_id()))

    threads = [threading.Thread(target=add_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [m.id for m in capture.messages()]
    assert len(ids) == 800
    assert sorted(ids) == list(range(1, 801))


def test_clear_empties_the_capture():
    capture = MailCapture()
    capture.add(captured(1, "a@example.dk"))
    capture.clear()
    assert capture.messages() == []


def test_message_ids_are_stable_per_purpose_and_key_and_use_the_senders_domain():
    first = mail_message_id(purpose="login", key="0190c3e1", mail_from="Nordvej <portal@nordvej.dk>")
    assert first == "login.0190c3e1@nordvej.dk"
    assert mail_message_id(purpose="login", key="0190c3e1", mail_from="portal@nordvej.dk") == first
    assert mail_message_id(purpose="receipt", key="0190c3e1", mail_from="portal@nordvej.dk") != first
    assert mail_message_id(purpose="login", key="a b<c>", mail_from="portal") == "login.a-b-c-@localhost"


def test_a_composed_message_id_is_accepted_by_the_mail():
    message_id = mail_message_id(purpose="login", key="0190c3e1-7a2b", mail_from="portal@nordvej.dk")
    assert login_mail(message_id=message_id).message_id == message_id
