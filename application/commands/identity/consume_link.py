"""ConsumeLink: sign in with the link from the email (PRODUCT §2.4, §2.8)."""

from __future__ import annotations

import msgspec

from application.commands.identity.sign_in import SignedIn, start_session
from application.credentials.browser_cookie import browser_hashes
from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import LINK_PURPOSE
from application.errors import SignInRefused
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory, SecretHasher
from application.ports.unit_of_work import UnitOfWork
from domain.identity.challenge import LoginChallenge
from domain.identity.sign_in import end_other_challenges
from domain.shared.errors import DomainError


class ConsumeLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    same_browser_only: bool = False
    browser_cookie: str | None = None
    previous_session: str | None = None


class NotTheRequestingBrowser(Exception):
    """A GET from a browser other than the one that asked: nothing was consumed; show the Continue page."""


class ConsumeLinkHandler:
    """Consumes the challenge behind the token and starts a session, in one transaction.

    - `same_browser_only` (a GET on the link): only the browser holding the `portal_login` cookie it was bound to
      signs in; any other gets NotTheRequestingBrowser and the challenge stays untouched (mail scanners).
    - An unknown, expired, used or locked token → SignInRefused; the email's other open challenges end.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, hasher: SecretHasher, directory: CustomerDirectory) -> None:
        self.uow = uow
        self._clock = clock
        self._hasher = hasher
        self._directory = directory

    async def __call__(self, cmd: ConsumeLink) -> SignedIn:
        now = self._clock.now()
        async with self.uow:
            found = await first_found(self._hasher.digests(LINK_PURPOSE, cmd.token), self.uow.challenges.by_link_hash)
            if found is None:
                raise SignInRefused("the link is not valid")
            link_hash, challenge = found
            if cmd.same_browser_only and not _asked_here(challenge, browser_hashes(self._hasher, cmd.browser_cookie)):
                raise NotTheRequestingBrowser
            email = challenge.email.value
            record = await self._directory.first_record(email)
            try:
                challenge.consume_link(link_hash, now, party=record and record[0])
            except DomainError as exc:
                raise SignInRefused("the link has expired or was already used") from exc
            end_other_challenges(await self.uow.challenges.open_for(email, now), challenge, now)
            signed_in = await start_session(self.uow, self._hasher, email, now, cmd.previous_session)
            await self.uow.commit()
        return msgspec.structs.replace(signed_in, landing=challenge.landing)


def _asked_here(challenge: LoginChallenge, browser: tuple[bytes, ...]) -> bool:
    return any(challenge.was_requested_by(candidate) for candidate in browser)
