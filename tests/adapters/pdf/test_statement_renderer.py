"""The statement of account's PDF (PRODUCT §13): every open item, the ageing and the balance; paginated like the
documents; Danish and English; the same bytes for the same statement and date."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from application.localisation import LocaleFormat
from infrastructure.pdf import BorbPdfRenderer
from tests.adapters.pdf.pdf_samples import CUSTOMER, SELLER, statement, statement_items

pytestmark = pytest.mark.adapter


def _texts(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages]


def test_the_text_holds_every_open_item_the_ageing_and_the_balance(renderer: BorbPdfRenderer) -> None:
    doc = statement(items=statement_items(12))
    text = " ".join(_texts(renderer.render_statement(doc)))
    fmt = LocaleFormat("da")
    for item in doc.items:
        assert item.number in text
        assert fmt.amount(item.outstanding, "DKK").replace("\u00a0", " ") in text
    for value in ("Nordvej Biler", SELLER.name, "DK12345678", CUSTOMER.name, *CUSTOMER.address_lines, "C-1001"):
        assert value in text
    assert "Kontoudtog" in text and "Opgjort pr. 4. dec. 2026" in text
    assert f"Saldo pr. 4. dec. 2026 {fmt.money(doc.balance, 'DKK')}".replace("\u00a0", " ") in text
    assert f"Ubrugt kredit {fmt.money(-doc.unapplied_credit, 'DKK')}".replace("\u00a0", " ") in text
    for label in ("Ikke forfaldent", "1–30 dage", "31–60 dage", "61–90 dage", "Over 90 dage"):
        assert label in text
    assert "Kreditnota" in text and "Faktura" in text
    assert "Side 1 af 1" in text


def test_a_hundred_items_paginate_with_the_header_on_every_page_and_side_n_af_m(renderer: BorbPdfRenderer) -> None:
    doc = statement(items=statement_items(100))
    pages = _texts(renderer.render_statement(doc))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Side {number} af {len(pages)}" in text
        assert "Type Nummer Dato Forfaldsdato" in text
        if number > 1:
            assert "Kontoudtog C-1001 (fortsat)" in text
    everything = " ".join(pages)
    assert all(everything.count(item.number) == 1 for item in doc.items)
    assert "Saldo pr." in pages[-1] and "Saldo pr." not in pages[0]
    ordered = [everything.index(item.number + " ") for item in doc.items]
    assert ordered == sorted(ordered)


def test_english_and_euros(renderer: BorbPdfRenderer) -> None:
    text = " ".join(_texts(renderer.render_statement(statement(locale="en", currency="EUR"))))
    assert "Statement of account" in text and "As of 4 Dec 2026" in text
    assert "Balance as of 4 Dec 2026 €" in text
    assert "Unapplied credit" in text and "Over 90 days" in text and "Credit note" in text
    assert "Page 1 of 1" in text


def test_no_open_items_and_no_seller_still_make_a_statement(renderer: BorbPdfRenderer) -> None:
    text = " ".join(_texts(renderer.render_statement(statement(items=(), seller=None))))
    assert "Ingen åbne poster." in text
    assert "Saldo pr. 4. dec. 2026 0,00 kr." in text
    assert text.count("Nordvej Biler") == 2  # the letterhead and the footer: the brand alone


def test_the_same_statement_on_the_same_date_gives_the_same_bytes(renderer: BorbPdfRenderer) -> None:
    doc = statement(items=statement_items(30))
    first = renderer.render_statement(doc)
    assert renderer.render_statement(doc) == first
    assert BorbPdfRenderer().render_statement(doc) == first
    later = statement(items=statement_items(30), as_of=dt.date(2026, 12, 5))
    assert renderer.render_statement(later) != first
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata is not None
    assert reader.metadata.producer == "borb"
    assert reader.metadata["/CreationDate"] == "D:20261203230000+00'00'"  # midnight in Copenhagen
    assert reader.metadata.title == "Kontoudtog C-1001"
