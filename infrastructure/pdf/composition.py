"""Lay a document out on A4 pages: borb cannot split a table, so rows are paginated here, before any painting.

Page 1 carries the letterhead and the parties, later pages a short header; each page with rows repeats the table
header. The totals block keeps at least one row with it; a section heading keeps its first line. The page count
is known before the footers ("Side 2 af 3") are drawn.
"""

from __future__ import annotations

from application.localisation import LocaleFormat
from application.ports.pdf_renderer import PdfDocument
from infrastructure.pdf.drawing import Op, Pen
from infrastructure.pdf.labels import LABELS
from infrastructure.pdf.letterhead import continuation_header, footer, letterhead, parties
from infrastructure.pdf.line_table import row_blocks, section_blocks, table_header, totals_block
from infrastructure.pdf.pagination import TOP, Flow
from infrastructure.pdf.typeface import Typeface

__all__ = ["compose"]


def compose(
    doc: PdfDocument,
    regular: Typeface,
    bold: Typeface,
    source_url: str | None = None,
    logo: tuple[float, float] | None = None,
) -> list[list[Op]]:
    """The ops of every page, in page order; `logo` (its width and height in points) heads the first page."""
    pen = Pen(regular, bold)
    labels = LABELS[doc.locale]
    fmt = LocaleFormat(doc.locale)
    head = letterhead(pen, doc, labels, fmt, logo)
    party_block = parties(pen, doc, labels, fmt)
    continued = continuation_header(pen, doc, labels)
    flow = Flow(
        first_top=TOP + head.height + party_block.height,
        next_top=TOP + continued.height,
        header=table_header(pen, labels),
    )
    for row in row_blocks(pen, doc, fmt):
        flow.add_row(row)
    flow.add_totals(totals_block(pen, doc, labels, fmt))
    for section in section_blocks(pen, doc, labels):
        flow.add_kept_together(section.heading, section.lines[0] if section.lines else None)
        for line in section.lines:
            flow.add(line)

    return flow.laid_out(
        first=head.at(TOP) + party_block.at(TOP + head.height),
        continued=continued,
        footer=lambda number, count: footer(pen, doc.seller, labels, page=number, pages=count, source_url=source_url),
    )
