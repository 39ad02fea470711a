"""SendLinkEmail: the worker mails a direct link to its party's address (PRODUCT §7 `--send`)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.links.share_document_link import LinkSettings, link_url
from application.mail.document_link_email import compose_document_link_email
from application.mail.message_ids import mail_message_id
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory
from application.ports.links import TokenSigner
from application.ports.mailer import Mailer
from application.ports.unit_of_work import UnitOfWork


class SendLinkEmail(msgspec.Struct, frozen=True, kw_only=True):
    link_id: uuid.UUID


class SendLinkEmailHandler:
    """- Sends only a usable link whose party has an address; the token is signed again from the link's row."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        signer: TokenSigner,
        mailer: Mailer,
        directory: CustomerDirectory,
        settings: LinkSettings,
        brand: str,
        mail_from: str,
        support: str | None = None,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._signer = signer
        self._mailer = mailer
        self._directory = directory
        self._settings = settings
        self._brand = brand
        self._support = support
        self._mail_from = mail_from

    async def __call__(self, cmd: SendLinkEmail) -> None:
        async with self.uow:
            link = await self.uow.links.get(cmd.link_id)
            contact = await self._directory.contact(link.party_no) if link is not None else None
            if link is not None and contact is not None and link.usable(self._clock.now()):
                await self._mailer.send(
                    compose_document_link_email(
                        to=contact[0],
                        locale=contact[1],
                        brand=self._brand,
                        contact=self._support,
                        document_type=link.document.type,
                        number=link.document.number,
                        url=link_url(self._settings, self._signer, link),
                        message_id=mail_message_id(purpose="link", key=str(link.id), mail_from=self._mail_from),
                    )
                )
            await self.uow.commit()
