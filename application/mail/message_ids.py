"""Message-IDs the sender chooses, so that a resend of the same mail is recognisable (same purpose, same key)."""

from __future__ import annotations

import re
from email.utils import parseaddr

__all__ = ["mail_message_id"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def mail_message_id(*, purpose: str, key: str, mail_from: str) -> str:
    """`{purpose}.{key}@{domain of mail_from}`, e.g. `login.0190c3e1-…@example.dk`; no angle brackets.

    - The same purpose and key always give the same id; characters an id may not hold become "-".
    - A sender address without a domain gives "@localhost".
    """
    _, at, domain = parseaddr(mail_from)[1].rpartition("@")
    domain = domain if at and domain else "localhost"
    left = _UNSAFE.sub("-", f"{purpose}.{key}")
    return f"{left}@{_UNSAFE.sub('-', domain)}"
