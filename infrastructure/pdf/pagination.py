"""Pagination of laid-out blocks: borb cannot split a table, so rows are placed on A4 pages here, before painting.

Each page with rows repeats the table header; a totals block keeps at least one row with it; a heading keeps its
first line. Used by the document PDFs and the statement of account.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from infrastructure.pdf.drawing import Block, Op
from infrastructure.pdf.letterhead import FOOTER_TOP

__all__ = ["BOTTOM", "TOP", "Flow", "Page"]

TOP = 42.0
BOTTOM = FOOTER_TOP - 8


@dataclass(slots=True)
class Page:
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
        return self.cursor + height <= BOTTOM

    def place(self, block: Block) -> None:
        self.placed.append((block, self.cursor))


@dataclass(slots=True)
class Flow:
    first_top: float
    next_top: float
    header: Block
    pages: list[Page] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages.append(Page(top=self.first_top))

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(top=self.next_top))

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

    def laid_out(self, *, first: Sequence[Op], continued: Block, footer: Callable[[int, int], Block]) -> list[list[Op]]:
        """Every page's ops in page order: `first` (the first page's head) or the `continued` header, the blocks
        placed on it, and `footer(page number, page count)` at the foot.
        """
        count = len(self.pages)
        pages: list[list[Op]] = []
        for number, page in enumerate(self.pages, start=1):
            ops = list(first) if number == 1 else list(continued.at(TOP))
            for block, top in page.placed:
                ops += block.at(top)
            ops += footer(number, count).at(FOOTER_TOP)
            pages.append(ops)
        return pages
