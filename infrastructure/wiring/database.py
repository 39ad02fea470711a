"""The database of the composition root: engines, sessions, the unit of work, its probe (ADR-0042).

The engines are singletons made on first use and disposed by `close_container`, not `Resource`s: disposing an
async engine must be awaited, and an async `Resource` makes every provider that depends on it return awaitables.
"""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from application.ports.clock import Clock
from infrastructure.deferred import Deferred
from infrastructure.persistence.engine import make_engine, make_read_session_factory, make_session_factory
from infrastructure.persistence.mappers import start_mappers
from infrastructure.persistence.unit_of_work import SqlAlchemyUnitOfWork
from infrastructure.settings import Settings


def _engine(url: str, statement_seconds: float, pool_size: int = 10) -> AsyncEngine:
    start_mappers()
    return make_engine(url, statement_seconds=statement_seconds, pool_size=pool_size)


class Database(containers.DeclarativeContainer):
    """SQLite or PostgreSQL, as PORTAL_DATABASE_URL says (`make_engine` adapts each dialect)."""

    settings: providers.Dependency[Settings] = providers.Dependency(instance_of=Settings)
    clock: providers.Dependency[Clock] = providers.Dependency()

    # how long one statement may wait (a lock held elsewhere): the web process lowers it below its request budget
    statement_seconds = providers.Object(30.0)
    engine = providers.Singleton(_engine, settings.provided.database_url, statement_seconds)
    session_factory = providers.Singleton(make_session_factory, engine)
    read_sessions = providers.Singleton(make_read_session_factory, engine)  # readers: autocommit (ADR-0025)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory, clock=clock)
    # readiness asks through a connection of its own, so a pool exhausted by load never makes the process unready
    probe_engine = providers.Singleton(_engine, settings.provided.database_url, statement_seconds, pool_size=1)
    database_probe = providers.Factory(
        Deferred("infrastructure.persistence.health:DatabaseProbe"), engine=engine, probe_engine=probe_engine
    )
