"""Ports of the links context."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec

from domain.links.model import DocumentLink


class LinkClaims(msgspec.Struct, frozen=True, kw_only=True):
    """What a link token names: the link, the document, the party role and the expiry."""

    link_id: uuid.UUID
    document_id: uuid.UUID
    role: str
    expires_at: dt.datetime


class TokenSigner(Protocol):
    """Signs link claims with the first key of PORTAL_SECRET_KEYS (naming its key id); verifies with any key.

    - `verify` returns None for a token that is malformed, altered in any byte, or signed with an unknown key.
    """

    def sign(self, claims: LinkClaims) -> str: ...

    def verify(self, token: str) -> LinkClaims | None: ...


class LinkRepository(Protocol):
    def add(self, link: DocumentLink) -> None: ...

    async def get(self, link_id: uuid.UUID) -> DocumentLink | None: ...
