"""Facts of the identity context; ids and facts only, never a code, token or session id (PRODUCT §3, §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from domain.shared.events import DomainEvent

SignInMethod = Literal["code", "link"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginChallengeIssued(DomainEvent):
    """A login challenge was issued to an email address (internal: the handler queues the mail itself)."""

    event_type: str = ""
    challenge_id: UUID
    email: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginChallengeLocked(DomainEvent):
    """A login challenge locked after its fifth wrong code (internal)."""

    event_type: str = ""
    challenge_id: UUID
    email: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerSignedIn(DomainEvent):
    """A person proved they own `email` by consuming a login challenge with its code or its link."""

    event_type: str = "customer.signed_in"
    challenge_id: UUID
    email: str
    method: SignInMethod
    occurred_at: datetime

    def data(self) -> dict[str, object]:
        return {"method": self.method}


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginLinkSent(DomainEvent):
    """Staff sent the sign-in email to a customer record's address (PRODUCT §7); `party` is that record."""

    event_type: str = "login_link.sent"
