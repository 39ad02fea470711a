"""Port: the stored PDF renderings, one per document version (PRODUCT §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

import msgspec

__all__ = ["PdfStore", "StoredPdf"]


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
