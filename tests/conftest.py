"""Shared fixtures: a fake clock, a container with fakes, and real PostgreSQL/Redis for integration tests.

PostgreSQL and Redis are required: when they cannot be reached the tests fail, never skip.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from hypothesis import settings as hypothesis_settings

from infrastructure.container import Container, build_container, close_container
from infrastructure.persistence.migrations import upgrade
from infrastructure.persistence.tables.all_tables import metadata
from infrastructure.settings import Settings, load_settings
from interfaces.cli.logging_setup import configure_logging
from tests.fakes import FakeClock, FakeUnitOfWork

PG_ADMIN = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS", "redis://127.0.0.1:6379/15")

# Property tests judge behaviour, never time: a loaded CI machine must not fail an example for being slow
# (Hypothesis's default 200 ms deadline did, once). Each test's own settings (examples, steps) still apply.
hypothesis_settings.register_profile("portal", deadline=None)
# The fast tier (`make fast`: --hypothesis-profile=fast) draws a tenth of each test's examples
# (tests/example_budget.py); `make test` keeps the full counts. Fresh seeds each run, so the fast runs still explore.
hypothesis_settings.register_profile("fast", parent=hypothesis_settings.get_profile("portal"), max_examples=10)
hypothesis_settings.load_profile("portal")


def pytest_configure(config: pytest.Config) -> None:
    configure_logging(verbose=False)


def run_coroutine(coroutine: Any) -> Any:
    """Run a coroutine to completion from sync code, even when this thread already runs an event loop
    (the browser tests' Playwright does)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def make_settings(tmp: Path, **overrides: str) -> Settings:
    env = {"PORTAL_VAR_DIR": str(tmp / "var"), "PORTAL_DATABASE_URL": f"sqlite:///{tmp / 'portal.db'}"}
    env.update({f"PORTAL_{k.upper()}": v for k, v in overrides.items()})
    return load_settings(env)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake_container(tmp_path: Path, clock: FakeClock) -> Container:
    """The real container and bus with the unit of work and clock replaced by fakes (no sockets)."""
    container = build_container(make_settings(tmp_path))
    store_uow = FakeUnitOfWork()
    container.uow.override(
        providers.Factory(FakeUnitOfWork, store=providers.Object(store_uow.store), clock=providers.Object(clock))
    )
    container.clock.override(providers.Object(clock))
    container.fake_store = store_uow.store  # type: ignore[attr-defined]
    return container


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated to head; dropped at the end."""
    name = f"portal_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = PG_ADMIN
    try:
        run_coroutine(_admin(admin, f'CREATE DATABASE "{name}"'))
    except OSError as exc:  # pragma: no cover - the machine's services are part of the contract
        pytest.fail(f"PostgreSQL is not reachable at {admin}: {exc}")
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    run_coroutine(_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, statement: str) -> None:
    import asyncpg  # noqa: PLC0415

    conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def truncate_all(url: str) -> None:
    import asyncpg  # noqa: PLC0415

    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
    try:
        await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@pytest.fixture
async def pg_container(pg_database: str, tmp_path: Path, clock: FakeClock) -> AsyncIterator[Container]:
    """A container on the session's PostgreSQL database, emptied before the test, with a fake clock."""
    await truncate_all(pg_database)
    container = build_container(make_settings(tmp_path, database_url=pg_database))
    container.clock.override(providers.Object(clock))
    yield container
    await close_container(container)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    upgrade(url)
    return url


@pytest.fixture
async def sqlite_container(sqlite_url: str, tmp_path: Path, clock: FakeClock) -> AsyncIterator[Container]:
    container = build_container(make_settings(tmp_path, database_url=sqlite_url))
    container.clock.override(providers.Object(clock))
    yield container
    await close_container(container)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread until the session
    ends, and no asyncio test can run after it has started."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path))
