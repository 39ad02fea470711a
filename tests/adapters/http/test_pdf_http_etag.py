"""If-None-Match against a stored PDF's strong ETag (RFC 9110 weak comparison), and the download headers."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.ports.pdf_store import StoredPdf
from application.queries.documents.pdf_views import DocumentPdfView
from interfaces.http.pdf_response import is_not_modified, not_modified, pdf_download

pytestmark = pytest.mark.adapter

PDF = StoredPdf(
    document_id=uuid.uuid4(), version=3, etag="ab" * 32, content=b"%PDF-1.7", rendered_at=dt.datetime.now(dt.UTC)
)
TAG = f'"{"ab" * 32}"'


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        (TAG, True),
        (f"W/{TAG}", True),
        (f'"other", {TAG}', True),
        ("*", True),
        ('"other"', False),
        ("ab" * 32, False),  # unquoted is not an entity tag
    ],
)
def test_if_none_match(header: str | None, matches: bool) -> None:
    assert is_not_modified(header, PDF) is matches


def test_headers_of_a_download_and_of_a_304() -> None:
    view = DocumentPdfView(document_id=PDF.document_id, version=3, filename="Invoice-INV-10023.pdf", pdf=PDF)
    download = pdf_download(view, PDF)
    assert download.content == PDF.content
    assert download.media_type == "application/pdf"
    assert download.headers["ETag"] == TAG
    assert download.headers["Content-Disposition"] == 'attachment; filename="Invoice-INV-10023.pdf"'
    assert download.headers["Cache-Control"] == "private, no-cache"
    unchanged = not_modified(PDF)
    assert (unchanged.status_code, unchanged.content, unchanged.headers["ETag"]) == (304, b"", TAG)
