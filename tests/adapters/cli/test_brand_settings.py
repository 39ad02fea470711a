"""The dealer's brand settings (PRODUCT §14): a colour white text can be read on, a PNG or SVG logo of at most
200 KB, each refused at start in one line naming the variable; the demo sets them all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from dependency_injector import providers
from PIL import Image

from infrastructure.brand import contrast_with_white, logo_of, print_logo_of
from infrastructure.container import Container
from infrastructure.settings import SettingsError
from interfaces.cli.demo import with_demo_brand
from interfaces.cli.demo_data import DEMO_BRAND
from tests.adapters.pdf.pdf_samples import invoice
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter
SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (4, 2), (11, 94, 59, 255)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def test_the_contrast_is_wcag_s_ratio_of_white_on_the_colour() -> None:
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes AA


def test_a_readable_colour_is_kept_and_a_faint_or_malformed_one_stops_the_start(tmp_path: Path) -> None:
    assert make_settings(tmp_path, brand_colour="#0B5E3B").brand_colour == "#0b5e3b"
    with pytest.raises(SettingsError) as faint:
        make_settings(tmp_path, brand_colour="#ffcc00")
    assert (
        str(faint.value)
        == "PORTAL_BRAND_COLOUR: white text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1"
    )
    for bad in ("green", "#0b5e3", "0b5e3b", "#0b5e3bff"):
        with pytest.raises(SettingsError, match=r"^PORTAL_BRAND_COLOUR: must be a colour written #RRGGBB"):
            make_settings(tmp_path, brand_colour=bad)


def test_a_logo_is_a_png_or_svg_of_at_most_200_kb(tmp_path: Path) -> None:
    png, svg, jpeg, big = (tmp_path / n for n in ("logo.png", "logo.svg", "logo.jpg", "big.png"))
    png.write_bytes(PNG)
    svg.write_text(SVG)
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    big.write_bytes(PNG + b"\0" * 200 * 1024)
    for path, media_type in ((png, "image/png"), (svg, "image/svg+xml")):
        logo = logo_of(make_settings(tmp_path, brand_logo=str(path)))
        assert logo is not None
        assert (logo.media_type, logo.content) == (media_type, path.read_bytes())
    for path, problem in ((jpeg, "must be a PNG or an SVG file"), (big, "a logo may be at most 200 KB")):
        with pytest.raises(SettingsError, match=f"^PORTAL_BRAND_LOGO: .*{problem}"):
            make_settings(tmp_path, brand_logo=str(path))
    with pytest.raises(SettingsError, match=r"^PORTAL_BRAND_LOGO: no such file"):
        make_settings(tmp_path, brand_logo=str(tmp_path / "missing.svg"))
    assert logo_of(make_settings(tmp_path)) is None


def test_the_demo_sets_the_whole_brand_unless_the_environment_does(tmp_path: Path) -> None:
    branded = with_demo_brand(make_settings(tmp_path), environ={})
    assert (branded.brand_name, branded.brand_colour) == ("Nordvej Biler ApS", "#0b5e3b")
    assert branded.support_contact == "kundeservice@nordvej.dk · +45 86 00 00 00"
    logo = logo_of(branded)
    assert logo is not None and logo.media_type == "image/svg+xml"
    assert contrast_with_white(DEMO_BRAND["brand_colour"]) >= 4.5
    own = with_demo_brand(make_settings(tmp_path, brand_name="Bilhuset Ærø"), environ={"PORTAL_BRAND_NAME": "x"})
    assert own.brand_name == "Bilhuset Ærø"


def test_the_pdfs_carry_a_png_logo_or_the_png_beside_an_svg_logo(tmp_path: Path) -> None:
    png, svg = tmp_path / "mark.png", tmp_path / "logo.svg"
    png.write_bytes(PNG)
    svg.write_text(SVG)
    assert print_logo_of(make_settings(tmp_path, brand_logo=str(png))) == PNG
    assert print_logo_of(make_settings(tmp_path, brand_logo=str(svg))) is None  # the PDFs show the name alone
    (tmp_path / "logo.png").write_bytes(PNG)
    assert print_logo_of(make_settings(tmp_path, brand_logo=str(svg))) == PNG
    assert print_logo_of(make_settings(tmp_path)) is None


def test_a_png_logo_that_cannot_be_decoded_stops_the_start(tmp_path: Path) -> None:
    broken, svg = tmp_path / "broken.png", tmp_path / "logo.svg"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(SettingsError, match=r"^PORTAL_BRAND_LOGO: .*broken.png is not a readable PNG image$"):
        make_settings(tmp_path, brand_logo=str(broken))
    huge = tmp_path / "huge.png"
    out = io.BytesIO()
    Image.new("1", (5_000, 5_000)).save(out, format="PNG")  # a few KB of PNG, 100 MB once decoded as RGBA
    huge.write_bytes(out.getvalue())
    with pytest.raises(SettingsError, match=r"^PORTAL_BRAND_LOGO: .*huge.png is 5000×5000 pixels; a logo may be"):
        make_settings(tmp_path, brand_logo=str(huge))
    svg.write_text(SVG)
    (tmp_path / "logo.png").write_text(SVG)  # an SVG under a PNG's name
    with pytest.raises(SettingsError, match=r"^PORTAL_BRAND_LOGO: .*logo.png beside the SVG logo must be a PNG"):
        make_settings(tmp_path, brand_logo=str(svg))


def test_the_demo_s_pdfs_carry_its_logo(tmp_path: Path) -> None:
    branded = with_demo_brand(make_settings(tmp_path), environ={})
    rendition = Path(DEMO_BRAND["brand_logo"]).with_suffix(".png")
    assert print_logo_of(branded) == rendition.read_bytes()
    container = Container()
    container.settings.override(providers.Object(branded))
    assert container.print_logo() == rendition.read_bytes()
    renderer = container.pdf_renderer()
    assert renderer is container.pdf_renderer()  # one renderer, its logo decoded once
    pdf = renderer.render(invoice())
    assert b"/Subtype /Image" in pdf
