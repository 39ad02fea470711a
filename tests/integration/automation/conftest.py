"""A container on the test database with the flow adapters pointed where a test wants them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from infrastructure.container import Container, build_container, close_container
from tests.conftest import make_settings, truncate_all
from tests.fakes import FakeClock


@pytest.fixture
async def flow_container(pg_database: str, tmp_path: Path, clock: FakeClock) -> AsyncIterator[Callable[..., Container]]:
    """`flow_container(sms_url=..., ...)`: a fresh container (database emptied once) with the fake clock."""
    await truncate_all(pg_database)
    made: list[Container] = []

    def make(**overrides: Any) -> Container:
        container = build_container(make_settings(tmp_path, database_url=pg_database, **overrides))
        container.clock.override(providers.Object(clock))
        made.append(container)
        return container

    yield make
    for container in made:
        await close_container(container)
