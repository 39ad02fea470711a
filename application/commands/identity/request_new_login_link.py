"""RequestNewLoginLink: "send me a new link" from an expired or used link's page (PRODUCT §2.9)."""

from __future__ import annotations

import msgspec

from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.rate_limits import enforce
from application.commands.identity.request_login import LoginPolicy
from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import LINK_PURPOSE
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, RateLimiter, SecretHasher
from application.ports.unit_of_work import UnitOfWork
from domain.identity.rate_limit import RateLimit


class RequestNewLoginLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    ip: str
    browser_cookie: str | None = None


class RequestNewLoginLinkHandler:
    """A new sign-in email to the address behind an old link's token, as if that address had been typed.

    - The address never leaves the application: the caller knows only the token (and shows the address masked).
    - The same rate limits as RequestLogin (per client IP, then per email); over a limit → RateLimited.
    - An unknown token, or an address that no longer belongs to a customer record, sends nothing and is no error.
    - The new challenge is bound to the asking browser's `portal_login` cookie (one-click sign-in there) and keeps
      the old one's landing path.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        hasher: SecretHasher,
        issuer: ChallengeIssuer,
        limiter: RateLimiter,
        known: CustomerDirectory,
        policy: LoginPolicy,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher
        self._issuer = issuer
        self._limiter = limiter
        self._known = known
        self._policy = policy

    async def __call__(self, cmd: RequestNewLoginLink) -> None:
        now = self._clock.now()
        await self._hit(f"login-ip:{cmd.ip}", self._policy.per_ip)
        async with self.uow:
            found = await first_found(self._hasher.digests(LINK_PURPOSE, cmd.token), self.uow.challenges.by_link_hash)
            if found is None or not await self._known.is_known(found[1].email.value):
                return
            old = found[1]
            await self._hit(f"login-email:{old.email.value}", self._policy.per_email)
            self._issuer.issue(self.uow, old.email, now, browser_cookie=cmd.browser_cookie, landing=old.landing)
            await self.uow.commit()

    async def _hit(self, bucket: str, limit: RateLimit) -> None:
        await enforce(self._limiter, bucket, limit, self._clock.now())
