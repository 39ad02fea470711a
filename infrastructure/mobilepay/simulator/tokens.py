"""Access tokens the simulator issued: any non-empty credentials get one; API calls must present one of them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.mobilepay.simulator.problems import AccessDenied

__all__ = ["TOKEN_LIFETIME", "IssuedToken", "TokenBook"]

TOKEN_LIFETIME = timedelta(hours=1)  # the vendor's test environment


@dataclass(frozen=True, slots=True)
class IssuedToken:
    value: str
    subscription_key: str
    issued_at: datetime
    expires_at: datetime


class TokenBook:
    """Issues opaque bearer tokens bound to the subscription key they were asked with."""

    def __init__(self) -> None:
        self._tokens: dict[str, IssuedToken] = {}

    def issue(self, *, client_id: str, client_secret: str, subscription_key: str, now: datetime) -> IssuedToken:
        if not subscription_key:
            raise AccessDenied("Access denied due to missing subscription key.")
        if not (client_id and client_secret):
            raise AccessDenied("Access denied due to invalid client credentials.")
        self._forget_expired(now)
        token = IssuedToken(
            value="sim." + secrets.token_urlsafe(48),
            subscription_key=subscription_key,
            issued_at=now,
            expires_at=now + TOKEN_LIFETIME,
        )
        self._tokens[token.value] = token
        return token

    def check(self, *, authorization: str, subscription_key: str, now: datetime) -> None:
        """Raise `AccessDenied` unless `authorization` is "Bearer <a live token issued for this subscription key>"."""
        if not subscription_key:
            raise AccessDenied("Access denied due to missing subscription key.")
        scheme, _, value = authorization.partition(" ")
        if scheme != "Bearer" or not value:
            raise AccessDenied("Access denied due to missing or malformed bearer token.")
        token = self._tokens.get(value.strip())
        if token is None or token.expires_at <= now:
            raise AccessDenied("Access denied due to invalid or expired access token.")
        if token.subscription_key != subscription_key:
            raise AccessDenied("Access denied due to invalid subscription key.")

    def expire_all(self) -> None:
        self._tokens.clear()

    def _forget_expired(self, now: datetime) -> None:
        for value in [v for v, t in self._tokens.items() if t.expires_at <= now]:
            del self._tokens[value]
