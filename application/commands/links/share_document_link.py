"""ShareDocumentLink: staff make a signed direct link to one document for one party (PRODUCT §7)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from application import jobs
from application.ports.clock import Clock
from application.ports.links import LinkClaims, TokenSigner
from application.ports.unit_of_work import UnitOfWork
from domain.links.model import DocumentLink, InvalidLink
from domain.shared.errors import NotFound

_MAX_DAYS = 365


class ShareDocumentLink(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    number: str
    party: str = "customer"
    send: bool = False
    expires_in_days: int | None = None


class SharedLink(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    url: str
    expires_at: dt.datetime


class LinkSettings(msgspec.Struct, frozen=True, kw_only=True):
    base_url: str
    ttl_days: int = 30


def link_url(settings: LinkSettings, signer: TokenSigner, link: DocumentLink) -> str:
    claims = LinkClaims(link_id=link.id, document_id=link.document.id, role=link.role, expires_at=link.expires_at)
    return f"{settings.base_url.rstrip('/')}/l/{signer.sign(claims)}"


class ShareDocumentLinkHandler:
    """- The document must exist and not be withdrawn (else NotFound); `bill_to` needs a bill-to party.
    - Expires after `expires_in_days` (1–365) or PORTAL_LINK_TTL_DAYS; records `link.shared`.
    - With `send`, a job emails the link to the party's address.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, signer: TokenSigner, settings: LinkSettings) -> None:
        self.uow = uow
        self._clock = clock
        self._signer = signer
        self._settings = settings

    async def __call__(self, cmd: ShareDocumentLink) -> SharedLink:
        days = self._settings.ttl_days if cmd.expires_in_days is None else cmd.expires_in_days
        if not 1 <= days <= _MAX_DAYS:
            raise InvalidLink("expires_in_days must be between 1 and 365", [("/expires_in_days", "1–365")])
        async with self.uow:
            document = await self.uow.documents.get_by_number(cmd.type, cmd.number)
            if document is None or document.withdrawn:
                raise NotFound(f"no {cmd.type} {cmd.number}")
            party_no = document.customer_no if cmd.party == "customer" else document.bill_to_no
            link = DocumentLink.share(
                link_id=uuid.uuid4(),
                document=document.ref,
                role=cmd.party,
                party_no=party_no,
                now=self._clock.now(),
                ttl=dt.timedelta(days=days),
            )
            self.uow.links.add(link)
            if cmd.send:
                self.uow.outbox.enqueue(jobs.SEND_LINK_EMAIL, {"link_id": str(link.id)})
            await self.uow.commit()
        return SharedLink(id=link.id, url=link_url(self._settings, self._signer, link), expires_at=link.expires_at)
