"""Seedwork: the error families every context raises; the HTTP and CLI edges map them."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request (HTTP 422, CLI exit 1).

    - `errors` lists (JSON pointer, detail) pairs when the refusal is about several fields.
    """

    def __init__(self, message: str, errors: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[tuple[str, str]] = errors or []


class NotFound(Exception):
    """What was asked for does not exist or is not visible to the asker (HTTP 404)."""


class ConcurrencyConflict(Exception):
    """A stale write lost the race for an aggregate (HTTP 409)."""


class Conflict(Exception):
    """The request clashes with current state, e.g. an unfinished payment exists (HTTP 409)."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra
