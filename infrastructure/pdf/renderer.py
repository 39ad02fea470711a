"""`BorbPdfRenderer`: the PdfRenderer port implemented with borb 3.0.9 (docs/adr/0008)."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC
from decimal import InvalidOperation

import msgspec
from borb.pdf import PDF, Document
from borb.pdf.primitives import datestr, hexstr, name

from application.ports.pdf_renderer import PdfDocument
from infrastructure.pdf.borb_fonts import load_fonts
from infrastructure.pdf.borb_runtime import BORB_LOCK, borb_stdout_captured, clear_borb_caches
from infrastructure.pdf.composition import compose
from infrastructure.pdf.labels import LABELS
from infrastructure.pdf.logo import PdfLogo
from infrastructure.pdf.painter import paint_pages

__all__ = ["BorbPdfRenderer"]

# Part of the document ID: bump it when the layout changes, so a re-rendered file gets a new ID.
_LAYOUT_REVISION = b"portal-pdf-layout-1"


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
        out = io.BytesIO()
        with BORB_LOCK:
            try:
                regular, bold = load_fonts()
                try:
                    logo_size = (self._logo.width, self._logo.height) if self._logo else None
                    pages = compose(doc, regular.typeface, bold.typeface, self._source_url, logo_size)
                except InvalidOperation as error:  # a quantity, percentage or rate that is not a decimal
                    raise ValueError(f"not a decimal number in {doc.type} {doc.number}") from error
                document = Document()
                self._seed_trailer(document, doc)
                paint_pages(document, pages, regular, bold, self._logo)
                if document.get_number_of_pages() != len(pages):
                    raise RuntimeError("borb added pages of its own")
                with borb_stdout_captured():
                    PDF.write(what=document, where_to=out)
            finally:
                clear_borb_caches()
        return out.getvalue()

    def _seed_trailer(self, document: Document, doc: PdfDocument) -> None:
        """Fill what borb would otherwise take from `datetime.now()` and `random` (it only fills missing keys)."""
        digest = hashlib.sha256(_LAYOUT_REVISION)
        digest.update(msgspec.json.encode(doc))
        digest.update((self._source_url or "").encode())
        if self._logo is not None:  # only then: a PDF without a logo keeps the ID it always had
            digest.update(self._logo.digest)
        document_id = hexstr(digest.hexdigest()[:32].upper())
        created = datestr(doc.version_at.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'"))
        title = f"{LABELS[doc.locale].titles[doc.type]} {doc.number}"
        document[name("Trailer")] = {
            name("ID"): [document_id, document_id],
            name("Info"): {
                name("CreationDate"): created,
                name("ModDate"): created,
                name("Producer"): "borb",
                name("Title"): hexstr("FEFF" + title.encode("utf-16-be").hex().upper()),
            },
        }
