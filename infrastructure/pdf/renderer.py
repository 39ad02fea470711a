"""`BorbPdfRenderer`: the PdfRenderer port implemented with borb 3.0.9 (docs/adr/0008)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import UTC, datetime, time
from decimal import InvalidOperation
from zoneinfo import ZoneInfo

import msgspec
from borb.pdf import PDF, Document
from borb.pdf.primitives import datestr, hexstr, name

from application.ports.pdf_renderer import PdfDocument, PdfStatement
from infrastructure.pdf.borb_fonts import LoadedFont, load_fonts
from infrastructure.pdf.borb_runtime import BORB_LOCK, borb_stdout_captured, clear_borb_caches
from infrastructure.pdf.composition import compose
from infrastructure.pdf.drawing import Op
from infrastructure.pdf.labels import LABELS
from infrastructure.pdf.logo import PdfLogo
from infrastructure.pdf.painter import paint_pages
from infrastructure.pdf.statement_labels import STATEMENT_LABELS
from infrastructure.pdf.statement_layout import compose_statement

__all__ = ["BorbPdfRenderer"]

# Part of the document ID: bump it when the layout changes, so a re-rendered file gets a new ID.
_LAYOUT_REVISION = b"portal-pdf-layout-1"
_STATEMENT_LAYOUT_REVISION = b"portal-statement-layout-1"
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class BorbPdfRenderer:
    """Renders a `PdfDocument` to PDF bytes with borb.

    - Deterministic: creation and modification date = `version_at`; the trailer ID is a hash of the content;
      nothing reads the clock or the global random generator.
    - The Producer stays "borb", as borb's AGPL Section 7(b) term requires.
    - Thread-safe: renders one document at a time per process (borb's fonts and caches are shared state).
    - `source_url`, when given, is printed in every page's footer (the AGPL source offer, PORTAL_SOURCE_URL).
    - `logo`, a PNG (the dealer's, PRODUCT §14), heads the first page; it is decoded here, once, not per render.
      Without one the output is byte for byte what it was before logos existed.
    """

    def __init__(self, source_url: str | None = None, logo: bytes | None = None) -> None:
        self._source_url = source_url or None
        self._logo = PdfLogo.from_png(logo) if logo else None

    def render(self, doc: PdfDocument) -> bytes:
        if doc.version_at.utcoffset() is None:
            raise ValueError("version_at must be timezone-aware")
        title = f"{LABELS[doc.locale].titles[doc.type]} {doc.number}"

        logo_size = (self._logo.width, self._logo.height) if self._logo else None

        def pages(regular: LoadedFont, bold: LoadedFont) -> list[list[Op]]:
            try:
                return compose(doc, regular.typeface, bold.typeface, self._source_url, logo_size)
            except InvalidOperation as error:  # a quantity, percentage or rate that is not a decimal
                raise ValueError(f"not a decimal number in {doc.type} {doc.number}") from error

        content = _LAYOUT_REVISION + msgspec.json.encode(doc)
        return self._write(pages, content, doc.version_at, title, self._logo)

    def render_statement(self, statement: PdfStatement) -> bytes:
        """A statement of account (StatementPdfRenderer); its creation date is the start of `as_of` in Copenhagen."""
        title = f"{STATEMENT_LABELS[statement.locale].title} {statement.customer.customer_no}"
        created = datetime.combine(statement.as_of, time(0), tzinfo=_COPENHAGEN)

        logo_size = (self._logo.width, self._logo.height) if self._logo else None

        def pages(regular: LoadedFont, bold: LoadedFont) -> list[list[Op]]:
            return compose_statement(statement, regular.typeface, bold.typeface, self._source_url, logo_size)

        content = _STATEMENT_LAYOUT_REVISION + msgspec.json.encode(statement)
        return self._write(pages, content, created, title, self._logo)

    def _write(
        self,
        pages_of: Callable[[LoadedFont, LoadedFont], list[list[Op]]],
        content: bytes,
        created: datetime,
        title: str,
        logo: PdfLogo | None,
    ) -> bytes:
        out = io.BytesIO()
        with BORB_LOCK:
            try:
                regular, bold = load_fonts()
                pages = pages_of(regular, bold)
                document = Document()
                self._seed_trailer(document, content, created, title, logo)
                paint_pages(document, pages, regular, bold, logo)
                if document.get_number_of_pages() != len(pages):
                    raise RuntimeError("borb added pages of its own")
                with borb_stdout_captured():
                    PDF.write(what=document, where_to=out)
            finally:
                clear_borb_caches()
        return out.getvalue()

    def _seed_trailer(
        self, document: Document, content: bytes, created: datetime, title: str, logo: PdfLogo | None
    ) -> None:
        """Fill what borb would otherwise take from `datetime.now()` and `random` (it only fills missing keys)."""
        digest = hashlib.sha256(content)
        digest.update((self._source_url or "").encode())
        if logo is not None:  # only then: a PDF without a logo keeps the ID it always had
            digest.update(logo.digest)
        document_id = hexstr(digest.hexdigest()[:32].upper())
        stamp = datestr(created.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'"))
        document[name("Trailer")] = {
            name("ID"): [document_id, document_id],
            name("Info"): {
                name("CreationDate"): stamp,
                name("ModDate"): stamp,
                name("Producer"): "borb",
                name("Title"): hexstr("FEFF" + title.encode("utf-16-be").hex().upper()),
            },
        }
