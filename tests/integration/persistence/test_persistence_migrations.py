"""Alembic: every revision up and down on PostgreSQL and SQLite, and the models equal the migrated schema."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from infrastructure.persistence.engine import make_engine
from infrastructure.persistence.migrations import alembic_config, downgrade, upgrade
from infrastructure.persistence.tables.all_tables import metadata
from tests.conftest import PG_ADMIN, _admin, run_coroutine

pytestmark = pytest.mark.integration


@contextlib.contextmanager
def _fresh_postgres() -> Iterator[str]:
    name = f"portal_stairway_{uuid.uuid4().hex[:8]}"
    run_coroutine(_admin(PG_ADMIN, f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        run_coroutine(_admin(PG_ADMIN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'stairway.db'}"
        return
    with _fresh_postgres() as url:
        yield url


def _revisions(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _diff(url: str) -> list[object]:
    engine = make_engine(url)

    def compare(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}), metadata))

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


def test_stairway_up_and_down_through_every_revision(empty_database: str) -> None:
    revisions = _revisions(empty_database)
    assert revisions, "no migrations found"
    previous = "base"
    for revision in revisions:
        upgrade(empty_database, revision)
        downgrade(empty_database, previous)
        upgrade(empty_database, revision)
        previous = revision


def test_models_equal_the_migrated_schema_on_postgresql() -> None:
    # On PostgreSQL only: SQLite reflects DESC-ordered (expression) indexes approximately.
    with _fresh_postgres() as url:
        upgrade(url)
        assert run_coroutine(_diff(url)) == []
