"""Finding what a secret's keyed hash names when any key of the ring may have made it (ADR-0036).

A stored hash was made under the key that signed when it was stored; after a rotation that key is no longer the
first. So a lookup tries the secret's hash under every configured key, the signing key's first: with one key that
is the one lookup it always was, and what an older key stored stays found until that key is removed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


async def first_found(hashes: Sequence[bytes], find: Callable[[bytes], Awaitable[T | None]]) -> tuple[bytes, T] | None:
    """The first of `hashes` that `find` finds something for, with what it found; None when none does."""
    for candidate in hashes:
        found = await find(candidate)
        if found is not None:
            return candidate, found
    return None


def first_matching(hashes: Sequence[bytes], matches: Callable[[bytes], bool]) -> bytes:
    """The first of `hashes` that `matches`; the signing key's (the first) when none does."""
    return next((candidate for candidate in hashes if matches(candidate)), hashes[0])
