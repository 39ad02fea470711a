"""What a flow action sends, rendered once from the envelope, the party's record and a fresh §7 link."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

from application.commands.automation.flow_templates import render_template, uses_link
from application.commands.links.share_document_link import LinkSettings, link_url
from application.events.envelope import Envelope
from application.ports.links import TokenSigner
from application.ports.unit_of_work import UnitOfWork
from domain.automation.run import FlowRun
from domain.documents.customer import Customer
from domain.links.model import DocumentLink


class ActionImpossible(Exception):
    """The action cannot be taken for this event (no phone, no address, a failing template); never retried."""


class PayloadComposer:
    """Renders a run's action.

    - `customer` is the party's record (`customer_no`, `name`, `email`, `phone`, `locale`, `address`).
    - `link` is made only when a template names it and the event concerns a document: a §7 direct link for the
      party, with an id derived from the run, stored in the same unit of work as the rendered payload.
    - sms → `{to, text}`; email → `{to, subject, text}`; webhook → `{url, body}` (the envelope as JSON);
      log → `{text}`.
    """

    def __init__(self, signer: TokenSigner, settings: LinkSettings) -> None:
        self._signer = signer
        self._settings = settings

    async def compose(self, run: FlowRun, envelope: Envelope, uow: UnitOfWork, now: dt.datetime) -> dict[str, Any]:
        action = run.action
        if action.type == "webhook":
            return {"url": action.url, "body": msgspec.json.encode(envelope).decode()}
        customer = await uow.customers.get(envelope.party) if envelope.party else None
        context: dict[str, Any] = {**envelope.to_builtins(), "customer": _record(customer), "link": ""}
        if any(uses_link(text) for text in action.templates):
            context["link"] = await self._link(run, envelope, uow, now)
        if action.type == "sms":
            if customer is None or not customer.phone:
                raise ActionImpossible("the party has no phone number")
            return {"to": customer.phone, "text": render_template(action.text, context)}
        if action.type == "email":
            to = (customer.email if customer else None) if action.to == "party" else action.to
            if not to:
                raise ActionImpossible("the party has no email address")
            subject = render_template(action.subject, context).replace("\r", " ").replace("\n", " ")
            return {"to": to, "subject": subject, "text": render_template(action.text, context)}
        return {"text": render_template(action.text, context)}

    async def _link(self, run: FlowRun, envelope: Envelope, uow: UnitOfWork, now: dt.datetime) -> str:
        if envelope.document is None or envelope.party is None:
            return ""
        document = await uow.documents.get(envelope.document.id)
        if document is None or document.withdrawn:
            return ""
        role = "bill_to" if envelope.party == document.bill_to_no != document.customer_no else "customer"
        link = DocumentLink.share(
            link_id=uuid.uuid5(run.id, "link"),
            document=document.ref,
            role=role,
            party_no=envelope.party,
            now=now,
            ttl=dt.timedelta(days=self._settings.ttl_days),
        )
        uow.links.add(link)
        return link_url(self._settings, self._signer, link)


def _record(customer: Customer | None) -> dict[str, Any] | None:
    if customer is None:
        return None
    return {
        "customer_no": customer.customer_no,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "locale": customer.locale,
        "address": list(customer.details.address),
    }
