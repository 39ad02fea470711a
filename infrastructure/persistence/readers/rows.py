"""Rows as plain dicts for msgspec (SQLAlchemy's column names are a str subclass msgspec does not take as keys)."""

from __future__ import annotations

from typing import Any


def as_dict(row: Any) -> dict[str, Any]:
    """`row` is a SQLAlchemy Row of any arity."""
    return {str(key): value for key, value in row._asdict().items()}
