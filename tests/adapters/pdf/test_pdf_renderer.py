from __future__ import annotations

import importlib.util
import io
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import msgspec
import pypdf
import pytest
from borb.pdf import Chunk, UsageStatistics

from application.localisation import LocaleFormat
from application.ports.pdf_renderer import PdfParty
from infrastructure.pdf import BorbPdfRenderer
from infrastructure.pdf.borb_runtime import borb_stdout_captured, clear_borb_caches, telemetry_opted_out
from tests.adapters.pdf.pdf_samples import GLYPHS, NAMES, invoice, line, page_texts, totals, varied_lines

pytestmark = pytest.mark.adapter

# PRODUCT §12's example line: 2,495.00 less 10 %, 25 % VAT.
EXAMPLE = (line(1, description="Service 60.000 km", unit_price=249500, discount_percent="10"),)


def _document_id(pdf: bytes) -> bytes:
    ids = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/ID"]
    assert isinstance(ids, pypdf.generic.ArrayObject)
    assert ids[0] == ids[1]
    first = ids[0]
    assert isinstance(first, pypdf.generic.ByteStringObject | pypdf.generic.TextStringObject)
    return bytes(first.original_bytes)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_text_holds_every_line_total_and_party(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=varied_lines(12))
    text = " ".join(page_texts(renderer.render(doc)))
    fmt = LocaleFormat("da")
    for item in doc.lines:
        assert item.item_no in text
        assert _flat(item.description) in text
        assert _flat(fmt.amount(item.net, "DKK")) in text
    for party in (doc.customer, doc.bill_to):
        assert party is not None
        for value in (party.name, party.customer_no, *party.address_lines, party.email or "?"):
            assert value in text
    for value in (doc.seller.name, "DK12345678", "AB12345", "WVWZZZ1KZ8W000001", "45.210 km", "Netto 14 dage"):
        assert value in text
    assert "Reg. 1234 Konto 5678901" in text
    assert "Tak for handlen – vi ses til næste service." in text


def test_totals_block_in_danish(renderer: BorbPdfRenderer) -> None:
    text = page_texts(renderer.render(invoice(lines=EXAMPLE)))[0]
    assert "Faktura" in text
    assert "Fakturanr. INV-10023" in text
    assert "Forfaldsdato 16. nov. 2026" in text
    assert "Beløb før rabat 2.495,00 kr." in text
    assert "Rabat -249,50 kr." in text
    assert "Nettobeløb 2.245,50 kr." in text
    assert "Moms 25 % af 2.245,50 kr. 561,38 kr." in text
    assert "I alt inkl. moms 2.806,88 kr." in text
    assert "Side 1 af 1" in text


def test_totals_block_in_english_with_euros(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=EXAMPLE, locale="en", currency="EUR", doc_type="credit_note", number="CN-7")
    text = page_texts(renderer.render(doc))[0]
    assert "Credit note" in text
    assert "Credit note no. CN-7" in text
    assert "Due date 16 Nov 2026" in text
    assert "Net amount €2,245.50" in text
    assert "VAT 25% of €2,245.50 €561.38" in text
    assert "Total incl. VAT €2,806.88" in text
    assert "Page 1 of 1" in text
    assert "Bank transfer" not in text  # only invoices ask for payment


def test_a_long_invoice_paginates_with_the_header_and_footer_on_every_page(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=varied_lines(135))
    pages = page_texts(renderer.render(doc))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        has_rows = any(f"{item.item_no} " in text for item in doc.lines)
        assert ("Varenr. Beskrivelse Antal Enhed Pris Rabat Moms Beløb" in text) == has_rows
        assert has_rows or number == len(pages)  # only the last page may hold nothing but the text sections
        assert f"Side {number} af {len(pages)}" in text
    everything = " ".join(pages)
    assert all(f"{item.item_no} " in everything for item in doc.lines)
    assert "I alt inkl. moms" in everything


@pytest.mark.parametrize("name", [GLYPHS, *NAMES])
def test_every_test_glyph_round_trips_through_the_pdf(renderer: BorbPdfRenderer, name: str) -> None:
    party = PdfParty(customer_no="C-9", name=name, address_lines=(name,))
    items = (line(1, description=name),)
    doc = invoice(customer=party, bill_to=None, lines=items, notes=name)
    text = page_texts(renderer.render(doc))[0]
    assert text.count(_flat(name)) >= 3


