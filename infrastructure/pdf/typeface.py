"""The shipped font subsets: where they are, how wide each character is, and what they can print."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

__all__ = ["BOLD_FILE", "FONT_DIR", "REGULAR_FILE", "Typeface", "advance_widths"]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR_FILE = FONT_DIR / "DejaVuSans-LatinSubset.ttf"
BOLD_FILE = FONT_DIR / "DejaVuSans-Bold-LatinSubset.ttf"

_REPLACEMENT = "?"
_WHITESPACE = "\t\n\r\x0b\x0c\u2028\u2029"


def advance_widths(font: TTFont) -> list[int]:
    """Each glyph's advance in 1/1000 em, in glyph order (which is also the CID order of the embedded font)."""
    units_per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return [round(metrics[glyph][0] * 1000 / units_per_em) for glyph in font.getGlyphOrder()]


@dataclass(frozen=True, slots=True)
class Typeface:
    """Widths of the characters one font can print; measuring and cleaning text for it.

    - `widths` maps each printable character to its advance in 1/1000 em.
    - Text goes through `printable` before it is measured or painted, so nothing outside the subset
      ever reaches borb (which would refuse it with an AssertionError).
    """

    widths: dict[str, int]

    @classmethod
    def from_file(cls, path: Path, printable: frozenset[str] | None = None) -> Typeface:
        """Read widths from a TrueType file, limited to `printable` characters when given."""
        font = TTFont(path, lazy=True)
        try:
            glyph_widths = dict(zip(font.getGlyphOrder(), advance_widths(font), strict=True))
            widths = {
                chr(code_point): glyph_widths[glyph]
                for code_point, glyph in font.getBestCmap().items()
                if printable is None or chr(code_point) in printable
            }
        finally:
            font.close()
        return cls(widths=widths)

    def width(self, text: str, size: float) -> float:
        """The advance of printable `text` at `size` points."""
        widths = self.widths
        return sum(widths.get(character, 0) for character in text) * size / 1000

    def printable(self, text: str) -> str:
        """`text` on one line with every character the font cannot print replaced.

        - Line breaks and tabs become spaces; invisible format characters (soft hyphen, zero-width joiners) go.
        - A letter outside the subset falls back to its base letter (ș → s), anything else to "?".
        """
        out: list[str] = []
        for character in unicodedata.normalize("NFC", text):
            if character in _WHITESPACE:
                out.append(" ")
            elif unicodedata.category(character) in {"Cf", "Cc"}:
                continue
            elif character in self.widths:
                out.append(character)
            else:
                out.append(self._fallback(character))
        return "".join(out)

    def _fallback(self, character: str) -> str:
        if unicodedata.category(character).startswith("Z"):
            return " "
        base = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        if base and all(c in self.widths for c in base):
            return base
        return _REPLACEMENT
