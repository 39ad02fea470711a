"""RequestLogin: a person asks to sign in with an email address (PRODUCT §2.1-2.2, §2.7)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.commands.documents.contact import checked_email
from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.rate_limits import enforce
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, RateLimiter
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress
from domain.identity.errors import InvalidEmailAddress
from domain.identity.rate_limit import RateLimit


class LoginPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """The sign-in limits, parsed once from the settings (PRODUCT §12 gives their defaults)."""

    per_email: RateLimit
    per_ip: RateLimit
    per_ip_verify: RateLimit


class RequestLogin(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    ip: str
    browser_cookie: str | None = None
    landing: str | None = None


class RequestLoginHandler:
    """Answers alike for known and unknown addresses; the difference is only what the worker later sends.

    - Rate limits per email (counted for unknown addresses too) and per client IP; over a limit → RateLimited.
    - For a known address: a new challenge bound to the requesting browser's `portal_login` cookie, and its
      email job (see ChallengeIssuer).
    - For an unknown address: a decoy challenge and job, written the same way (see ChallengeIssuer), so both take
      the same time here and in a later code check; nothing is ever sent for it.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        issuer: ChallengeIssuer,
        limiter: RateLimiter,
        known: CustomerDirectory,
        policy: LoginPolicy,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._issuer = issuer
        self._limiter = limiter
        self._known = known
        self._policy = policy

    async def __call__(self, cmd: RequestLogin) -> None:
        problems: list[tuple[str, str]] = []
        if checked_email(cmd.email, "/email", problems) is None:
            raise InvalidEmailAddress(problems[0][1] if problems else "an email address is required", problems)
        email = EmailAddress.of(cmd.email)
        now = self.now()
        await self.limit_ip(cmd.ip, now)
        await self.mail(email, now, browser_cookie=cmd.browser_cookie, landing=cmd.landing)

    def now(self) -> dt.datetime:
        return self._clock.now()

    async def limit_ip(self, ip: str, now: dt.datetime) -> None:
        """The per-client-IP limit of asking for sign-in mails; over it → RateLimited."""
        await enforce(self._limiter, f"login-ip:{ip}", self._policy.per_ip, now)

    async def mail(
        self, email: EmailAddress, now: dt.datetime, *, browser_cookie: str | None, landing: str | None
    ) -> None:
        """The per-email limit, then a challenge and its mail job for a customer's address, or a decoy written the
        same way for any other (nothing is sent for it): one rule for a sign-in mail and for a new code.
        """
        await enforce(self._limiter, f"login-email:{email.value}", self._policy.per_email, now)
        known = await self._known.is_known(email.value)
        async with self.uow:
            self._issuer.issue(self.uow, email, now, browser_cookie=browser_cookie, landing=landing, decoy=not known)
            await self.uow.commit()
