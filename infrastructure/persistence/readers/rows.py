"""Rows as plain dicts for msgspec (SQLAlchemy's column names are a str subclass msgspec does not take as keys)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row


def as_dict(row: Row[Any]) -> dict[str, Any]:
    return {str(key): value for key, value in row._asdict().items()}
