"""Errors of the automation context."""

from __future__ import annotations

from domain.shared.errors import DomainError


class InvalidFlow(DomainError):
    """A flow breaks a rule of PRODUCT §8; `errors` names each field (`line N` and the field's path)."""


class InvalidRunTransition(DomainError):
    """A flow run was asked to move to a state it cannot reach from its current one."""
