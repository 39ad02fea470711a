"""The dealer's logo as the PDFs carry it (PRODUCT §14): a PNG, decoded once when the renderer is made.

- Shown at a fixed height on the letterhead, its aspect ratio kept; a very wide logo is narrowed to a maximum width
  (and then shown lower).
- Its pixels are reduced once to what print needs at that size (about 300 dpi), so a large logo file never makes a
  large PDF, and painted losslessly: always as RGBA, which borb writes as Flate-compressed pixels with a soft mask,
  never as a JPEG.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

__all__ = ["LOGO_HEIGHT", "LOGO_MAX_WIDTH", "PdfLogo"]

LOGO_HEIGHT = 36.0  # points
LOGO_MAX_WIDTH = 180.0  # points
_PIXELS_PER_POINT = 300 / 72


@dataclass(frozen=True, slots=True)
class PdfLogo:
    """The logo's pixels (RGBA), its size on the page in points, and a digest of the file it came from."""

    image: Any  # PIL.Image.Image; borb's Image takes it as is
    width: float
    height: float
    digest: bytes

    @classmethod
    def from_png(cls, content: bytes) -> PdfLogo:
        """ValueError when `content` is not an image Pillow can read."""
        try:
            with Image.open(io.BytesIO(content)) as opened:
                image = opened.convert("RGBA")
        except OSError as exc:
            raise ValueError("the logo is not a readable image") from exc
        if image.width < 1 or image.height < 1:
            raise ValueError("the logo has no pixels")
        width, height = LOGO_HEIGHT * image.width / image.height, LOGO_HEIGHT
        if width > LOGO_MAX_WIDTH:
            width, height = LOGO_MAX_WIDTH, LOGO_MAX_WIDTH * image.height / image.width
        most = (round(width * _PIXELS_PER_POINT), round(height * _PIXELS_PER_POINT))
        if image.width > most[0] or image.height > most[1]:
            image = image.resize((max(1, most[0]), max(1, most[1])), Image.Resampling.LANCZOS)
        return cls(image=image, width=round(width, 2), height=round(height, 2), digest=hashlib.sha256(content).digest())
