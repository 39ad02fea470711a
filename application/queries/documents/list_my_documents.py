"""ListMyDocuments: the list for the session that asks, and that session, in one read (PRODUCT §4, §11).

The customer API's list is the portal's busiest request; `ListDocuments` behind a session check costs two reads
(the session, then the list). This query reads both at once (`DocumentReader.page_for_session`) and applies the
same session rules (`SessionCheck`) and list rules (`list_request`, `page_of`) as the two it stands for.
"""

from __future__ import annotations

import msgspec

from application.credentials.keyed_lookup import first_found
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
        id_hashes = self._check.id_hashes(query.session_id)
        try:
            flt, after = list_request(query)
        except DomainError:  # a bad parameter: judged only for a session that may ask at all
            session = await first_found(id_hashes, self._sessions.find)
            self._check.current(session[1] if session is not None else None)
            raise
        today = business_date(self._clock.now())
        limit = query.limit + 1
        found = await first_found(
            id_hashes, lambda hashed: self._reader.page_for_session(hashed, flt, after=after, limit=limit, today=today)
        )
        page = found[1] if found is not None else None
        current = self._check.current(page.session if page is not None else None)
        rows = page.items if page is not None else []
        return MyDocumentPage(email=current.email, needs_touch=current.needs_touch, page=page_of(rows, query.limit))
