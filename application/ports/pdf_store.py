"""Port: the stored PDF renderings, one per document version (PRODUCT §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

import msgspec

__all__ = ["PdfStore", "StoredPdf", "fingerprint"]

#: how many hex digits of a PDF's SHA-256 people are shown to compare copies (PRODUCT §5)
FINGERPRINT_DIGITS = 16


def fingerprint(etag: str | None) -> str | None:
    """What the detail page and `portal documents show` print of a stored PDF: the first 16 hex digits of its
    SHA-256, the start of its ETag, so a customer and staff can see they hold the same bytes.
    """
    return etag[:FINGERPRINT_DIGITS] if etag else None


class StoredPdf(msgspec.Struct, frozen=True, kw_only=True):
    """The bytes of one version's PDF; `etag` is the SHA-256 hex digest of `content`."""

    document_id: UUID
    version: int
    etag: str
    content: bytes
    rendered_at: datetime


class PdfStore(Protocol):
    """Stored PDFs keyed by (document id, content version).

    - A version's PDF never changes once stored: `put` of a key that is already there keeps the first one and
      is not an error (two renderers may race).
    - `get` answers None when the version has not been stored (yet).
    - An unreachable store raises `StoreUnavailable`.
    """

    async def get(self, document_id: UUID, version: int) -> StoredPdf | None: ...

    async def contains(self, document_id: UUID, version: int) -> bool: ...

    async def put(self, pdf: StoredPdf) -> None: ...
