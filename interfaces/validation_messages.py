"""msgspec's validation messages as (JSON pointer, detail) pairs, for the API and the CLI alike."""

from __future__ import annotations

import re

from application.input_text import PATTERN_MEANINGS

_AT = re.compile(r"^(?P<detail>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_MEANINGS = {f"matching regex {pattern!r}": meaning for pattern, meaning in PATTERN_MEANINGS.items()}


def pointer_and_detail(message: str) -> tuple[str, str]:
    """`Expected int, got str - at $.lines[0].unit_price` → (`/lines/0/unit_price`, `Expected int, got str`).

    A refusal by one of the text patterns of `application.input_text` is said in words, not as the regex.
    """
    match = _AT.match(message)
    if match is None:
        return "", message
    path = match.group("path") or ""
    pointer = re.sub(r"\[(\d+)\]", r".\1", path).replace(".", "/")
    detail = next((meaning for regex, meaning in _MEANINGS.items() if regex in message), match.group("detail"))
    return pointer, detail.replace("`", "")
