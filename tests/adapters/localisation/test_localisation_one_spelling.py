"""An amount and a date are spelled the same on a page, in the mail and on the PDF, in both languages (ADR-0040)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from application.localisation import LanguageCode, translations
from application.mail import compose_receipt_email
from application.ports.pdf_renderer import PdfCurrency
from infrastructure.pdf import BorbPdfRenderer
from interfaces.http.pages.templating import ENVIRONMENT
from tests.adapters.pdf.pdf_samples import invoice, line, page_texts

pytestmark = pytest.mark.adapter

# PRODUCT §12's example line: 2,495.00 less 10 %, 25 % VAT → 2,806.88 in all; due 16 November 2026.
LINES = (line(1, description="Service 60.000 km", unit_price=249500, discount_percent="10"),)
TOTAL = 280688
DUE = date(2026, 11, 16)
PAID_AT = datetime(2026, 11, 16, 13, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def renderer() -> BorbPdfRenderer:
    return BorbPdfRenderer()


def _page(source: str, code: LanguageCode, **values: Any) -> str:
    """A fragment rendered by the pages' own Jinja environment and filters, as a page template would."""
    return ENVIRONMENT.from_string(source).render(lang=code, translations=translations(code), **values)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("code", ["da", "en"])
@pytest.mark.parametrize("currency", ["DKK", "EUR"])
def test_page_mail_and_pdf_spell_the_amount_and_the_date_alike(
    code: LanguageCode, currency: PdfCurrency, renderer: BorbPdfRenderer
) -> None:
    page_amount = _page("{{ m|money(c) }}", code, m=TOTAL, c=currency)
    page_day = _page("{{ d|day }}", code, d=DUE)
    page_moment = _page("{{ t|moment }}", code, t=PAID_AT)
    _ = translations(code).gettext

    mail = compose_receipt_email(
        to="mette@example.dk",
        locale=code,
        brand="Nordvej Biler",
        invoices=[("INV-10023", TOTAL)],
        amount_minor=TOTAL,
        currency=currency,
        paid_at=PAID_AT,
        reference="0190c3e1",
        message_id="receipt.0190c3e1@example.dk",
    )
    assert f"{_('Amount')}: {page_amount}\n" in mail.text
    assert f"{_('Paid')}: {page_moment}\n" in mail.text
    assert page_moment.startswith(page_day)

    pdf = _flat(page_texts(renderer.render(invoice(lines=LINES, locale=code, currency=currency)))[0])
    assert f"{_('Total incl. VAT')} {_flat(page_amount)}" in pdf
    assert f"{_('Due date')} {_flat(page_day)}" in pdf
