from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from application.mail import compose_receipt_email
from application.ports.mailer import OutgoingMail
from tests.adapters.mail.mail_html_probe import URL_IN_TEXT, HtmlProbe

pytestmark = pytest.mark.adapter

NBSP = "\u00a0"
PAID_AT = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)  # 14.05 in Copenhagen (CET)


def receipt(**overrides: object) -> OutgoingMail:
    arguments: dict[str, object] = {
        "to": "mette@example.dk",
        "locale": "da",
        "brand": "Nordvej Biler",
        "invoices": [("INV-10023", 123450)],
        "amount_minor": 123450,
        "currency": "DKK",
        "paid_at": PAID_AT,
        "reference": "0190c3e1-7a2b-7c3d-8e4f-5a6b7c8d9e0f",
        "message_id": "receipt.0190c3e1@example.dk",
    }
    arguments.update(overrides)
    return compose_receipt_email(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "expected"),
    [
        (123450, "DKK", "da", f"Beløb: 1.234,50{NBSP}kr."),
        (280688, "EUR", "da", f"Beløb: 2.806,88{NBSP}€"),
        (5, "DKK", "da", f"Beløb: 0,05{NBSP}kr."),
        (123450, "DKK", "en", f"Amount: DKK{NBSP}1,234.50"),
        (100000000, "EUR", "en", "Amount: €1,000,000.00"),
    ],
)
def test_money_is_written_as_the_pages_write_it(minor, currency, locale, expected):
    mail = receipt(locale=locale, currency=currency, amount_minor=minor, invoices=[("INV-10023", minor)])
    assert expected in mail.text


def test_a_danish_receipt_states_the_amount_in_danish_format_in_both_parts():
    mail = receipt()
    assert f"Beløb: 1.234,50{NBSP}kr." in mail.text
    assert f"1.234,50{NBSP}kr." in HtmlProbe(mail.html).text


def test_an_english_receipt_writes_euros_with_the_sign():
    mail = receipt(locale="en", currency="EUR", amount_minor=280688)
    assert "Amount: €2,806.88" in mail.text


@pytest.mark.parametrize(
    ("locale", "subject"),
    [
        ("da", "Kvittering for betaling af faktura INV-10023"),
        ("en", "Receipt for your payment of invoice INV-10023"),
    ],
)
def test_the_subject_names_the_invoice(locale, subject):
    assert receipt(locale=locale).subject == subject


@pytest.mark.parametrize(
    ("locale", "when"),
    [("da", "20. nov. 2026 14.05.00"), ("en", "20 Nov 2026, 14:05:00")],
)
def test_the_payment_time_is_copenhagen_time_by_locale(locale, when):
    mail = receipt(locale=locale)
    assert when in mail.text
    assert when in HtmlProbe(mail.html).text


def test_the_same_instant_reads_the_same_whatever_zone_it_comes_in():
    elsewhere = PAID_AT.astimezone(timezone(timedelta(hours=-5)))
    assert receipt(paid_at=elsewhere).text == receipt().text


def test_the_receipt_names_invoice_reference_and_brand():
    mail = receipt()
    for fact in ("INV-10023", "0190c3e1-7a2b-7c3d-8e4f-5a6b7c8d9e0f", "Nordvej Biler"):
        assert fact in mail.text
        assert fact in HtmlProbe(mail.html).text


def test_the_receipt_has_no_link_and_no_url():
    mail = receipt()
    probe = HtmlProbe(mail.html)
    assert probe.url_attributes == []
    assert URL_IN_TEXT.findall(mail.text) == []
    assert URL_IN_TEXT.findall(mail.html) == []


def test_values_are_escaped_in_the_html_part():
    mail = receipt(brand="<b>Biler</b>", invoices=[("INV-<1>", 123450)], reference="a&b")
    assert "b" not in HtmlProbe(mail.html).tags
    assert "&lt;b&gt;Biler&lt;/b&gt;" in mail.html
    assert "INV-&lt;1&gt;" in mail.html
    assert "a&amp;b" in mail.html
    assert "a&b" in mail.text


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_html_part_declares_its_language(locale):
    assert f'<html lang="{locale}">' in receipt(locale=locale).html


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"locale": "sv"}, "locale"),
        ({"amount_minor": -1}, "amount_minor"),
        ({"paid_at": datetime(2026, 11, 20, 13, 5)}, "paid_at"),  # noqa: DTZ001 - naive on purpose
    ],
)
def test_bad_input_is_refused_naming_the_field(overrides, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        receipt(**overrides)


def test_the_receipt_names_the_dealer_and_its_support_contact_in_both_parts() -> None:
    mail = receipt(brand="Nordvej Biler ApS", contact="kundeservice@nordvej.dk · +45 86 00 00 00")
    for part in (mail.text, mail.html):
        assert "Nordvej Biler ApS har modtaget din betaling" in part
        assert "kundeservice@nordvej.dk · +45 86 00 00 00" in part
    assert "kundeservice" not in (receipt().text + receipt().html)  # none configured: no empty line of contact


@pytest.mark.parametrize(
    ("locale", "subject", "total_label"),
    [
        ("da", "Kvittering for betaling af 3 fakturaer", "Beløb i alt"),
        ("en", "Receipt for your payment of 3 invoices", "Total amount"),
    ],
)
def test_a_receipt_of_several_invoices_lists_each_with_its_part_and_the_total(locale, subject, total_label):
    invoices = [("INV-1", 100_00), ("INV-2", 250_50), ("INV-3", 9_50)]
    mail = receipt(locale=locale, invoices=invoices, amount_minor=360_00)
    assert mail.subject == subject
    for number, _ in invoices:
        assert number in mail.text
        assert number in mail.html
    assert "INV-1, INV-2, INV-3" in mail.text
    assert total_label in mail.text
    amounts = {"da": ["100,00", "250,50", "9,50", "360,00"], "en": ["100.00", "250.50", "9.50", "360.00"]}[locale]
    for figure in amounts:
        assert figure in mail.text


def test_a_receipt_names_at_least_one_invoice():
    with pytest.raises(ValueError, match="invoices"):
        receipt(invoices=[])
