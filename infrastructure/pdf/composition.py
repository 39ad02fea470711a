"""Lay a document out on A4 pages: borb cannot split a table, so rows are paginated here, before any painting.

Page 1 carries the letterhead and the parties, later pages a short header; each page with rows repeats the table
header. The totals block keeps at least one row with it; a section heading keeps its first line. The page count
is known before the footers ("Side 2 af 3") are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from application.ports.pdf_renderer import PdfDocument
from infrastructure.pdf.drawing import Block, Op, Pen
from infrastructure.pdf.formatting import LocaleFormat
from infrastructure.pdf.labels import LABELS
from infrastructure.pdf.letterhead import FOOTER_TOP, continuation_header, footer, letterhead, parties
from infrastructure.pdf.line_table import row_blocks, section_blocks, table_header, totals_block
from infrastructure.pdf.typeface import Typeface

__all__ = ["compose"]

_TOP = 42.0
_BOTTOM = FOOTER_TOP - 8


@dataclass(slots=True)
class _Page:
    top: float
    placed: list[tuple[Block, float]] = field(default_factory=list)
    rows: int = 0
    has_table_header: bool = False

    @property
    def cursor(self) -> float:
        if not self.placed:
            return self.top
        block, top = self.placed[-1]
        return top + block.height

    def fits(self, height: float) -> bool:
        return self.cursor + height <= _BOTTOM

    def place(self, block: Block) -> None:
        self.placed.append((block, self.cursor))


@dataclass(slots=True)
class _Flow:
    first_top: float
    next_top: float
    header: Block
    pages: list[_Page] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages.append(_Page(top=self.first_top))

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page(top=self.next_top))

    def add_row(self, row: Block) -> None:
        needed = row.height + (0 if self.page.has_table_header else self.header.height)
        if not self.page.fits(needed) and (self.page.placed or len(self.pages) == 1):
            self.new_page()
        if not self.page.has_table_header:
            self.page.place(self.header)
            self.page.has_table_header = True
        self.page.place(row)
        self.page.rows += 1

    def add_totals(self, totals: Block) -> None:
        if not self.page.has_table_header:  # a document without lines still shows the table's header
            self.page.place(self.header)
            self.page.has_table_header = True
        if self.page.fits(totals.height):
            self.page.place(totals)
            return
        if self.page.rows > 1:  # carry the last row over, so the totals never stand alone
            row, _ = self.page.placed.pop()
            self.page.rows -= 1
            self.new_page()
            self.add_row(row)
        else:
            self.new_page()
        self.page.place(totals)

    def add_kept_together(self, first: Block, second: Block | None) -> None:
        needed = first.height + (second.height if second else 0)
        if not self.page.fits(needed):
            self.new_page()
        self.page.place(first)

    def add(self, block: Block) -> None:
        if not self.page.fits(block.height):
            self.new_page()
        self.page.place(block)


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
    fmt = LocaleFormat(locale=doc.locale, currency=doc.currency)
    head = letterhead(pen, doc, labels, fmt, logo)
    party_block = parties(pen, doc, labels, fmt)
    continued = continuation_header(pen, doc, labels)
    flow = _Flow(
        first_top=_TOP + head.height + party_block.height,
        next_top=_TOP + continued.height,
        header=table_header(pen, labels),
    )
    for row in row_blocks(pen, doc, fmt):
        flow.add_row(row)
    flow.add_totals(totals_block(pen, doc, labels, fmt))
    for section in section_blocks(pen, doc, labels):
        flow.add_kept_together(section.heading, section.lines[0] if section.lines else None)
        for line in section.lines:
            flow.add(line)

    pages: list[list[Op]] = []
    count = len(flow.pages)
    for number, page in enumerate(flow.pages, start=1):
        ops: list[Op] = []
        if number == 1:
            ops += head.at(_TOP) + party_block.at(_TOP + head.height)
        else:
            ops += continued.at(_TOP)
        for block, top in page.placed:
            ops += block.at(top)
        ops += footer(pen, doc, labels, page=number, pages=count, source_url=source_url).at(FOOTER_TOP)
        pages.append(ops)
    return pages
