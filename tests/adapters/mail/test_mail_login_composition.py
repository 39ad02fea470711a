from __future__ import annotations

import re

import msgspec
import pytest

from application.mail import compose_login_email
from application.ports.mailer import OutgoingMail
from tests.adapters.mail.mail_html_probe import URL_IN_TEXT, HtmlProbe

pytestmark = pytest.mark.adapter

LINK = "https://portal.example.dk/login/link/Zm9vYmFyYmF6cXV4X3Rva2VuX3dpdGhfMzJfYnl0ZXNfISE"


def login_mail(**overrides: object) -> OutgoingMail:
    arguments: dict[str, object] = {
        "to": "mette@example.dk",
        "locale": "da",
        "brand": "Nordvej Biler",
        "code": "048213",
        "link_url": LINK,
        "ttl_minutes": 10,
        "message_id": "login.0190c3e1@example.dk",
    }
    arguments.update(overrides)
    return compose_login_email(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("locale", "subject"),
    [("da", "Log ind hos Nordvej Biler"), ("en", "Sign in to Nordvej Biler")],
)
def test_the_subject_names_the_brand_in_the_customers_language(locale, subject):
    assert login_mail(locale=locale).subject == subject


def test_the_mail_goes_to_the_address_with_the_senders_message_id():
    mail = login_mail()
    assert mail.to == "mette@example.dk"
    assert mail.message_id == "login.0190c3e1@example.dk"
    assert mail.reply_to is None


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_code_stands_alone_on_its_own_line_of_the_text_part(locale):
    lines = login_mail(locale=locale, code="000731").text.splitlines()
    assert "000731" in lines
    assert sum("000731" in line for line in lines) == 1


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_text_part_holds_exactly_one_url_and_it_is_the_link(locale):
    assert URL_IN_TEXT.findall(login_mail(locale=locale).text) == [LINK]


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_html_part_has_exactly_one_link_and_no_other_url(locale):
    html = login_mail(locale=locale).html
    probe = HtmlProbe(html)
    assert probe.links == [LINK]
    assert probe.url_attributes == [("a", "href", LINK)]
    assert URL_IN_TEXT.findall(probe.text) == []
    assert URL_IN_TEXT.findall(html) == [f'{LINK}"']  # the href value, up to its closing quote


@pytest.mark.parametrize(("locale", "validity"), [("da", "10 minutter"), ("en", "10 minutes")])
def test_both_parts_state_the_validity(locale, validity):
    mail = login_mail(locale=locale)
    assert validity in mail.text
    assert validity in HtmlProbe(mail.html).text


@pytest.mark.parametrize(("locale", "validity"), [("da", "1 minut "), ("en", "1 minute ")])
def test_a_one_minute_validity_is_singular(locale, validity):
    assert validity in login_mail(locale=locale, ttl_minutes=1).text


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_html_part_is_a_self_contained_document_in_the_right_language(locale):
    html = login_mail(locale=locale).html
    probe = HtmlProbe(html)
    assert re.search(rf'<html lang="{locale}">', html)
    assert "script" not in probe.tags
    assert not {"img", "link", "iframe", "object", "embed", "form", "style"} & set(probe.tags)
    assert "url(" not in html
    assert "@import" not in html
    assert not [name for name in probe.attributes if name.startswith("on")]


def test_the_html_part_shows_the_code_prominently():
    probe_html = login_mail(code="048213").html
    match = re.search(r'<p style="([^"]*)">048213</p>', probe_html)
    assert match is not None
    assert "font-size:32px" in match.group(1)
    assert "font-weight:700" in match.group(1)


def test_the_html_part_says_what_the_text_part_says():
    mail = login_mail(locale="en")
    html_text = HtmlProbe(mail.html).text
    for line in mail.text.splitlines():
        if line and line != LINK:
            assert line in html_text


def test_a_brand_with_markup_is_escaped_in_html_and_left_alone_in_text():
    brand = '<script>alert("x")</script> & Co'
    mail = login_mail(brand=brand)
    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in mail.html
    assert "script" not in HtmlProbe(mail.html).tags
    assert f"hos {brand}:" in mail.text
    assert mail.subject == f"Log ind hos {brand}"


def test_the_brand_is_text_never_a_link():
    mail = login_mail(brand="Nordvej Biler")
    probe = HtmlProbe(mail.html)
    assert probe.links == [LINK]
    assert "Nordvej Biler" in probe.text


def test_the_link_is_escaped_inside_its_attribute():
    link = 'https://portal.example.dk/login/link/a"b'
    html = login_mail(link_url=link).html
    assert HtmlProbe(html).links == [link]
    assert 'href="https://portal.example.dk/login/link/a&#34;b"' in html


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"locale": "de"}, "locale"),
        ({"code": "12345"}, "code"),
        ({"code": "1234567"}, "code"),
        ({"code": "12a456"}, "code"),
        ({"link_url": "javascript:alert(1)"}, "link_url"),
        ({"link_url": "https://portal.example.dk/login/link/a b"}, "link_url"),
        ({"link_url": "/login/link/abc"}, "link_url"),
        ({"ttl_minutes": 0}, "ttl_minutes"),
        ({"message_id": "<login.1@example.dk>"}, "message_id"),
        ({"to": "mette@example.dk\r\nBcc: all@example.dk"}, "to"),
        ({"brand": "Biler\nBcc: all@example.dk"}, "subject"),
    ],
)
def test_bad_input_is_refused_naming_the_field(overrides, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        login_mail(**overrides)


def test_the_mail_survives_a_msgspec_round_trip():
    mail = login_mail()
    assert msgspec.json.decode(msgspec.json.encode(mail), type=OutgoingMail) == mail
