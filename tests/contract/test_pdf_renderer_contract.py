"""PdfRenderer and StatementPdfRenderer (PRODUCT §5, §13; ADR-0008), one contract run on the fake and on borb:
a PDF's bytes are a function of what it shows (the same document gives the same bytes, another gives others), and a
naive creation date is refused with ValueError. What the pages show is borb's own test (tests/adapters/pdf)."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from infrastructure.pdf import BorbPdfRenderer
from tests.adapters.pdf.pdf_samples import invoice, statement, statement_items, varied_lines
from tests.fakes import FakePdfRenderer

pytestmark = pytest.mark.contract
Renderer = FakePdfRenderer | BorbPdfRenderer  # each serves both ports


@pytest.fixture(params=["fake", "borb"], scope="module")
def renderer(request: pytest.FixtureRequest) -> Renderer:
    return FakePdfRenderer() if request.param == "fake" else BorbPdfRenderer()


def test_the_same_document_gives_the_same_bytes_and_another_gives_others(renderer: Renderer) -> None:
    doc = invoice(lines=varied_lines(3))
    first = renderer.render(doc)
    assert first.startswith(b"%PDF")
    assert renderer.render(msgspec.json.decode(msgspec.json.encode(doc), type=type(doc))) == first
    assert renderer.render(msgspec.structs.replace(doc, number="INV-10024")) != first
    assert renderer.render(msgspec.structs.replace(doc, version=2)) != first


def test_a_naive_creation_date_is_refused(renderer: Renderer) -> None:
    naive = msgspec.structs.replace(invoice(lines=varied_lines(1)), version_at=dt.datetime(2026, 11, 2, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match=r"version_at|timezone|aware"):
        renderer.render(naive)


def test_a_statement_gives_the_same_bytes_for_the_same_statement(renderer: Renderer) -> None:
    sheet = statement(items=statement_items(4))
    first = renderer.render_statement(sheet)
    assert first.startswith(b"%PDF")
    assert renderer.render_statement(sheet) == first
    assert renderer.render_statement(msgspec.structs.replace(sheet, balance=sheet.balance + 1)) != first
