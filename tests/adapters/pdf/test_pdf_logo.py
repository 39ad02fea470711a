"""The dealer's logo on the PDF (PRODUCT §14): a PNG at a fixed height on the first page, its aspect ratio kept,
losslessly and deterministically embedded; without a logo the PDF is as it was."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from PIL import Image

from infrastructure.pdf import BorbPdfRenderer
from infrastructure.pdf.logo import LOGO_HEIGHT, LOGO_MAX_WIDTH, PdfLogo
from tests.adapters.pdf.pdf_samples import invoice, page_texts, statement, statement_items, varied_lines

pytestmark = pytest.mark.adapter


def png(width: int, height: int) -> bytes:
    """A PNG with a transparent corner and an opaque rest, as logos are."""
    image = Image.new("RGBA", (width, height), (11, 94, 59, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _images(pdf: bytes, page: int = 0) -> list[pypdf.generic.DictionaryObject]:
    resources = pypdf.PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return [xobjects[key].get_object() for key in xobjects if xobjects[key].get_object()["/Subtype"] == "/Image"]


def _placements(pdf: bytes) -> list[tuple[float, float]]:
    """The width and height each image is drawn at (the `cm` before each `Do`) on the first page."""
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    found = re.findall(rb"([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm\s*/Im\d+ Do", content.get_data())
    return [(float(w), float(h)) for w, h in found]


@pytest.fixture(scope="module")
def square_logo() -> bytes:
    return png(256, 256)


def test_a_png_logo_is_an_image_xobject_on_the_first_page_at_the_fixed_height(square_logo: bytes) -> None:
    pdf = BorbPdfRenderer(logo=square_logo).render(invoice(lines=varied_lines(135)))
    (image,) = _images(pdf)
    assert image["/Filter"] == "/FlateDecode"  # lossless, never a JPEG
    assert "/SMask" in image  # the transparent corner stays transparent
    assert _placements(pdf) == [(LOGO_HEIGHT, LOGO_HEIGHT)]
    assert _images(pdf, page=1) == []  # later pages keep their short header
    assert "Nordvej Biler ApS" in page_texts(pdf)[0]  # the name stays beside the mark


def test_the_aspect_ratio_is_kept_and_a_very_wide_logo_is_narrowed() -> None:
    wide = PdfLogo.from_png(png(400, 100))
    assert (wide.width, wide.height) == (4 * LOGO_HEIGHT, LOGO_HEIGHT)
    banner = PdfLogo.from_png(png(1000, 50))
    assert (banner.width, banner.height) == (LOGO_MAX_WIDTH, LOGO_MAX_WIDTH / 20)
    pdf = BorbPdfRenderer(logo=png(400, 100)).render(invoice())
    assert _placements(pdf) == [(4 * LOGO_HEIGHT, LOGO_HEIGHT)]


def test_a_large_logo_is_reduced_to_what_print_needs_so_the_pdf_stays_small() -> None:
    big = png(3000, 3000)
    logo = PdfLogo.from_png(big)
    assert logo.image.size == (150, 150)  # 36 pt at 300 dpi
    (image,) = _images(BorbPdfRenderer(logo=big).render(invoice()))
    assert (image["/Width"], image["/Height"]) == (150, 150)


def test_the_same_document_and_logo_give_the_same_bytes(square_logo: bytes) -> None:
    doc = invoice(lines=varied_lines(10))
    first = BorbPdfRenderer(logo=square_logo).render(doc)
    assert BorbPdfRenderer(logo=square_logo).render(doc) == first
    assert BorbPdfRenderer(logo=square_logo).render(doc) == BorbPdfRenderer(logo=square_logo).render(doc)


def test_another_logo_gives_another_document_id_and_no_logo_changes_nothing(square_logo: bytes) -> None:
    doc = invoice()
    plain = BorbPdfRenderer().render(doc)
    with_logo = BorbPdfRenderer(logo=square_logo).render(doc)
    other = BorbPdfRenderer(logo=png(300, 100)).render(doc)
    trailer = [pypdf.PdfReader(io.BytesIO(pdf)).trailer["/ID"][0] for pdf in (plain, with_logo, other)]
    assert len(set(trailer)) == 3
    assert _images(plain) == []
    assert BorbPdfRenderer(logo=None).render(doc) == plain
    assert page_texts(plain) == page_texts(with_logo)  # the same words; only the picture is added


def test_an_unreadable_logo_is_refused_when_the_renderer_is_made() -> None:
    with pytest.raises(ValueError, match="not a readable image"):
        PdfLogo.from_png(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)


def test_the_statement_carries_the_logo_on_its_first_page_too(square_logo: bytes) -> None:
    sheet = statement(items=statement_items(100))
    pdf = BorbPdfRenderer(logo=square_logo).render_statement(sheet)
    (image,) = _images(pdf)
    assert image["/Filter"] == "/FlateDecode"
    assert _placements(pdf) == [(LOGO_HEIGHT, LOGO_HEIGHT)]
    assert _images(pdf, page=1) == []
    plain = BorbPdfRenderer().render_statement(sheet)
    words = [" ".join(page_texts(p)) for p in (plain, pdf)]  # every item on both (the logo may move a page break)
    assert [text.count("INV-") for text in words] == [words[0].count("INV-")] * 2 and words[0].count("INV-") > 50
    assert BorbPdfRenderer(logo=square_logo).render_statement(sheet) == pdf
