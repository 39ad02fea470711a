"""The one translation of database failures into the application's errors (PRODUCT §10, STYLE §6).

Every adapter that talks to the database gets its sessions from `make_session_factory`, whose sessions are
`GuardedSession`s: whatever escapes `async with session:` is translated here, so readers, stores, the rate limiter
and the unit of work answer the same way to the same fault.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from application.errors import StoreUnavailable
from domain.shared.errors import ConcurrencyConflict

#: What a database fault looks like from Python: SQLAlchemy's errors (DBAPI errors, the pool's TimeoutError, a
#: dropped connection) and the driver's own `OSError`s (connection refused or reset; `TimeoutError` is one too),
#: which asyncpg raises on connect without SQLAlchemy wrapping them.
STORE_FAULTS: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


def translate(exc: BaseException) -> Exception | None:
    """The application error `exc` stands for, or None when it is not a database fault.

    - A lost race (a unique key taken, a stale row version) → `ConcurrencyConflict` (409).
    - Any other database fault → `StoreUnavailable` (503); nothing was written, since the transaction rolled back.
    """
    if isinstance(exc, StaleDataError | IntegrityError):
        return ConcurrencyConflict("a concurrent change won")
    if isinstance(exc, STORE_FAULTS):
        return StoreUnavailable(describe(exc))
    return None


def describe(exc: BaseException) -> str:
    """One line naming the fault (class and the first line of its message), never a statement or parameters."""
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    text = first[0][:160] if first else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class GuardedSession(AsyncSession):
    """An AsyncSession whose `async with` block turns database faults into application errors (see `translate`)."""

    async def __aexit__(
        self, type_: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        except STORE_FAULTS as closing:
            if value is None:  # the block went well but closing failed: the fault is the closing's
                raise StoreUnavailable(describe(closing)) from closing
        if value is not None and (translated := translate(value)) is not None:
            raise translated from value
