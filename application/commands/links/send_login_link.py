"""SendLoginLink: staff send the §2 sign-in email to a customer's address (PRODUCT §7, `login_link.sent`)."""

from __future__ import annotations

import msgspec

from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.errors import InvalidCustomer
from domain.identity.email_address import EmailAddress
from domain.identity.events import LoginLinkSent
from domain.shared.errors import NotFound


class SendLoginLink(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str


class SendLoginLinkHandler:
    """- The customer must exist (NotFound) and have an email (InvalidCustomer). Nothing secret is returned: the
    code and link travel only in the email. Lands on the overview after sign-in.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, issuer: ChallengeIssuer) -> None:
        self.uow = uow
        self._clock = clock
        self._issuer = issuer

    async def __call__(self, cmd: SendLoginLink) -> None:
        now = self._clock.now()
        async with self.uow:
            customer = await self.uow.customers.get(cmd.customer_no)
            if customer is None:
                raise NotFound(f"no customer {cmd.customer_no}")
            if not customer.email:
                raise InvalidCustomer(f"customer {cmd.customer_no} has no email address", [("/email", "missing")])
            self._issuer.issue(self.uow, EmailAddress.of(customer.email), now)
            self.uow.outbox.publish(LoginLinkSent(occurred_at=now, party=cmd.customer_no))
            await self.uow.commit()
