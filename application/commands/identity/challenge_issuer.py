"""Issuing a login challenge and its email job: shared by the sign-in form, staff login links and direct links."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import msgspec

from application import jobs
from application.credentials.browser_cookie import browser_hashes
from application.credentials.login_secrets import (
    CODE_PURPOSE,
    LINK_PURPOSE,
    LINK_TOKEN_BYTES,
    SEAL_PURPOSE,
    LoginSecrets,
    new_login_secrets,
)
from application.ports.identity import SecretHasher, SecretSealer
from application.ports.unit_of_work import UnitOfWork
from domain.identity.challenge import LoginChallenge
from domain.identity.email_address import EmailAddress


class ChallengeIssuer:
    """- A new challenge for the email (older open ones stay valid), optionally bound to the requesting browser and
    to a landing path, plus a `send_login_email` job carrying the code and token sealed for the worker.
    - Only keyed hashes are stored; the caller commits the unit of work.
    - A `decoy` (for an address that is no customer's) is written exactly like a real challenge, so that a sign-in
      request and a later code check do the same database work for known and unknown addresses (PRODUCT §3). It
      can never be used: its "code" is no 6-digit code (a code check never matches it, and the worker, finding no
      code in the sealed job, sends nothing) and its token is never shown to anyone. Wrong codes still count
      attempts on it, as on a real one.
    """

    def __init__(self, hasher: SecretHasher, sealer: SecretSealer, ttl_minutes: int) -> None:
        self._hasher = hasher
        self._sealer = sealer
        self._ttl = dt.timedelta(minutes=ttl_minutes)

    def issue(
        self,
        uow: UnitOfWork,
        email: EmailAddress,
        now: dt.datetime,
        *,
        browser_cookie: str | None = None,
        landing: str | None = None,
        decoy: bool = False,
    ) -> LoginChallenge:
        secrets_ = _decoy_secrets() if decoy else new_login_secrets()
        challenge = LoginChallenge.issue(
            challenge_id=uuid.uuid4(),
            email=email,
            code_hash=self._hasher.digest(CODE_PURPOSE, secrets_.code),
            link_hash=self._hasher.digest(LINK_PURPOSE, secrets_.token),
            issued_at=now,
            ttl=self._ttl,
        )
        bound = browser_hashes(self._hasher, browser_cookie)
        if bound:
            challenge.bind_browser(bound[0])
        if landing is not None:
            challenge.land_on(landing)
        uow.challenges.add(challenge)
        uow.outbox.enqueue(
            jobs.SEND_LOGIN_EMAIL,
            {
                "challenge_id": str(challenge.id),
                "sealed": self._sealer.seal(SEAL_PURPOSE, msgspec.json.encode(secrets_)),
            },
        )
        return challenge


def _decoy_secrets() -> LoginSecrets:
    """Secrets made at the cost of real ones, whose "code" no person can type (`looks_like_code` refuses it)."""
    return LoginSecrets(code=secrets.token_urlsafe(LINK_TOKEN_BYTES), token=secrets.token_urlsafe(LINK_TOKEN_BYTES))
