"""The dealer's brand (PRODUCT §14): its colour, checked for contrast, and its logo, checked for type and size.

One installation serves one dealer. Both are read once at start; a bad value stops the process with one line naming
the variable (as every setting does), so a portal never starts with white text nobody can read on the buttons.

PDFs carry the logo as a PNG (borb cannot draw SVG, docs/adr/0029): a PNG logo itself, or for an SVG logo the PNG
rendition beside it with the same name (`logo.svg` → `logo.png`); an SVG logo without one leaves the PDFs with the
seller's name alone.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from infrastructure.settings import Settings

MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal text: white on the brand colour
MAX_LOGO_BYTES = 200 * 1024
MAX_LOGO_SIDE = 4096  # pixels
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_PNG = b"\x89PNG\r\n\x1a\n"


class BrandProblem(ValueError):
    """What is wrong with a brand setting, in words for the operator."""


class Logo(msgspec.Struct, frozen=True):
    content: bytes
    media_type: str  # image/png or image/svg+xml


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white text on `colour` (#RRGGBB): 1.0 (white) to 21.0 (black)."""
    return (1.0 + 0.05) / (_luminance(colour) + 0.05)


def checked_colour(colour: str) -> str:
    """`colour` in lower case, or BrandProblem: not #RRGGBB, or white text on it too faint."""
    if not _COLOUR.fullmatch(colour):
        raise BrandProblem("must be a colour written #RRGGBB, such as #0b5e3b")
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        raise BrandProblem(
            f"white text on {colour} has a contrast of {ratio:.1f}:1; it needs at least {MIN_CONTRAST}:1"
        )
    return colour.lower()


def read_logo(path: str) -> Logo:
    """The logo file's bytes and type, or BrandProblem: missing, not a PNG or SVG, or over 200 KB."""
    file = Path(path)
    if not file.is_file():
        raise BrandProblem(f"no such file: {path}")
    content = file.read_bytes()
    if len(content) > MAX_LOGO_BYTES:
        raise BrandProblem(f"{len(content) // 1024} KB; a logo may be at most {MAX_LOGO_BYTES // 1024} KB")
    if content.startswith(_PNG):
        return Logo(content, "image/png")
    head = content[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in content[:4096].lower():
        return Logo(content, "image/svg+xml")
    raise BrandProblem("must be a PNG or an SVG file")


def logo_of(settings: Settings) -> Logo | None:
    """The configured logo (PORTAL_BRAND_LOGO), or None when there is none."""
    return read_logo(settings.brand_logo) if settings.brand_logo else None


def read_print_logo(path: str) -> bytes | None:
    """The PNG the PDFs carry for the logo at `path`, or None (an SVG without a PNG beside it).

    BrandProblem: the logo, or the PNG beside an SVG, is not a readable PNG of at most 200 KB.
    """
    logo = read_logo(path)
    if logo.media_type == "image/png":
        _check_decodes(logo.content, path)
        return logo.content
    beside = Path(path).with_suffix(".png")
    if not beside.is_file():
        return None
    rendition = read_logo(str(beside))
    if rendition.media_type != "image/png":
        raise BrandProblem(f"{beside} beside the SVG logo must be a PNG (the PDFs carry it)")
    _check_decodes(rendition.content, str(beside))
    return rendition.content


def print_logo_of(settings: Settings) -> bytes | None:
    """The PNG the PDFs carry for the configured logo, or None (no logo, or an SVG logo without a PNG beside it)."""
    return read_print_logo(settings.brand_logo) if settings.brand_logo else None


def _check_decodes(content: bytes, path: str) -> None:
    """A PNG signature on a file Pillow cannot decode would fail every PDF; refuse it at start instead.

    - A logo is at most MAX_LOGO_SIDE pixels on a side: 200 KB of PNG can hold an image that takes gigabytes once
      decoded.
    """
    from PIL import Image  # noqa: PLC0415 - only a process with a PNG logo pays for Pillow

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if max(width, height) <= MAX_LOGO_SIDE:
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BrandProblem(f"{path} is not a readable PNG image") from exc
    if max(width, height) > MAX_LOGO_SIDE:
        raise BrandProblem(f"{path} is {width}×{height} pixels; a logo may be at most {MAX_LOGO_SIDE} on a side")


def _luminance(colour: str) -> float:
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # noqa: PLR2004
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
