"""RequestLinkSignIn: from a direct link's landing page, email a sign-in code to the link's party (PRODUCT §7)."""

from __future__ import annotations

import msgspec

from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.rate_limits import enforce
from application.commands.identity.request_login import LoginPolicy
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, RateLimiter
from application.ports.links import TokenSigner
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress


class RequestLinkSignIn(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    ip: str
    browser_cookie: str | None = None


class RequestLinkSignInHandler:
    """- For a genuine link (usable or expired, not revoked-and-withdrawn), a sign-in email goes to the party's own
    address, landing on the document after sign-in; the answer never reveals the address or whether it was sent.
    - Rate-limited like the sign-in form (per IP and per address).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        signer: TokenSigner,
        issuer: ChallengeIssuer,
        limiter: RateLimiter,
        directory: CustomerDirectory,
        policy: LoginPolicy,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._signer = signer
        self._issuer = issuer
        self._limiter = limiter
        self._directory = directory
        self._policy = policy

    async def __call__(self, cmd: RequestLinkSignIn) -> None:
        now = self._clock.now()
        await enforce(self._limiter, f"login-ip:{cmd.ip}", self._policy.per_ip, now)
        claims = self._signer.verify(cmd.token)
        if claims is None:
            return
        async with self.uow:
            link = await self.uow.links.get(claims.link_id)
            document = await self.uow.documents.get(claims.document_id)
            if link is None or document is None or document.withdrawn or link.document.id != document.id:
                return
            contact = await self._directory.contact(link.party_no)
            if contact is None:
                return
            email = EmailAddress.of(contact[0])
            await enforce(self._limiter, f"login-email:{email.value}", self._policy.per_email, now)
            self._issuer.issue(
                self.uow, email, now, browser_cookie=cmd.browser_cookie, landing=f"/documents/{document.id}"
            )
            await self.uow.commit()
