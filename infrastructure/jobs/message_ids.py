"""Time-ordered message and event ids (UUIDv7, RFC 9562)."""

from __future__ import annotations

import uuid

from uuid_utils.compat import uuid7


def new_message_id() -> uuid.UUID:
    return uuid7()
