"""`/dev/sms` and `/dev/sms.json` (PRODUCT §9, embedded mode only): what the embedded SMS outbox holds."""

from __future__ import annotations

import html

import msgspec
from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency

from application.messagebus import MessageBus
from application.queries.automation.list_sent_sms import ListSentSms
from application.queries.automation.views import SentSmsView

_NO_STORE = {"Cache-Control": "no-store"}


class DevSmsController(Controller):
    path = "/dev"
    include_in_schema = False

    @get("/sms.json", media_type=MediaType.JSON)
    async def sms_json(self, bus: NamedDependency[MessageBus]) -> Response[bytes]:
        """Newest first: `id`, `to`, `sender`, `text`, `key` (the flow run's idempotency key), `sent_at`."""
        sent: list[SentSmsView] = await bus.handle(ListSentSms())
        return Response(msgspec.json.encode(sent), media_type=MediaType.JSON, headers=_NO_STORE)

    @get("/sms", media_type=MediaType.HTML)
    async def sms_page(self, bus: NamedDependency[MessageBus]) -> Response[str]:
        sent: list[SentSmsView] = await bus.handle(ListSentSms())
        items = "".join(
            f'<article><h2>{html.escape(m.to)}</h2><p><time datetime="{m.sent_at.isoformat()}">'
            f"{m.sent_at:%Y-%m-%d %H:%M:%S} UTC</time> · {html.escape(m.sender)}</p>"
            f"<pre>{html.escape(m.text)}</pre></article>"
            for m in sent
        )
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sent SMS</title></head><body><main>'
            "<h1>Sent SMS</h1><p>Messages kept by the built-in SMS outbox (development mode only), newest first.</p>"
            f"{items or '<p>No SMS has been sent yet.</p>'}</main></body></html>"
        )
        return Response(body, media_type=MediaType.HTML, headers=_NO_STORE)
