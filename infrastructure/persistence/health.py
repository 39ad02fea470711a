"""Readiness probe of the database, and the check that its schema is at the code's migration head."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import StoreUnavailable
from infrastructure.persistence.migrations import current_revision, head_revision
from infrastructure.persistence.store_errors import STORE_FAULTS, describe


class DatabaseProbe:
    """Readiness and the schema check.

    - `ready` asks through `probe_engine` (a one-connection pool of its own): the question is whether the database
      answers, not whether this process's pool has a free connection under load.
    """

    def __init__(self, engine: AsyncEngine, probe_engine: AsyncEngine | None = None) -> None:
        self._engine = engine
        self._probe_engine = probe_engine or engine

    async def ready(self) -> bool:
        try:
            async with self._probe_engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except STORE_FAULTS:
            return False
        return True

    async def schema_behind(self) -> str | None:
        """None when the schema is at head; otherwise a one-line reason. An unreachable database: StoreUnavailable."""
        try:
            current = await current_revision(self._engine)
        except STORE_FAULTS as exc:
            raise StoreUnavailable(describe(exc)) from exc
        head = head_revision()
        if current != head:
            return f"the database is at migration {current or 'none'}, the code needs {head}: run `portal db upgrade`"
        return None
