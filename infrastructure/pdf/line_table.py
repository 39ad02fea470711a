"""The body of a document: the lines table (header and rows), the totals block and the text sections."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from application.localisation import LocaleFormat
from application.ports.pdf_renderer import PdfDocument, PdfLine
from infrastructure.pdf.drawing import ACCENT, BAND, CONTENT_WIDTH, MARGIN_X, MUTED, RIGHT_EDGE, Block, Pen
from infrastructure.pdf.labels import Labels
from infrastructure.pdf.table_columns import HEADER_SIZE, LEADING, PAD, SIZE, Align, Column

__all__ = ["Section", "row_blocks", "section_blocks", "table_header", "totals_block"]

# A row taller than this many text lines continues in a further row, so no row outgrows a page.
_MAX_ROW_LINES = 40


def _columns() -> tuple[Column, ...]:
    # item no., description, quantity, unit, unit price, discount, VAT rate, amount (net)
    fixed: tuple[tuple[float, Align, bool], ...] = (
        (50, "left", True), (34, "right", False), (36, "left", True), (56, "right", False),
        (44, "right", False), (36, "right", False), (64, "right", False),
    )  # fmt: skip
    description_width = CONTENT_WIDTH - sum(width for width, _, _ in fixed)
    specs: list[tuple[float, Align, bool]] = [fixed[0], (description_width, "left", True), *fixed[1:]]
    columns: list[Column] = []
    x = MARGIN_X
    for width, align, wraps in specs:
        columns.append(Column(x=x, width=width, align=align, wraps=wraps))
        x += width
    return tuple(columns)


_COLUMNS = _columns()


def table_header(pen: Pen, labels: Labels) -> Block:
    """The header row, repeated at the top of the table on every page."""
    pen.rect(MARGIN_X, 0, CONTENT_WIDTH, 18, color=BAND)
    for column, title in zip(_COLUMNS, labels.columns, strict=True):
        size = pen.fitted_size(title, column.inner, HEADER_SIZE, bold=True)
        pen.text(column.anchor, 12, title, size, bold=True, color=ACCENT, align=column.align)
    return pen.block(18)


def _cells(line: PdfLine, fmt: LocaleFormat, currency: str) -> tuple[str, ...]:
    if line.discount_percent is not None:
        discount = fmt.percent(line.discount_percent)
    elif line.discount:
        discount = fmt.amount(line.discount, currency)
    else:
        discount = ""
    return (
        line.item_no,
        line.description,
        fmt.number(line.quantity),
        line.unit,
        fmt.amount(line.unit_price, currency),
        discount,
        fmt.percent(line.vat_rate),
        fmt.amount(line.net, currency),
    )


def row_blocks(pen: Pen, doc: PdfDocument, fmt: LocaleFormat) -> list[Block]:
    """One block per line (more for a line with a very long description), each ending in a thin rule."""
    blocks: list[Block] = []
    for line in doc.lines:
        cells: list[list[tuple[str, float]]] = []
        for column, text in zip(_COLUMNS, _cells(line, fmt, doc.currency), strict=True):
            if column.wraps:
                cells.append([(part, SIZE) for part in pen.wrap(text, column.inner, SIZE)])
            else:
                cells.append([(text, pen.fitted_size(text, column.inner, SIZE))])
        count = max(len(cell) for cell in cells)
        for start in range(0, count, _MAX_ROW_LINES):
            end = min(start + _MAX_ROW_LINES, count)
            for column, cell in zip(_COLUMNS, cells, strict=True):
                for offset, (text, size) in enumerate(cell[start:end]):
                    baseline = PAD + 8 + offset * LEADING
                    pen.text(column.anchor, baseline, text, size, align=column.align)
            height = 2 * PAD + (end - start) * LEADING
            if end == count:
                pen.rect(MARGIN_X, height - 0.4, CONTENT_WIDTH, 0.4)
            blocks.append(pen.block(height))
    return blocks


def _vat_bases(doc: PdfDocument) -> dict[Decimal, int]:
    bases: dict[Decimal, int] = {}
    for line in doc.lines:
        rate = Decimal(line.vat_rate)
        bases[rate] = bases.get(rate, 0) + line.net
    return bases


def totals_block(pen: Pen, doc: PdfDocument, labels: Labels, fmt: LocaleFormat) -> Block:
    """Gross, discount, net, VAT per rate (with its base) and the total incl. VAT, right-aligned."""
    totals = doc.totals
    bases = _vat_bases(doc)
    rows = [
        (labels.gross, fmt.money(totals.gross, doc.currency)),
        (labels.discount, fmt.money(-totals.discount, doc.currency)),
        (labels.net, fmt.money(totals.net, doc.currency)),
        *(
            (
                labels.vat_line.format(
                    rate=fmt.percent(vat.rate), base=fmt.money(bases.get(Decimal(vat.rate), 0), doc.currency)
                ),
                fmt.money(vat.amount, doc.currency),
            )
            for vat in totals.vat
        ),
    ]
    left = RIGHT_EDGE - 270
    y = 12.0
    for label, value in rows:
        y += 14
        _label_and_value(pen, left + 8, y, label=label, value=value, size=9, bold=False)
    y += 8
    pen.rect(left, y, RIGHT_EDGE - left, 24, color=BAND)
    _label_and_value(
        pen, left + 8, y + 16, label=labels.total, value=fmt.money(totals.total, doc.currency), size=10.5, bold=True
    )
    return pen.block(y + 24)


def _label_and_value(pen: Pen, x: float, y: float, *, label: str, value: str, size: float, bold: bool) -> None:
    """A label on the left and a figure flush right; a figure too wide for the room left shrinks."""
    label_size = pen.fitted_size(label, (RIGHT_EDGE - x) * 0.6, size, bold=bold)
    pen.text(x, y, label, label_size, bold=bold, color=ACCENT if bold else MUTED)
    room = RIGHT_EDGE - PAD - x - pen.width(label, label_size, bold=bold) - 12
    pen.text(RIGHT_EDGE - PAD, y, value, pen.fitted_size(value, room, size, bold=bold), bold=bold, align="right")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its lines; the heading never ends a page on its own."""

    heading: Block
    lines: tuple[Block, ...]


def section_blocks(pen: Pen, doc: PdfDocument, labels: Labels) -> list[Section]:
    """Payment terms, bank transfer (invoices) and notes, each only when there is something to say."""
    texts: list[tuple[str, str]] = []
    if doc.payment_terms:
        texts.append((labels.payment_terms, doc.payment_terms))
    if doc.type == "invoice" and doc.seller.bank:
        texts.append((labels.payment, labels.bank_transfer.format(bank=doc.seller.bank, number=doc.number)))
    if doc.notes:
        texts.append((labels.notes, doc.notes))
    sections: list[Section] = []
    for heading, text in texts:
        pen.text(MARGIN_X, 24, heading, SIZE, bold=True, color=ACCENT)
        heading_block = pen.block(28)
        lines: list[Block] = []
        for line in pen.wrap(text, CONTENT_WIDTH, SIZE):
            pen.text(MARGIN_X, 9, line, SIZE)
            lines.append(pen.block(12))
        sections.append(Section(heading=heading_block, lines=tuple(lines)))
    return sections
