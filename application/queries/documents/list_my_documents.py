"""ListMyDocuments: the list for the session that asks, and that session, in one read (PRODUCT §4, §11).

The customer API's list is the portal's busiest request; `ListDocuments` behind a session check costs two reads
(the session, then the list). This query reads both at once (`DocumentReader.page_for_session`) and applies the
same session rules (`current_session`) and list rules (`list_request`, `page_of`) as the two it stands for.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from application.credentials.login_secrets import SESSION_PURPOSE
from application.errors import Unauthorized
from application.ports.clock import Clock
from application.ports.identity import SecretHasher
from application.queries.documents.list_documents import DEFAULT_LIMIT, list_request, page_of
from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import DocumentPage
from application.queries.identity.get_session import SessionReader, current_session
from domain.shared.clock import business_date
from domain.shared.errors import DomainError


class ListMyDocuments(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    type: str | None = None
    status: str | None = None
    customer: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


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

    def __init__(
        self,
        reader: DocumentReader,
        sessions: SessionReader,
        clock: Clock,
        hasher: SecretHasher,
        idle_minutes: int,
        max_hours: int,
    ) -> None:
        self._reader = reader
        self._sessions = sessions
        self._clock = clock
        self._hasher = hasher
        self._idle = dt.timedelta(minutes=idle_minutes)
        self._max_age = dt.timedelta(hours=max_hours)

    async def __call__(self, query: ListMyDocuments) -> MyDocumentPage:
        if not query.session_id:
            raise Unauthorized("not signed in")
        id_hash = self._hasher.digest(SESSION_PURPOSE, query.session_id)
        now = self._clock.now()
        try:
            flt, after = list_request(query)
        except DomainError:  # a bad parameter: judged only for a session that may ask at all
            current_session(await self._sessions.find(id_hash), now, idle=self._idle, max_age=self._max_age)
            raise
        found = await self._reader.page_for_session(
            id_hash, flt, after=after, limit=query.limit + 1, today=business_date(now)
        )
        view = found.session if found is not None else None
        current = current_session(view, now, idle=self._idle, max_age=self._max_age)
        rows = found.items if found is not None else []
        return MyDocumentPage(email=current.email, needs_touch=current.needs_touch, page=page_of(rows, query.limit))
