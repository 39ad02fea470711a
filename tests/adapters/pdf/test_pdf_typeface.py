from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from infrastructure.pdf.borb_fonts import LoadedFont, load_fonts
from infrastructure.pdf.drawing import Pen
from infrastructure.pdf.typeface import BOLD_FILE, FONT_DIR, REGULAR_FILE, Typeface, advance_widths
from tests.adapters.pdf.pdf_samples import GLYPHS, NAMES

pytestmark = pytest.mark.adapter

# Every character of Basic Latin, Latin-1 Supplement and Latin Extended-A except the soft hyphen (dropped on purpose)
LATIN = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x180)) if c != 0xAD] + list("€–—‘’“”…•−")


@pytest.fixture(scope="module")
def fonts() -> tuple[LoadedFont, LoadedFont]:
    return load_fonts()


def test_every_latin_character_prints_as_itself_in_both_weights(fonts: tuple[LoadedFont, LoadedFont]) -> None:
    # The ToUnicode map borb builds comes from glyph names: a subset made without them would lose characters.
    for loaded in fonts:
        missing = [c for c in LATIN if loaded.typeface.printable(c) != c]
        assert missing == []


@pytest.mark.parametrize("text", [GLYPHS, *NAMES])
def test_names_of_the_six_languages_print_unchanged(fonts: tuple[LoadedFont, LoadedFont], text: str) -> None:
    for loaded in fonts:
        assert loaded.typeface.printable(text) == text


def test_characters_outside_the_subset_fall_back_instead_of_failing(fonts: tuple[LoadedFont, LoadedFont]) -> None:
    face = fonts[0].typeface
    assert face.printable("Țară ș") == "Tară s"  # Romanian comma-below letters: base letter
    assert face.printable("Жанна 😀") == "????? ?"
    assert face.printable("a\tb\nc\u00adsoft\u200bzero") == "a b csoftzero"


def test_widths_come_from_the_font_file_not_from_borbs_glyph_list(fonts: tuple[LoadedFont, LoadedFont]) -> None:
    regular = fonts[0]
    font = TTFont(REGULAR_FILE)
    widths = advance_widths(font)
    descendant = regular.borb_font["DescendantFonts"][0]
    assert descendant["W"] == [0, widths]
    # borb gave 0 to glyphs missing from its own list, e.g. the no-break space; a viewer then overprints text
    no_break_space = widths[font.getGlyphID(font.getBestCmap()[0xA0])]
    assert no_break_space > 0
    assert regular.borb_font.get_width("\u00a0", font_size=1000) == no_break_space
    assert regular.borb_font.get_width("Tak «€»", font_size=100) == pytest.approx(
        regular.typeface.width("Tak «€»", 100), abs=1
    )


def test_fonts_are_marked_as_subsets_and_shipped_small_with_their_licence(fonts: tuple[LoadedFont, LoadedFont]) -> None:
    assert [f.borb_font["BaseFont"].split("+")[0] for f in fonts] == ["PRTLAA", "PRTLAB"]
    for path in (REGULAR_FILE, BOLD_FILE):
        assert path.stat().st_size < 40_000
    licence = (FONT_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream" in licence
    assert "public domain" in licence


def test_wrapping_breaks_at_spaces_keeps_no_break_spaces_and_splits_overlong_words() -> None:
    face = Typeface.from_file(REGULAR_FILE)
    pen = Pen(face, Typeface.from_file(BOLD_FILE))
    lines = pen.wrap("Service 60.000 km – olieskift og bremsevæske", 80, 8.5)
    assert len(lines) > 1
    assert " ".join(lines) == "Service 60.000 km – olieskift og bremsevæske"
    assert all(face.width(line, 8.5) <= 80 for line in lines)
    assert pen.wrap("1.234,50\u00a0kr.", 10_000, 8.5) == ["1.234,50\u00a0kr."]
    long_word = "W" * 60
    parts = pen.wrap(long_word, 50, 8.5)
    assert "".join(parts) == long_word
    assert all(face.width(part, 8.5) <= 50 for part in parts)
    assert pen.wrap("first\n\nthird", 500, 8.5) == ["first", "", "third"]


def test_fitting_shrinks_only_what_is_too_wide() -> None:
    pen = Pen(Typeface.from_file(REGULAR_FILE), Typeface.from_file(BOLD_FILE))
    assert pen.fitted_size("1,00", 50, 8.5) == 8.5
    size = pen.fitted_size("12.345.678,90", 50, 8.5)
    assert size < 8.5
    assert pen.width("12.345.678,90", size) <= 50
    cut = pen.truncated("Nordvej Biler ApS · Nordvej 1, 8200 Aarhus N", 60, 7)
    assert cut.endswith("…")
    assert pen.width(cut, 7) <= 60
