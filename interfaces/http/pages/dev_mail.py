"""`/dev/mail` and `/dev/mail.json` (PRODUCT §9, embedded mode only): the mail the embedded SMTP server caught."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import msgspec
from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.response import Template

from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.site import NO_STORE, PageSite


@runtime_checkable
class CapturedMailbox(Protocol):
    """The embedded SMTP server as these routes read it.

    - `messages()` returns what it caught, oldest first: msgspec structs with `id`, `to`, `subject`,
      `received_at` and `text`.
    """

    def messages(self) -> list[Any]: ...


class DevMailController(Controller):
    path = "/dev"
    include_in_schema = False

    @get("/mail")
    async def mail_page(
        self,
        request: Request[Any, Any, Any],
        mailbox: NamedDependency[CapturedMailbox],
        site: NamedDependency[PageSite],
    ) -> Template:
        """Newest first: subject, recipients, time and the text part."""
        messages = list(reversed(mailbox.messages()))
        return site.page(request, "dev_mail.html", choose_language(request), context={"messages": messages})

    @get("/mail.json", media_type=MediaType.JSON)
    async def mail_json(self, mailbox: NamedDependency[CapturedMailbox]) -> Response[bytes]:
        """The same messages, newest first, as JSON (`from`, `to`, `subject`, `text`, `html`, `headers`, …)."""
        body = msgspec.json.encode(list(reversed(mailbox.messages())))
        return Response(body, media_type=MediaType.JSON, headers=NO_STORE)
