"""UseSession: a read made for the person behind a session, then the session's idle-time write when that read says
it is due (at most once a minute; PRODUCT §2, §11). The one home of "read, then touch" for the API's principal,
the document list, a document's detail and its PDF.
"""

from __future__ import annotations

import contextlib
from typing import Any

import msgspec

from application.commands.identity.touch_session import TouchSession
from application.messagebus import MessageBus
from application.queries.documents.get_my_document import GetMyDocument
from application.queries.documents.get_my_document_pdf import GetMyDocumentPdf
from application.queries.documents.list_my_documents import ListMyDocuments
from application.queries.identity.get_session import GetSession
from domain.shared.errors import ConcurrencyConflict


class UseSession(msgspec.Struct, frozen=True, kw_only=True):
    """`query`: a read by `session_id` whose answer carries `needs_touch`."""

    query: GetSession | ListMyDocuments | GetMyDocument | GetMyDocumentPdf


class UseSessionHandler:
    """- The query's answer, whatever it raises (Unauthorized without a live session, NotFound...).
    - TouchSession when the answer says it is due; a parallel request of the same person may touch it first, which
      is as good.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: UseSession) -> Any:
        answer = await self._bus.handle(cmd.query)
        if answer.needs_touch:
            with contextlib.suppress(ConcurrencyConflict):
                await self._bus.handle(TouchSession(session_id=cmd.query.session_id))
        return answer