def test_text_outside_the_font_renders_with_a_fallback_instead_of_failing(renderer: BorbPdfRenderer) -> None:
    doc = invoice(customer=PdfParty(customer_no="C-9", name="Жанна Ționescu 😀"), lines=(line(1),))
    assert "????? Tionescu ?" in page_texts(renderer.render(doc))[0]


def test_same_document_same_bytes_and_the_id_follows_the_content(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=varied_lines(20))
    first, second = renderer.render(doc), renderer.render(doc)
    assert first == second
    other = renderer.render(msgspec.structs.replace(doc, number="INV-10024"))
    first_id, other_id = _document_id(first), _document_id(other)
    assert first_id != other_id
    assert len(first_id) == 16


def test_metadata_producer_is_borb_and_dates_are_the_version_timestamp(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=EXAMPLE)
    meta = pypdf.PdfReader(io.BytesIO(renderer.render(doc))).metadata
    assert meta is not None
    assert meta.producer == "borb"
    assert meta.creation_date == doc.version_at
    assert meta.modification_date == doc.version_at
    assert meta.title == "Faktura INV-10023"


def test_a_naive_version_timestamp_is_refused(renderer: BorbPdfRenderer) -> None:
    doc = msgspec.structs.replace(invoice(), version_at=datetime(2026, 11, 2, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        renderer.render(doc)


def test_a_quantity_that_is_not_a_decimal_is_refused_as_a_value_error(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=(msgspec.structs.replace(line(1), quantity="1,5"),))
    with pytest.raises(ValueError, match="not a decimal number in invoice INV-10023"):
        renderer.render(doc)


def test_a_one_page_invoice_is_well_under_100_kb(renderer: BorbPdfRenderer) -> None:
    pdf = renderer.render(invoice(lines=varied_lines(10)))
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(pdf) < 100_000


def test_telemetry_is_off_and_requests_cannot_be_imported() -> None:
    assert telemetry_opted_out()
    assert importlib.util.find_spec("requests") is None


def test_signal_handlers_are_untouched_by_rendering(renderer: BorbPdfRenderer) -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    renderer.render(invoice())
    after = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert after == before
    assert not any("UsageStatistics" in getattr(handler, "__qualname__", "") for handler in after)


def test_nothing_reaches_stdout_not_even_borbs_licence_reminder(
    renderer: BorbPdfRenderer, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # borb prints its reminder on every 64th unlicensed document; bring the counter to the brink.
    renderer.render(invoice())
    capfd.readouterr()
    UsageStatistics._UsageStatistics__UNLICENSED_DOCS_COUNT = 63
    with caplog.at_level(logging.DEBUG, logger="infrastructure.pdf.borb_runtime"):
        renderer.render(invoice())
    assert capfd.readouterr().out == ""
    assert any("borb printed to stdout" in record.getMessage() for record in caplog.records)


def test_borbs_method_caches_are_empty_after_a_render(renderer: BorbPdfRenderer) -> None:
    renderer.render(invoice(lines=varied_lines(5)))
    assert Chunk.get_size.cache_info().currsize == 0
    Chunk("x").get_size((100, 100))
    assert Chunk.get_size.cache_info().currsize == 1
    assert clear_borb_caches() >= 10
    assert Chunk.get_size.cache_info().currsize == 0


def test_a_document_without_lines_still_renders(renderer: BorbPdfRenderer) -> None:
    doc = invoice(lines=())
    assert doc.totals == totals(())
    text = page_texts(renderer.render(doc))[0]
    assert "Varenr." in text
    assert "I alt inkl. moms 0,00 kr." in text


def test_renders_from_several_threads_give_the_same_bytes(renderer: BorbPdfRenderer) -> None:
    docs = [invoice(lines=varied_lines(count)) for count in (3, 40, 3, 40, 7, 7)]
    expected = [renderer.render(doc) for doc in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(renderer.render, docs)) == expected


def test_only_the_rendering_thread_loses_its_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    printed = threading.Event()

    def other_thread() -> None:
        print("from another thread")
        printed.set()

    with borb_stdout_captured():
        print("from borb")
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert printed.is_set()
    assert capfd.readouterr().out == "from another thread\n"
