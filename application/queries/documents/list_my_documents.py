"""ListMyDocuments: the list for the session that asks, and that session, in one read (PRODUCT §4, §11).

The customer API's list is the portal's busiest request; `ListDocuments` behind a session check costs two reads
(the session, then the list). This query reads both at once (`DocumentReader.page_for_session`) and applies the
same session rules (`SessionCheck`) and list rules (`list_request`, `page_of`) as the two it stands for.
"""

from __future__ import annotations

import msgspec

from application.ports.clock import Clock
from application.queries.documents.list_documents import ListRequest, list_request, page_of
from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import DocumentPage
from application.queries.identity.get_session import SessionCheck, SessionReader
from domain.shared.clock import business_date
from domain.shared.errors import DomainError


class ListMyDocuments(ListRequest, frozen=True, kw_only=True):
    session_id: str


class MyDocumentPage(msgspec.Struct, frozen=True, kw_only=True):
    """The page, and who asked: `needs_touch` says a TouchSession is due (as `GetSession` says it)."""

    email: str
    needs_touch: bool
    page: DocumentPage


class ListMyDocumentsHandler:
    """- No, unknown, revoked, idle or too old session → Unauthorized, before any parameter is judged (as the API
      answered when the session was checked first: 401 before 422).
    - Otherwise exactly `ListDocuments` for the session's email.
    """

    def __init__(self, reader: DocumentReader, sessions: SessionReader, check: SessionCheck, clock: Clock) -> None:
        self._reader = reader
        self._sessions = sessions
        self._check = check
        self._clock = clock

    async def __call__(self, query: ListMyDocuments) -> MyDocumentPage:
        id_hash = self._check.id_hash(query.session_id)
        try:
            flt, after = list_request(query)
        except DomainError:  # a bad parameter: judged only for a session that may ask at all
            self._check.current(await self._sessions.find(id_hash))
            raise
        today = business_date(self._clock.now())
        found = await self._reader.page_for_session(id_hash, flt, after=after, limit=query.limit + 1, today=today)
        current = self._check.current(found.session if found is not None else None)
        rows = found.items if found is not None else []
        return MyDocumentPage(email=current.email, needs_touch=current.needs_touch, page=page_of(rows, query.limit))
