"""VerifyCode: sign in with the 6-digit code from the email (PRODUCT §2.4-2.6)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.commands.identity.rate_limits import enforce
from application.commands.identity.request_login import LoginPolicy
from application.commands.identity.sign_in import SignedIn, start_session
from application.credentials.browser_cookie import browser_hashes
from application.credentials.keyed_lookup import first_found, first_matching
from application.credentials.login_secrets import CODE_PURPOSE, looks_like_code
from application.errors import SignInRefused
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, RateLimiter, SecretHasher
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress
from domain.identity.sign_in import check_code


class VerifyCode(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    code: str
    ip: str
    previous_session: str | None = None
    browser_cookie: str | None = None  # with no email: the address this browser asked a code for (a direct link)


class VerifyCodeHandler:
    """Checks the code against every open challenge of the email, under their row locks.

    - A match consumes that challenge, ends the email's other open ones and starts a session, in one transaction:
      under any concurrency exactly one caller wins.
    - No match counts one attempt on each open challenge; the fifth locks it. The answer is the same
      SignInRefused for wrong, expired, used and locked codes.
    - Code checks are rate-limited per client IP.
    - Without an email, the code is checked for the newest address this browser (its `portal_login` cookie) asked a
      code for, if any: the signed-out direct link shows only a masked address, so the person cannot type it.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        hasher: SecretHasher,
        limiter: RateLimiter,
        directory: CustomerDirectory,
        policy: LoginPolicy,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher
        self._limiter = limiter
        self._directory = directory
        self._policy = policy

    async def __call__(self, cmd: VerifyCode) -> SignedIn:
        now = self._clock.now()
        await enforce(self._limiter, f"verify-ip:{cmd.ip}", self._policy.per_ip_verify, now)
        email = EmailAddress.of(cmd.email).value if cmd.email.strip() else ""
        code = cmd.code.strip()
        if not looks_like_code(code):
            raise SignInRefused("the code is not valid")
        if not email:
            email = await self._asked_by_this_browser(cmd.browser_cookie, now)
        record = await self._directory.first_record(email)
        async with self.uow:
            challenges = await self.uow.challenges.open_for(email, now)
            code_hash = first_matching(
                self._hasher.digests(CODE_PURPOSE, code),
                lambda candidate: any(c.is_open(now) and c.matches_code(candidate) for c in challenges),
            )
            winner = check_code(challenges, code_hash, now, party=record and record[0])
            if winner is None:
                await self.uow.commit()
                raise SignInRefused("the code is wrong, expired or already used")
            signed_in = await start_session(self.uow, self._hasher, email, now, cmd.previous_session)
            await self.uow.commit()
        return signed_in

    async def _asked_by_this_browser(self, cookie: str | None, now: dt.datetime) -> str:
        asked = browser_hashes(self._hasher, cookie)
        if not asked:
            raise SignInRefused("the code is not valid")
        async with self.uow:
            found = await first_found(asked, lambda browser: self.uow.challenges.latest_email_asked_by(browser, now))
        if found is None:
            raise SignInRefused("the code is wrong, expired or already used")
        return found[1]
