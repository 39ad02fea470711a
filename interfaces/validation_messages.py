"""msgspec's validation messages as (JSON pointer, detail) pairs, for the API and the CLI alike."""

from __future__ import annotations

import re

_AT = re.compile(r"^(?P<detail>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)


def pointer_and_detail(message: str) -> tuple[str, str]:
    """`Expected int, got str - at $.lines[0].unit_price` → (`/lines/0/unit_price`, `Expected int, got str`)."""
    match = _AT.match(message)
    if match is None:
        return "", message
    path = match.group("path") or ""
    pointer = re.sub(r"\[(\d+)\]", r".\1", path).replace(".", "/")
    return pointer, match.group("detail").replace("`", "")
