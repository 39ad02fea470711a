"""The tables of the PDFs (a document's lines, a statement's open items): their type sizes and a column's geometry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["HEADER_SIZE", "LEADING", "PAD", "SIZE", "Align", "Column"]

SIZE = 8.5  # a table cell's type size
LEADING = 11.0
PAD = 3.5  # inside each cell, left and right
HEADER_SIZE = 7.5

Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column at `x` of `width` points; text sits at its padded left or right edge; `wraps` onto more lines."""

    x: float
    width: float
    align: Align
    wraps: bool = False

    @property
    def inner(self) -> float:
        return self.width - 2 * PAD

    @property
    def anchor(self) -> float:
        return self.x + PAD if self.align == "left" else self.x + self.width - PAD
