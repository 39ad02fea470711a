"""GetMyDocument: one document's detail for the session that asks, and that session, in one read (PRODUCT §4, §11).

As `ListMyDocuments` does for the list: the session rules of `GetSession` and the rules of `GetDocument`, with the
session and the document read together (`DocumentReader.detail_for_session`).
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

from application.credentials.login_secrets import SESSION_PURPOSE
from application.errors import Unauthorized
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import DocumentDetailView
from application.queries.identity.get_session import current_session
from domain.shared.clock import business_date
from domain.shared.errors import NotFound


class GetMyDocument(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    document_id: UUID


class MyDocument(msgspec.Struct, frozen=True, kw_only=True):
    """The document, and who asked: `needs_touch` says a TouchSession is due (as `GetSession` says it)."""

    email: str
    needs_touch: bool
    document: DocumentDetailView


class GetMyDocumentHandler:
    """- No, unknown, revoked, idle or too old session → Unauthorized (whatever the document).
    - Unknown, foreign and withdrawn documents all raise the same NotFound (existence is never revealed).
    """

    def __init__(
        self, reader: DocumentReader, clock: Clock, hasher: SecretHasher, idle_minutes: int, max_hours: int
    ) -> None:
        self._reader = reader
        self._clock = clock
        self._hasher = hasher
        self._idle = dt.timedelta(minutes=idle_minutes)
        self._max_age = dt.timedelta(hours=max_hours)

    async def __call__(self, query: GetMyDocument) -> MyDocument:
        if not query.session_id:
            raise Unauthorized("not signed in")
        now = self._clock.now()
        found = await self._reader.detail_for_session(
            self._hasher.digest(SESSION_PURPOSE, query.session_id), query.document_id, today=business_date(now)
        )
        current = current_session(found.session if found else None, now, idle=self._idle, max_age=self._max_age)
        if found is None or found.document is None:
            raise NotFound("document not found")
        return MyDocument(email=current.email, needs_touch=current.needs_touch, document=found.document)
