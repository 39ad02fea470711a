"""Admin API keys: the staff scope, separate from customer sessions (PRODUCT §3, §7)."""

from __future__ import annotations

import hmac
from datetime import datetime
from uuid import UUID

from domain.identity.errors import InvalidApiKey
from domain.identity.instant import require_aware
from domain.shared.aggregate import AggregateRoot

MAX_NAME_LENGTH = 100
MAX_PREFIX_LENGTH = 16


class ApiKey(AggregateRoot):
    """A named admin API key, made by the CLI and shown once.

    - Only a keyed hash of the key is held; `prefix` (its first characters) identifies it in listings.
    - The name is trimmed, non-empty and at most 100 characters; the prefix is 1-16 characters without spaces.
    - A key is accepted while not revoked; revoking is final, and revoking twice is refused.
    """

    id: UUID
    _name: str
    _key_hash: bytes
    _prefix: str
    _created_at: datetime
    _revoked_at: datetime | None

    def __init__(
        self,
        *,
        key_id: UUID,
        name: str,
        key_hash: bytes,
        prefix: str,
        created_at: datetime,
        revoked_at: datetime | None = None,
    ) -> None:
        self.id = key_id
        self._name = name
        self._key_hash = key_hash
        self._prefix = prefix
        self._created_at = created_at
        self._revoked_at = revoked_at

    @classmethod
    def create(cls, *, key_id: UUID, name: str, key_hash: bytes, prefix: str, now: datetime) -> ApiKey:
        require_aware(now, "now")
        name = name.strip()
        if not name:
            raise InvalidApiKey("an API key needs a name")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidApiKey(f"an API key name has at most {MAX_NAME_LENGTH} characters")
        if not prefix or len(prefix) > MAX_PREFIX_LENGTH or any(char.isspace() for char in prefix):
            raise InvalidApiKey(f"an API key prefix has 1 to {MAX_PREFIX_LENGTH} characters and no spaces")
        if not key_hash:
            raise InvalidApiKey("an API key needs the hash of its key")
        return cls(key_id=key_id, name=name, key_hash=key_hash, prefix=prefix, created_at=now)

    @property
    def name(self) -> str:
        return self._name

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def revoked_at(self) -> datetime | None:
        return self._revoked_at

    @property
    def is_revoked(self) -> bool:
        return self._revoked_at is not None

    def accepts(self, key_hash: bytes) -> bool:
        """Whether a request presenting a key with this hash is let in (constant-time comparison)."""
        return hmac.compare_digest(self._key_hash, key_hash) and not self.is_revoked

    def revoke(self, now: datetime) -> bool:
        """Ends the key; revoking a revoked key changes nothing. Returns whether this call revoked it."""
        require_aware(now, "now")
        if self._revoked_at is not None:
            return False
        self._revoked_at = now
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id!s}, name={self._name!r}, prefix={self._prefix!r})"
