"""The HTTP answer of a PDF download (PRODUCT §5): strong ETag, 304 on a match, attachment otherwise; and the
statement of account's (PRODUCT §13), rendered on each request.
"""

from __future__ import annotations

from litestar import Response

from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_statement_pdf import StatementPdfView
from application.queries.documents.pdf_views import DocumentPdfView

PDF = "application/pdf"
_CACHE_CONTROL = "private, no-cache"


def quoted_etag(pdf: StoredPdf) -> str:
    return f'"{pdf.etag}"'


def is_not_modified(if_none_match: str | None, pdf: StoredPdf) -> bool:
    """Whether `If-None-Match` names this PDF (`*`, or a list of tags; weak comparison, RFC 9110 §13.1.2)."""
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or quoted_etag(pdf) in (tag.removeprefix("W/") for tag in tags)


def not_modified(pdf: StoredPdf) -> Response[bytes]:
    return Response(content=b"", status_code=304, headers={"ETag": quoted_etag(pdf), "Cache-Control": _CACHE_CONTROL})


def pdf_download(view: DocumentPdfView, pdf: StoredPdf) -> Response[bytes]:
    return Response(
        content=pdf.content,
        media_type=PDF,
        headers={
            "ETag": quoted_etag(pdf),
            "Cache-Control": _CACHE_CONTROL,
            "Content-Disposition": f'attachment; filename="{view.filename}"',
        },
    )


def statement_download(view: StatementPdfView) -> Response[bytes]:
    """A statement of account as an attachment; rendered for this request, so it is never kept by a cache."""
    return Response(
        content=view.content,
        media_type=PDF,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'attachment; filename="{view.filename}"',
        },
    )
