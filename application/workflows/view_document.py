"""Viewing a document's detail (PRODUCT §4, §8): the read, then `document.viewed` recorded through the record the
person sees it by. `ViewMyDocument` for the API (the session and the document in one read, PRODUCT §11),
`ViewDocument` for the pages (the page has read the session already).
"""

from __future__ import annotations

import uuid

import msgspec

from application.commands.documents.record_document_viewed import RecordDocumentViewed
from application.messagebus import MessageBus
from application.queries.documents.get_document import GetDocument
from application.queries.documents.get_my_document import GetMyDocument, MyDocument
from application.queries.documents.views import DocumentDetailView, party_of
from application.workflows.use_session import UseSession


class ViewMyDocument(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    document_id: uuid.UUID


class ViewDocument(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    document_id: uuid.UUID


class ViewMyDocumentHandler:
    """- `GetMyDocument`: Unauthorized without a live session, NotFound for what the person may not see.
    - Through `UseSession` (the session's idle-time write when due), then `RecordDocumentViewed`; the detail is the
      answer.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: ViewMyDocument) -> DocumentDetailView:
        read = GetMyDocument(session_id=cmd.session_id, document_id=cmd.document_id)
        mine: MyDocument = await self._bus.handle(UseSession(query=read))
        await _record(self._bus, mine.document)
        return mine.document


class ViewDocumentHandler:
    """- `GetDocument`: NotFound for what the person may not see; then `RecordDocumentViewed`."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: ViewDocument) -> DocumentDetailView:
        view: DocumentDetailView = await self._bus.handle(GetDocument(email=cmd.email, document_id=cmd.document_id))
        await _record(self._bus, view)
        return view


async def _record(bus: MessageBus, view: DocumentDetailView) -> None:
    await bus.handle(
        RecordDocumentViewed(document_id=view.id, type=view.type, number=view.number, party=party_of(view))
    )
