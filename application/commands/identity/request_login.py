"""RequestLogin: a person asks to sign in with an email address (PRODUCT §2.1-2.2, §2.7)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import msgspec

from application import jobs
from application.commands.documents.contact import checked_email
from application.credentials.browser_cookie import browser_hash
from application.credentials.login_secrets import CODE_PURPOSE, LINK_PURPOSE, SEAL_PURPOSE, new_login_secrets
from application.errors import RateLimited
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, RateLimiter, SecretHasher, SecretSealer
from application.ports.unit_of_work import UnitOfWork
from domain.identity.challenge import LoginChallenge
from domain.identity.email_address import EmailAddress
from domain.identity.errors import InvalidEmailAddress
from domain.identity.rate_limit import RateLimit


class LoginPolicy(msgspec.Struct, frozen=True, kw_only=True):
    ttl_minutes: int = 10
    per_email: str = "3/10m,10/24h"
    per_ip: str = "20/10m"
    per_ip_verify: str = "30/10m"


class RequestLogin(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    ip: str
    browser_cookie: str | None = None


class RequestLoginHandler:
    """Answers alike for known and unknown addresses; the difference is only what the worker later sends.

    - Rate limits per email (counted for unknown addresses too) and per client IP; over a limit → RateLimited.
    - For a known address: a new challenge (older open ones stay valid), bound to the requesting browser's
      `portal_login` cookie, and a `send_login_email` job carrying the code and token sealed for the worker.
    - Only keyed hashes of the code, token and browser nonce are stored.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        hasher: SecretHasher,
        sealer: SecretSealer,
        limiter: RateLimiter,
        known: CustomerDirectory,
        policy: LoginPolicy,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher
        self._sealer = sealer
        self._limiter = limiter
        self._known = known
        self._policy = policy

    async def __call__(self, cmd: RequestLogin) -> None:
        problems: list[tuple[str, str]] = []
        if checked_email(cmd.email, "/email", problems) is None:
            raise InvalidEmailAddress(problems[0][1] if problems else "an email address is required", problems)
        email = EmailAddress.of(cmd.email)
        now = self._clock.now()
        for bucket, limit in (
            (f"login-ip:{cmd.ip}", self._policy.per_ip),
            (f"login-email:{email.value}", self._policy.per_email),
        ):
            decision = await self._limiter.hit(bucket, RateLimit.parse(limit), now)
            if not decision.allowed:
                raise RateLimited(decision.retry_after_seconds)
        if not await self._known.is_known(email.value):
            return
        secrets_ = new_login_secrets()
        challenge = LoginChallenge.issue(
            challenge_id=uuid.uuid4(),
            email=email,
            code_hash=self._hasher.digest(CODE_PURPOSE, secrets_.code),
            link_hash=self._hasher.digest(LINK_PURPOSE, secrets_.token),
            issued_at=now,
            ttl=timedelta(minutes=self._policy.ttl_minutes),
        )
        bound = browser_hash(self._hasher, cmd.browser_cookie)
        if bound is not None:
            challenge.bind_browser(bound)
        async with self.uow:
            self.uow.challenges.add(challenge)
            self.uow.outbox.enqueue(
                jobs.SEND_LOGIN_EMAIL,
                {
                    "challenge_id": str(challenge.id),
                    "sealed": self._sealer.seal(SEAL_PURPOSE, msgspec.json.encode(secrets_)),
                },
            )
            await self.uow.commit()
