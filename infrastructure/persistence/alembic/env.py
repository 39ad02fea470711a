"""Alembic environment: runs migrations through the project's async engine on PostgreSQL or SQLite."""

import asyncio
import concurrent.futures
import os

from alembic import context
from sqlalchemy.engine import Connection

from infrastructure.persistence.engine import make_engine
from infrastructure.persistence.tables import all_tables

config = context.config
target_metadata = all_tables.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or os.environ["PORTAL_DATABASE_URL"])
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_outside_any_loop() -> None:
    """`portal db upgrade` has no event loop; a caller that has one (a test, a notebook) gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_run_async())
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _run_async()).result()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    _run_outside_any_loop()
