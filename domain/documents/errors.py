"""Errors of the documents context."""

from __future__ import annotations

from domain.shared.errors import DomainError


class InvalidDocument(DomainError):
    """The document breaks a rule of PRODUCT §1/§10; `errors` names each field."""


class TotalsMismatch(InvalidDocument):
    """The stated totals differ from the recomputed ones; `errors` names each differing figure."""


class InvalidCustomer(DomainError):
    """The customer record breaks a rule; `errors` names each field."""
