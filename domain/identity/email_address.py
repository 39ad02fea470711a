"""The email address that scopes sign-in, sessions and visibility (PRODUCT §1, §2)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.identity.errors import InvalidEmailAddress
from domain.shared.email import normalise_email

__all__ = ["EmailAddress", "normalise_email"]

_MASK = "•••"


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailAddress:
    """A normalised email address.

    - `value` is already normalised (`EmailAddress.of` does it); its syntax is checked by the application layer.
    - Two addresses are equal when their normalised forms are, which makes matching case-insensitive.
    """

    value: str

    def __post_init__(self) -> None:
        if not self.value:
            raise InvalidEmailAddress("the email address is empty")
        if normalise_email(self.value) != self.value:
            raise InvalidEmailAddress("the email address is not normalised (strip and lower-case it first)")

    @classmethod
    def of(cls, raw: str) -> EmailAddress:
        """Normalise `raw` and wrap it."""
        return cls(value=normalise_email(raw))

    @property
    def masked(self) -> str:
        """The address as shown to someone who may not own it: `j•••@example.dk`."""
        local, at, domain = self.value.rpartition("@")
        if not at:
            return self.value[:1] + _MASK
        return f"{local[:1]}{_MASK}@{domain}"

    def __str__(self) -> str:
        return self.value
