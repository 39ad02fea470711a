"""SendLoginEmail: the worker mails the code and the link of one challenge (PRODUCT §2.2)."""

from __future__ import annotations

import uuid

import msgspec

from application.credentials.login_secrets import SEAL_PURPOSE, LoginSecrets, looks_like_code
from application.mail import compose_login_email, mail_message_id
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, SecretSealer
from application.ports.mailer import Mailer
from application.ports.unit_of_work import UnitOfWork


class SendLoginEmail(msgspec.Struct, frozen=True, kw_only=True):
    challenge_id: uuid.UUID
    sealed: str


class MailSettings(msgspec.Struct, frozen=True, kw_only=True):
    base_url: str
    brand: str
    mail_from: str
    ttl_minutes: int
    contact: str | None = None  # the dealer's support contact, under every email (PRODUCT §14)


class SendLoginEmailHandler:
    """- Sends only while the challenge is still open (a late job for a used or expired one sends nothing), and
      never for a decoy (an unknown address's challenge: its sealed "code" is no code, see ChallengeIssuer).
    - In the locale of the email's first customer record; Message-ID derived from the challenge, so a resend after
      a crash is recognisable as the same message.
    - Records the job as done in the inbox after sending (see ADR-0007).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        sealer: SecretSealer,
        mailer: Mailer,
        directory: CustomerDirectory,
        settings: MailSettings,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._sealer = sealer
        self._mailer = mailer
        self._directory = directory
        self._settings = settings

    async def __call__(self, cmd: SendLoginEmail) -> None:
        secrets_ = msgspec.json.decode(self._sealer.open(SEAL_PURPOSE, cmd.sealed), type=LoginSecrets)
        async with self.uow:
            challenge = await self.uow.challenges.get(cmd.challenge_id)
            if challenge is not None and challenge.is_open(self._clock.now()) and looks_like_code(secrets_.code):
                email = challenge.email.value
                record = await self._directory.first_record(email)
                await self._mailer.send(
                    compose_login_email(
                        to=email,
                        locale=record[1] if record else "da",
                        brand=self._settings.brand,
                        contact=self._settings.contact,
                        code=secrets_.code,
                        link_url=f"{self._settings.base_url.rstrip('/')}/login/link/{secrets_.token}",
                        ttl_minutes=self._settings.ttl_minutes,
                        message_id=mail_message_id(
                            purpose="login", key=str(cmd.challenge_id), mail_from=self._settings.mail_from
                        ),
                    )
                )
            await self.uow.commit()
