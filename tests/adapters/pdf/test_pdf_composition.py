from __future__ import annotations

import itertools

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.ports.pdf_renderer import PdfLocale, PdfParty, PdfVehicle
from infrastructure.pdf.composition import compose
from infrastructure.pdf.drawing import PAGE_HEIGHT, PAGE_WIDTH, Op, RectOp, TextOp
from infrastructure.pdf.letterhead import FOOTER_TOP
from infrastructure.pdf.typeface import BOLD_FILE, REGULAR_FILE, Typeface
from tests.adapters.pdf.pdf_samples import GLYPHS, NAMES, invoice, line, varied_lines

pytestmark = pytest.mark.adapter

REGULAR = Typeface.from_file(REGULAR_FILE)
BOLD = Typeface.from_file(BOLD_FILE)


def _box(op: TextOp) -> tuple[float, float, float, float]:
    width = (BOLD if op.bold else REGULAR).width(op.text, op.size)
    return op.x, op.y - 0.76 * op.size, op.x + width, op.y + 0.24 * op.size  # ascent and descent of DejaVu


def _overlaps(page: list[Op]) -> list[tuple[str, str]]:
    boxes = [(op.text, _box(op)) for op in page if isinstance(op, TextOp)]
    clashes = []
    for (text_a, a), (text_b, b) in itertools.combinations(boxes, 2):
        if a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01:
            clashes.append((text_a, text_b))
    return clashes


def _texts(page: list[Op]) -> list[str]:
    return [op.text for op in page if isinstance(op, TextOp)]


def _assert_well_formed(pages: list[list[Op]]) -> None:
    for page in pages:
        assert _overlaps(page) == []
        for op in page:
            if isinstance(op, TextOp):
                x0, y0, x1, y1 = _box(op)
                assert x0 >= 0 and x1 <= PAGE_WIDTH and y0 >= 0 and y1 <= PAGE_HEIGHT, op
            else:
                assert isinstance(op, RectOp)
        body = [op for op in page if isinstance(op, TextOp) and op.y < FOOTER_TOP]
        assert all(_box(op)[3] <= FOOTER_TOP for op in body), "body text runs into the footer"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_a_short_invoice_fits_one_page_with_nothing_overlapping(locale: PdfLocale) -> None:
    pages = compose(invoice(locale=locale, lines=varied_lines(10)), REGULAR, BOLD)
    assert len(pages) == 1
    _assert_well_formed(pages)
    assert ("Side 1 af 1" if locale == "da" else "Page 1 of 1") in _texts(pages[0])


def test_a_long_invoice_repeats_the_table_header_and_numbers_its_pages() -> None:
    doc = invoice(lines=varied_lines(135))
    pages = compose(doc, REGULAR, BOLD)
    assert len(pages) >= 3
    _assert_well_formed(pages)
    item_numbers = [text for page in pages for text in _texts(page) if text.startswith("SRV-")]
    assert item_numbers == [item.item_no for item in doc.lines]  # every row once, in order
    with_rows = [any(text.startswith("SRV-") for text in _texts(page)) for page in pages]
    assert with_rows[:3] == [True, True, True]
    for number, (page, has_rows) in enumerate(zip(pages, with_rows, strict=True), start=1):
        texts = _texts(page)
        assert texts.count("Varenr.") == texts.count("Beskrivelse") == int(has_rows)  # the header, once a page
        assert f"Side {number} af {len(pages)}" in texts
        assert ("KUNDE" in texts) == (number == 1)
        assert ("Faktura INV-10023 (fortsat)" in texts) == (number > 1)
    last_row_page = max(index for index, has_rows in enumerate(with_rows) if has_rows)
    assert ["I alt inkl. moms" in _texts(page) for page in pages].index(True) == last_row_page


@pytest.mark.parametrize("count", range(28, 40))
def test_totals_never_stand_alone_at_a_page_boundary(count: int) -> None:
    pages = compose(invoice(lines=varied_lines(count), notes=None), REGULAR, BOLD)
    last = _texts(pages[-1])
    assert "I alt inkl. moms" in last
    assert any(text.startswith("SRV-") for text in last)
    _assert_well_formed(pages)


def test_a_line_longer_than_a_page_continues_over_rows_without_losing_words() -> None:
    words = [f"ord{index}" for index in range(900)]
    doc = invoice(lines=(line(1, description=" ".join(words)), line(2)))
    pages = compose(doc, REGULAR, BOLD)
    assert len(pages) >= 2
    _assert_well_formed(pages)
    printed = " ".join(text for page in pages for text in _texts(page)).split()
    assert [word for word in printed if word.startswith("ord")] == words


def test_bill_to_is_shown_only_when_it_differs_and_the_vehicle_only_when_present() -> None:
    same = compose(invoice(bill_to=invoice().customer), REGULAR, BOLD)[0]
    assert "FAKTURERES TIL" not in _texts(same)
    differing = compose(invoice(), REGULAR, BOLD)[0]
    assert "FAKTURERES TIL" in _texts(differing)
    no_vehicle = compose(msgspec.structs.replace(invoice(), vehicle=None), REGULAR, BOLD)[0]
    assert "KØRETØJ" not in _texts(no_vehicle)


def test_huge_amounts_shrink_to_fit_instead_of_overlapping() -> None:
    items = tuple(line(index, quantity="999.999", unit_price=9_999_999_999) for index in range(1, 4))
    pages = compose(invoice(lines=items), REGULAR, BOLD)
    _assert_well_formed(pages)


_text = st.text(alphabet=st.sampled_from(sorted(set(GLYPHS + "".join(NAMES) + "abc XYZ 0123-.,/"))), max_size=90)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_text, address=st.lists(_text, max_size=5), description=_text, vin=_text, notes=_text)
def test_nothing_overlaps_whatever_the_texts(
    name: str, address: list[str], description: str, vin: str, notes: str
) -> None:
    party = PdfParty(customer_no="C-1", name=name or "x", address_lines=tuple(address), email=name, phone=vin)
    doc = msgspec.structs.replace(
        invoice(customer=party, notes=notes, lines=(line(1, description=description or "x"), line(2))),
        vehicle=PdfVehicle(make=name, model=vin, variant=description, vin=vin, registration_no=name, colour=vin),
    )
    _assert_well_formed(compose(doc, REGULAR, BOLD))
