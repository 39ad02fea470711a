"""Ids in paths (PRODUCT §12): documented as UUIDs, read as text, so a malformed id is the same 404 as an unknown."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

IdInPath = Annotated[str, PathParameter(format="uuid")]

__all__ = ["IdInPath"]
