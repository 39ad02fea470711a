"""What both ways of signing in share: the rate limit on guesses and the new session (PRODUCT §2.4, §3)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.credentials.keyed_lookup import first_found
from application.credentials.login_secrets import SESSION_PURPOSE, new_session_id
from application.ports.identity import SecretHasher
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress
from domain.identity.session import CustomerSession


class SignedIn(msgspec.Struct, frozen=True, kw_only=True):
    """The new session's raw id (for the cookie only; never logged or stored) and the email it is scoped to."""

    session_id: str
    email: str
    landing: str | None = None


async def start_session(
    uow: UnitOfWork, hasher: SecretHasher, email: str, now: dt.datetime, previous_session: str | None
) -> SignedIn:
    """A fresh session id for the email; the session the browser had before (if any) is revoked (rotation)."""
    if previous_session:
        old = await first_found(hasher.digests(SESSION_PURPOSE, previous_session), uow.sessions.get)
        if old is not None:
            old[1].revoke(now)
    raw = new_session_id()
    uow.sessions.add(
        CustomerSession.start(id_hash=hasher.digest(SESSION_PURPOSE, raw), email=EmailAddress.of(email), now=now)
    )
    return SignedIn(session_id=raw, email=email)
