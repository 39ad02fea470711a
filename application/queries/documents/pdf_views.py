"""Read models of the PDF download (PRODUCT §5): which version to serve, and its stored bytes if any."""

from __future__ import annotations

import re
from uuid import UUID

import msgspec

from application.ports.pdf_store import StoredPdf

_PREFIXES = {"quote": "Quote", "order": "Order", "invoice": "Invoice", "credit_note": "CreditNote"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class PdfSourceView(msgspec.Struct, frozen=True, kw_only=True):
    """The document whose PDF is asked for, at its current version."""

    id: UUID
    type: str
    number: str
    version: int


class DocumentPdfView(msgspec.Struct, frozen=True, kw_only=True):
    """The PDF to serve; `pdf` is None while the version is not stored yet (the caller renders it and asks again)."""

    document_id: UUID
    version: int
    filename: str
    pdf: StoredPdf | None


def pdf_view(source: PdfSourceView, pdf: StoredPdf | None) -> DocumentPdfView:
    return DocumentPdfView(
        document_id=source.id, version=source.version, filename=pdf_filename(source.type, source.number), pdf=pdf
    )


def pdf_filename(type_: str, number: str) -> str:
    """`Invoice-INV-10023.pdf` (`Quote-`, `Order-`, `CreditNote-`); characters unsafe in a header become `_`."""
    return f"{_PREFIXES.get(type_, 'Document')}-{_UNSAFE.sub('_', number)}.pdf"
