"""What the layout produces and the painter draws: text runs, filled rectangles and the logo, placed on an A4 page.

Coordinates here are points measured from the page's top-left corner (y grows downwards); the painter flips
them into PDF space. Layout is pure Python and knows nothing of borb.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from infrastructure.pdf.typeface import Typeface

__all__ = [
    "ACCENT",
    "BAND",
    "CONTENT_WIDTH",
    "INK",
    "MARGIN_X",
    "MUTED",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RIGHT_EDGE",
    "RULE",
    "Block",
    "LogoOp",
    "Op",
    "Pen",
    "RectOp",
    "TextOp",
]

PAGE_WIDTH = 595
PAGE_HEIGHT = 842
MARGIN_X = 48.0
RIGHT_EDGE = PAGE_WIDTH - MARGIN_X
CONTENT_WIDTH = RIGHT_EDGE - MARGIN_X

INK = "1C2430"
MUTED = "5B6573"
ACCENT = "1F3A5F"
RULE = "C5CCD6"
BAND = "E8EDF3"

Align = Literal["left", "right"]
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class TextOp:
    """One line of text; `y` is its baseline. Text is already printable in its font."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    color: str = INK


@dataclass(frozen=True, slots=True)
class RectOp:
    """A filled rectangle (rules are thin ones); `y` is its top edge."""

    x: float
    y: float
    width: float
    height: float
    color: str = RULE


@dataclass(frozen=True, slots=True)
class LogoOp:
    """The dealer's logo, `width` × `height` points; `y` is its top edge."""

    x: float
    y: float
    width: float
    height: float


Op = TextOp | RectOp | LogoOp


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of layout `height` points tall whose ops are placed relative to its own top edge."""

    height: float
    ops: tuple[Op, ...] = ()

    def at(self, top: float) -> list[Op]:
        return [dataclasses.replace(op, y=op.y + top) for op in self.ops]


class Pen:
    """Measures, wraps and places text in the two typefaces; collects the ops of one block."""

    def __init__(self, regular: Typeface, bold: Typeface) -> None:
        self._faces = (regular, bold)
        self.ops: list[Op] = []

    def face(self, *, bold: bool) -> Typeface:
        return self._faces[bold]

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        face = self.face(bold=bold)
        return face.width(face.printable(text), size)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        color: str = INK,
        align: Align = "left",
    ) -> None:
        """Place one line at baseline `y`; with `align="right"`, `x` is where the text ends."""
        face = self.face(bold=bold)
        printable = face.printable(text).strip()
        if not printable:
            return
        if align == "right":
            x -= face.width(printable, size)
        self.ops.append(TextOp(x=round(x, 2), y=round(y, 2), text=printable, size=size, bold=bold, color=color))

    def rect(self, x: float, y: float, width: float, height: float, color: str = RULE) -> None:
        self.ops.append(RectOp(x=x, y=y, width=width, height=height, color=color))

    def logo(self, x: float, y: float, width: float, height: float) -> None:
        self.ops.append(LogoOp(x=x, y=y, width=width, height=height))

    def block(self, height: float) -> Block:
        """The ops collected so far as a block of `height`; the pen starts afresh."""
        ops, self.ops = tuple(self.ops), []
        return Block(height=height, ops=ops)

    def wrap(self, text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
        """`text` broken into lines no wider than `width`: at spaces, or inside a word too long for a line.

        Explicit line breaks in `text` are kept. No-break spaces never break.
        """
        face = self.face(bold=bold)
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            lines.extend(self._wrap_line(face, face.printable(paragraph), width, size))
        while lines and not lines[-1]:
            lines.pop()
        return lines

    @staticmethod
    def _wrap_line(face: Typeface, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        current, current_width = "", 0.0
        space = face.width(" ", size)
        for word in text.split(" "):
            if not word:
                continue
            word_width = face.width(word, size)
            if current and current_width + space + word_width <= width:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if current:
                lines.append(current)
            rest = word
            while word_width > width and len(rest) > 1:
                cut = Pen._longest_fitting_prefix(face, rest, width, size)
                lines.append(rest[:cut])
                rest = rest[cut:]
                word_width = face.width(rest, size)
            current, current_width = rest, word_width
        lines.append(current)
        return lines

    @staticmethod
    def _longest_fitting_prefix(face: Typeface, word: str, width: float, size: float) -> int:
        total = 0.0
        for index, character in enumerate(word):
            total += face.width(character, size)
            if total > width:
                return max(index, 1)
        return len(word)

    def fitted_size(self, text: str, width: float, size: float, *, bold: bool = False, smallest: float = 5.5) -> float:
        """The largest size ≤ `size` (not below `smallest`) at which one line of `text` fits `width`."""
        natural = self.width(text, size, bold=bold)
        if natural <= width:
            return size
        return max(smallest, round(size * width / natural - 0.05, 1))

    def truncated(self, text: str, width: float, size: float, *, bold: bool = False) -> str:
        """One line of `text` cut with an ellipsis so that it fits `width`."""
        face = self.face(bold=bold)
        printable = face.printable(text)
        if face.width(printable, size) <= width:
            return printable
        room = width - face.width(_ELLIPSIS, size)
        return printable[: self._longest_fitting_prefix(face, printable, room, size)].rstrip() + _ELLIPSIS
