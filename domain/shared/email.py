"""How email addresses are compared everywhere (PRODUCT §1): one rule for sign-in, sessions and customer records."""

from __future__ import annotations

__all__ = ["normalise_email"]


def normalise_email(raw: str) -> str:
    """The form in which addresses are stored and compared: surrounding white space removed, lower case."""
    return raw.strip().lower()
