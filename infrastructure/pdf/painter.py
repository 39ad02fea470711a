"""Paint laid-out pages with borb: text as Chunks in the embedded fonts, rules and bands as filled Shapes, the logo
as an Image.
"""

from __future__ import annotations

from typing import Any

from borb.pdf import Chunk, Document, HexColor, Image, Page, Shape

from infrastructure.pdf.borb_fonts import LoadedFont
from infrastructure.pdf.drawing import PAGE_HEIGHT, PAGE_WIDTH, LogoOp, Op, TextOp
from infrastructure.pdf.logo import PdfLogo

__all__ = ["paint_pages"]


def paint_pages(
    document: Document, pages: list[list[Op]], regular: LoadedFont, bold: LoadedFont, logo: PdfLogo | None = None
) -> None:
    """Append one borb page per laid-out page and draw its ops at their absolute positions."""
    colors: dict[str, Any] = {}

    def color(hex_code: str) -> Any:
        if hex_code not in colors:
            colors[hex_code] = HexColor(hex_code)
        return colors[hex_code]

    for ops in pages:
        page = Page(width_in_points=PAGE_WIDTH, height_in_points=PAGE_HEIGHT)
        document.append_page(page)
        for op in ops:
            if isinstance(op, TextOp):
                font = (bold if op.bold else regular).borb_font
                # A box exactly one font size tall: borb puts the baseline on its bottom edge.
                Chunk(op.text, font=font, font_size=op.size, font_color=color(op.color)).paint(
                    available_space=(op.x, round(PAGE_HEIGHT - op.y, 2), PAGE_WIDTH, op.size), page=page
                )
            elif isinstance(op, LogoOp):
                if logo is None:
                    raise ValueError("the layout places a logo, but the renderer has none")
                # a new borb Image per paint: it converts the pixels it is given while painting
                Image(logo.image, size=(op.width, op.height)).paint(
                    available_space=(op.x, round(PAGE_HEIGHT - op.y - op.height, 2), op.width, op.height), page=page
                )
            else:
                box = [(0, 0), (op.width, 0), (op.width, op.height), (0, op.height)]
                Shape(box, fill_color=color(op.color), stroke_color=None, line_width=0).paint(
                    available_space=(op.x, round(PAGE_HEIGHT - op.y - op.height, 2), op.width, op.height), page=page
                )
