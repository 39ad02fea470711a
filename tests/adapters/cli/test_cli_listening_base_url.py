"""`portal serve|demo --host/--port` in embedded mode: the base URL follows them unless PORTAL_BASE_URL is set (§9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.settings import listening_at
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter


def test_the_embedded_base_url_follows_the_port_and_host(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert listening_at(settings, "127.0.0.1", 8211, environ={}).base_url == "http://127.0.0.1:8211"
    assert listening_at(settings, "0.0.0.0", 9000, environ={}).base_url == "http://127.0.0.1:9000"  # noqa: S104
    assert listening_at(settings, "::1", 9000, environ={}).base_url == "http://[::1]:9000"
    assert listening_at(settings, "portal.local", 80, environ={}).base_url == "http://portal.local:80"


def test_an_explicit_base_url_or_production_is_left_alone(tmp_path: Path) -> None:
    given = make_settings(tmp_path, base_url="http://portal.example.dk")
    assert listening_at(given, "127.0.0.1", 8211, environ={"PORTAL_BASE_URL": given.base_url}) == given
