"""Where a person may be sent after signing in (PRODUCT §2, §12): a path on this site only, never an open redirect."""

from __future__ import annotations

__all__ = ["MAX_LANDING", "site_path"]

#: the longest landing kept (a list page with its filters and cursor fits many times over)
MAX_LANDING = 2000


def site_path(value: str | None) -> str | None:
    """`value` when it is a path on this site, else None: never another origin (`//host`, a backslash,
    `http:`), no control characters, at most MAX_LANDING characters.
    """
    if not value or len(value) > MAX_LANDING or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ch < " " or ch == "\x7f" for ch in value):
        return None
    return value
