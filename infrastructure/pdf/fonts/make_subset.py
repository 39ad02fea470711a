"""Build the static DejaVu Sans subsets the PDF renderer embeds (run once, by hand; the output is committed).

Why a static subset: borb 3 embeds whole font files and has no subsetting of its own, so the full DejaVu Sans
would add about 900 KB to every PDF and take seconds to load. The subset keeps the characters of Danish, Finnish,
Swedish, Norwegian, German and Polish names (Basic Latin, Latin-1 Supplement, Latin Extended-A) plus general
punctuation, the euro sign and a few typographic symbols, which keeps a one-page invoice around 50 KB.

Source: DejaVu Sans and DejaVu Sans Bold 2.37 as shipped by the Debian package fonts-dejavu-core. Licence: the
Bitstream Vera licence with DejaVu's changes in the public domain; see LICENSE next to this script.

Usage (from the repository root):
    python -m infrastructure.pdf.fonts.make_subset [--source-dir DIR] [--out-dir DIR]

The build is reproducible: the same source fonts and fontTools version give the same bytes (the font header's
modification time is kept, not set to now). It writes the sha256 of each output to stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEBIAN_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
OUT_DIR = Path(__file__).resolve().parent

# (source file, subset file) pairs
FONTS = (
    ("DejaVuSans.ttf", "DejaVuSans-LatinSubset.ttf"),
    ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-LatinSubset.ttf"),
)

# Code point ranges, inclusive. Latin-1 Supplement and Latin Extended-A hold every letter of the six languages;
# 2010-2044 is dashes, quotes, bullet, ellipsis, per mille; 2009 and 202F are the thin spaces some locales use.
UNICODE_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2009, 0x2009),
    (0x2010, 0x2044),
    (0x202F, 0x202F),
)
EXTRA_CHARACTERS = "€™−ƒˆˇ˘˙˚˛˜˝№"


def subset_unicodes() -> list[int]:
    """Every code point the subset is asked to keep, in ascending order."""
    code_points = {cp for low, high in UNICODE_RANGES for cp in range(low, high + 1)}
    code_points.update(ord(c) for c in EXTRA_CHARACTERS)
    return sorted(code_points)


def _options() -> subset.Options:
    options = subset.Options()
    options.glyph_names = True  # borb builds the ToUnicode map from glyph names
    options.hinting = False  # PDF viewers hint themselves; hinting doubles the size
    options.layout_features = []  # borb does no shaping or kerning
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    return options


def build(source: Path, target: Path) -> str:
    """Subset one font file; returns the sha256 of what it wrote."""
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options=_options())
    subsetter.populate(unicodes=subset_unicodes())
    subsetter.subset(font)
    font.save(target)
    return hashlib.sha256(target.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=DEBIAN_FONT_DIR, help="folder holding DejaVuSans*.ttf")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where the subsets go")
    args = parser.parse_args(argv)
    for source_name, target_name in FONTS:
        digest = build(args.source_dir / source_name, args.out_dir / target_name)
        sys.stderr.write(f"{target_name}: sha256 {digest}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
