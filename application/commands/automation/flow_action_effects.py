"""Takes a prepared flow action's effect: an SMS, an email, a signed webhook or a log line."""

from __future__ import annotations

import html
from typing import Any

import structlog

from application.mail.message_ids import mail_message_id
from application.ports.mailer import Mailer, MailRejected, MailUnavailable, OutgoingMail
from application.ports.sms import SmsGateway, SmsMessage, SmsRejected, SmsUnavailable
from application.ports.webhooks import WebhookDelivery, WebhookFailed, WebhookSender
from domain.automation.run import FlowRun

_log = structlog.get_logger("portal.flows")

#: Failures worth retrying (with backoff); after the last retry the run is marked failed.
TRANSIENT = (SmsUnavailable, MailUnavailable, WebhookFailed)
#: Failures no retry will cure: the run is marked failed at once.
PERMANENT = (SmsRejected, MailRejected)


class ActionEffects:
    """Sends what `PayloadComposer` rendered; returns a short note for the run record (an id or a status)."""

    def __init__(self, sms: SmsGateway, webhooks: WebhookSender, mailer: Mailer, mail_from: str) -> None:
        self._sms = sms
        self._webhooks = webhooks
        self._mailer = mailer
        self._mail_from = mail_from

    async def take(self, run: FlowRun, payload: dict[str, Any], *, event_type: str) -> str:
        kind = run.action.type
        if kind == "sms":
            sms_id = await self._sms.send(SmsMessage(to=payload["to"], text=payload["text"], key=run.key))
            return f"sms {sms_id}"
        if kind == "email":
            await self._mailer.send(
                OutgoingMail(
                    to=payload["to"],
                    subject=payload["subject"],
                    text=payload["text"],
                    html=_html(payload["subject"], payload["text"]),
                    message_id=mail_message_id(purpose="flow", key=str(run.id), mail_from=self._mail_from),
                )
            )
            return "mail accepted"
        if kind == "webhook":
            status = await self._webhooks.deliver(
                WebhookDelivery(
                    url=payload["url"],
                    body=payload["body"].encode(),
                    secret=run.action.secret,
                    key=run.key,
                    event_type=event_type,
                )
            )
            return f"HTTP {status}"
        _log.info("flow.log", flow=run.flow_name, run_id=str(run.id), text=payload["text"])
        return str(payload["text"])


def _html(subject: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(subject)}</title></head>'
        f"<body>{paragraphs}</body></html>"
    )
