"""RequestNewCode: "send a new code" on the code page that knows only a masked address (PRODUCT §2, §7)."""

from __future__ import annotations

import msgspec

from application.commands.identity.request_login import RequestLoginHandler
from application.credentials.browser_cookie import browser_hashes
from application.credentials.keyed_lookup import first_found
from application.ports.identity import SecretHasher
from domain.identity.email_address import EmailAddress


class RequestNewCode(msgspec.Struct, frozen=True, kw_only=True):
    ip: str
    browser_cookie: str | None = None
    landing: str | None = None


class RequestNewCodeHandler:
    """A new sign-in email to the address this browser last asked a code for, which it was never shown unmasked.

    - The address is the one of the newest challenge this browser (its `portal_login` cookie) asked for and did not
      use, expired or not: the caller neither gives nor learns it.
    - The same rate limits as RequestLogin (per client IP, then per email); over a limit → RateLimited.
    - A browser that asked for nothing sends nothing and is no error: the answer is the same.
    - An address that is no longer a customer's gets a decoy, as RequestLogin gives an unknown one.
    - The new challenge is bound to the same browser (its emailed link signs in there in one click) and lands on
      `landing`.
    """

    def __init__(self, login: RequestLoginHandler, hasher: SecretHasher) -> None:
        self.uow = login.uow
        self._login = login
        self._hasher = hasher

    async def __call__(self, cmd: RequestNewCode) -> None:
        now = self._login.now()
        await self._login.limit_ip(cmd.ip, now)
        asked = browser_hashes(self._hasher, cmd.browser_cookie)
        async with self.uow:
            found = await first_found(
                asked, lambda browser: self.uow.challenges.latest_email_asked_by(browser, now, open_only=False)
            )
        if found is None:
            return
        await self._login.mail(EmailAddress.of(found[1]), now, browser_cookie=cmd.browser_cookie, landing=cmd.landing)
