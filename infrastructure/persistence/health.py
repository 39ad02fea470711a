"""Readiness probe of the database, and the check that its schema is at the code's migration head."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure.persistence.migrations import current_revision, head_revision


class DatabaseProbe:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def ready(self) -> bool:
        try:
            async with self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def schema_behind(self) -> str | None:
        """None when the schema is at head; otherwise a one-line reason."""
        current = await current_revision(self._engine)
        head = head_revision()
        if current != head:
            return f"the database is at migration {current or 'none'}, the code needs {head}: run `portal db upgrade`"
        return None
