"""The characters a text field may hold, declared once for every boundary struct (PRODUCT §10).

msgspec checks these patterns while decoding, so a refused value is a validation error naming its field (422 on the
API, `record N (…): /field: …` in the import) before anything reaches a handler, the database or a mail header.

- `Key` (customer numbers, document numbers): one line, no control character, no bidirectional override or isolate
  (a number must read the way it sorts and matches).
- `Line` (names, addresses, emails, phones, currencies…: anything that may end up in a mail header): one line, no
  control character.
- `Text` (notes, line descriptions): line breaks and tabs allowed, no other control character.
- None of them admits NUL (PostgreSQL refuses it in text) or C1 controls. (A lone surrogate never gets this far:
  msgspec refuses it while decoding JSON.)
"""

from __future__ import annotations

from typing import Annotated

import msgspec

# Written so that Python's `re` (msgspec) and ECMA-262 (the OpenAPI schema's readers) mean the same: `^` plus
# "nothing follows" instead of `$`, which in Python also matches before a final line break.
_NEVER = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE_BREAKS = r"\t\n\r\u2028\u2029"
_BIDI_CONTROLS = r"\u200e\u200f\u202a-\u202e\u2066-\u2069"
_END = r"(?![\s\S])"

KEY_PATTERN = rf"^[^{_NEVER}{_LINE_BREAKS}{_BIDI_CONTROLS}]*{_END}"
LINE_PATTERN = rf"^[^{_NEVER}{_LINE_BREAKS}]*{_END}"
TEXT_PATTERN = rf"^[^{_NEVER}]*{_END}"

PATTERN_MEANINGS = {
    KEY_PATTERN: "must be one line without control or bidirectional formatting characters",
    LINE_PATTERN: "must be one line without control characters",
    TEXT_PATTERN: "must not contain control characters other than tab and line breaks",
}

Key = Annotated[str, msgspec.Meta(pattern=KEY_PATTERN)]
Line = Annotated[str, msgspec.Meta(pattern=LINE_PATTERN)]
Text = Annotated[str, msgspec.Meta(pattern=TEXT_PATTERN)]

__all__ = ["KEY_PATTERN", "LINE_PATTERN", "PATTERN_MEANINGS", "TEXT_PATTERN", "Key", "Line", "Text"]
