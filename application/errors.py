"""Errors the application layer raises for the edges to map (STYLE §6)."""

from __future__ import annotations


class StoreUnavailable(Exception):
    """The database cannot be reached or failed mid-transaction (HTTP 503); nothing was written."""


class BrokerUnavailable(Exception):
    """The job broker cannot be reached (HTTP 503)."""


class Unauthorized(Exception):
    """No valid credentials for this scope (HTTP 401)."""


class RateLimited(Exception):
    """Too many attempts (HTTP 429 with Retry-After); never says whether an address exists."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many attempts; try again in {retry_after_seconds} seconds")
        self.retry_after_seconds = max(1, retry_after_seconds)


class SignInRefused(Exception):
    """A code or link that cannot sign anyone in: wrong, expired, used or locked alike (HTTP 400)."""
