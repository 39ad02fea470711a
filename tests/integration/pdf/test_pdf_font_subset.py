from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from infrastructure.pdf.fonts import make_subset
from infrastructure.pdf.typeface import FONT_DIR

pytestmark = pytest.mark.integration


def test_the_subset_script_rebuilds_the_shipped_fonts(tmp_path: Path) -> None:
    if not all((make_subset.DEBIAN_FONT_DIR / source).exists() for source, _ in make_subset.FONTS):
        pytest.skip("DejaVu source fonts (Debian package fonts-dejavu-core) are not installed")
    assert make_subset.main(["--out-dir", str(tmp_path)]) == 0
    for source, target in make_subset.FONTS:
        rebuilt, shipped = TTFont(tmp_path / target), TTFont(FONT_DIR / target)
        assert rebuilt.getBestCmap() == shipped.getBestCmap()
        assert rebuilt.getGlyphOrder() == shipped.getGlyphOrder()
        assert rebuilt["hmtx"].metrics == shipped["hmtx"].metrics
        # reproducible: a second build gives the same bytes
        first = (tmp_path / target).read_bytes()
        make_subset.build(make_subset.DEBIAN_FONT_DIR / source, tmp_path / "again.ttf")
        assert (tmp_path / "again.ttf").read_bytes() == first
