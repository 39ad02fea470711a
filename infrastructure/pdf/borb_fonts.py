"""Load the shipped font subsets into borb, with the fixes borb 3.0.9 needs (see docs/adr/0008).

- Widths: borb fills the CID font's /W from its own glyph-name list and gives width 0 to every glyph it does not
  know (no-break space among them), and then scans that 400-entry list per character while measuring. We
  replace /W with one run of the real advances from `hmtx` (CID == GID: CIDToGIDMap is /Identity).
- Subset tag: PDF names an embedded subset `ABCDEF+Name`; borb does not know it embeds a subset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borb.pdf import TrueTypeFont
from borb.pdf.primitives import name
from fontTools.ttLib import TTFont

from infrastructure.pdf.borb_runtime import BORB_LOCK
from infrastructure.pdf.typeface import BOLD_FILE, REGULAR_FILE, Typeface, advance_widths

__all__ = ["LoadedFont", "load_fonts"]


@dataclass(frozen=True, slots=True)
class LoadedFont:
    """A borb font object (reused across documents, under BORB_LOCK) and the matching measurements."""

    borb_font: Any
    typeface: Typeface


def _fixed_font(path: Path, subset_tag: str) -> LoadedFont:
    borb_font = TrueTypeFont.from_file(path)
    descendant = borb_font["DescendantFonts"][0]
    font = TTFont(path, lazy=True)
    try:
        descendant[name("W")] = [0, advance_widths(font)]
        characters = [chr(code_point) for code_point in sorted(font.getBestCmap())]
    finally:
        font.close()
    tagged = name(f"{subset_tag}+{borb_font['BaseFont']}")
    borb_font[name("BaseFont")] = tagged
    descendant[name("BaseFont")] = tagged
    descendant["FontDescriptor"][name("FontName")] = tagged
    # Only what borb can encode (through its ToUnicode map) counts as printable.
    printable = frozenset(c for c in characters if borb_font.get_character_code(c) != -1)
    return LoadedFont(borb_font=borb_font, typeface=Typeface.from_file(path, printable))


_loaded: tuple[LoadedFont, LoadedFont] | None = None


def load_fonts() -> tuple[LoadedFont, LoadedFont]:
    """The regular and bold fonts, loaded once per process (about 0.3 s the first time)."""
    global _loaded  # noqa: PLW0603 - a per-process memo of immutable-by-convention fonts
    with BORB_LOCK:
        if _loaded is None:
            _loaded = (_fixed_font(REGULAR_FILE, "PRTLAA"), _fixed_font(BOLD_FILE, "PRTLAB"))
        return _loaded
