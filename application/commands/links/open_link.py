"""OpenLink: someone follows a direct link (PRODUCT §7); decides where they land and logs the opening."""

from __future__ import annotations

import uuid
from typing import Literal

import msgspec

from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory
from application.ports.links import TokenSigner
from application.ports.unit_of_work import UnitOfWork
from domain.documents.model import Document
from domain.identity.email_address import EmailAddress

Outcome = Literal["document", "sign_in", "not_found", "expired"]


class OpenLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    email: str | None = None


class LinkLanding(msgspec.Struct, frozen=True, kw_only=True):
    """`document`: go to it; `sign_in`: offer to email a code to `masked_email`; `not_found`; `expired`."""

    outcome: Outcome
    document_id: uuid.UUID | None = None
    masked_email: str | None = None


class OpenLinkHandler:
    """A link never grants access by itself.

    - Tampered, unknown-key or unknown-link tokens, a withdrawn document, or a person signed in who may not see
      the document → `not_found` (the same as any foreign document).
    - Expired or revoked → `expired`: a page that reveals nothing but offers a fresh sign-in link to the party.
    - Signed in and allowed → `document`; signed out → `sign_in` with the party's address masked.
    - Every opening of a genuine link is recorded (`link.opened`, with its outcome).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, signer: TokenSigner, directory: CustomerDirectory) -> None:
        self.uow = uow
        self._clock = clock
        self._signer = signer
        self._directory = directory

    async def __call__(self, cmd: OpenLink) -> LinkLanding:
        claims = self._signer.verify(cmd.token)
        if claims is None:
            return LinkLanding(outcome="not_found")
        now = self._clock.now()
        async with self.uow:
            link = await self.uow.links.get(claims.link_id)
            document = await self.uow.documents.get(claims.document_id)
            if link is None or document is None or link.document.id != document.id or link.role != claims.role:
                return LinkLanding(outcome="not_found")
            landing = await self._landing(link.usable(now), document, link.party_no, cmd.email)
            link.record_opening(now, landing.outcome)
            await self.uow.commit()
        return landing

    async def _landing(self, usable: bool, document: Document, party_no: str, email: str | None) -> LinkLanding:
        if document.withdrawn:
            return LinkLanding(outcome="not_found")
        if not usable:
            return LinkLanding(outcome="expired")
        if email is not None:
            records = set(await self._directory.records(EmailAddress.of(email).value))
            if records & {document.customer_no, document.bill_to_no}:
                return LinkLanding(outcome="document", document_id=document.id)
            return LinkLanding(outcome="not_found")
        contact = await self._directory.contact(party_no)
        if contact is None:
            return LinkLanding(outcome="expired")
        masked = EmailAddress.of(contact[0]).masked
        return LinkLanding(outcome="sign_in", document_id=document.id, masked_email=masked)
