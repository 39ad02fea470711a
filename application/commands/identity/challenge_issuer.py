"""Issuing a login challenge and its email job: shared by the sign-in form, staff login links and direct links."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from application import jobs
from application.credentials.browser_cookie import browser_hash
from application.credentials.login_secrets import CODE_PURPOSE, LINK_PURPOSE, SEAL_PURPOSE, new_login_secrets
from application.ports.identity import SecretHasher, SecretSealer
from application.ports.unit_of_work import UnitOfWork
from domain.identity.challenge import LoginChallenge
from domain.identity.email_address import EmailAddress


class ChallengeIssuer:
    """- A new challenge for the email (older open ones stay valid), optionally bound to the requesting browser and
    to a landing path, plus a `send_login_email` job carrying the code and token sealed for the worker.
    - Only keyed hashes are stored; the caller commits the unit of work.
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
    ) -> LoginChallenge:
        secrets_ = new_login_secrets()
        challenge = LoginChallenge.issue(
            challenge_id=uuid.uuid4(),
            email=email,
            code_hash=self._hasher.digest(CODE_PURPOSE, secrets_.code),
            link_hash=self._hasher.digest(LINK_PURPOSE, secrets_.token),
            issued_at=now,
            ttl=self._ttl,
        )
        bound = browser_hash(self._hasher, browser_cookie)
        if bound is not None:
            challenge.bind_browser(bound)
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
