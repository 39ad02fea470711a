"""AGPL source offer (PRODUCT §5, §9): embedded mode without PORTAL_SOURCE_URL serves its own code at `/source`
and every page links there; with PORTAL_SOURCE_URL the link goes there and `/source` does not exist."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from infrastructure.container import build_container, close_container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


async def test_the_embedded_portal_serves_its_own_source_and_links_it(tmp_path: Path, sqlite_url: str) -> None:
    container = build_container(make_settings(tmp_path, database_url=sqlite_url))
    try:
        async with asgi_client(create_app(container)) as client:
            login = await client.get("/login", headers={"Accept": "text/html"})
            archive = await client.get("/source")
            again = await client.get("/source", headers={"If-None-Match": archive.headers["etag"]})
    finally:
        await close_container(container)
    assert 'href="http://127.0.0.1:8000/source"' in login.text
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/gzip"
    assert "customer-portal-source.tar.gz" in archive.headers["content-disposition"]
    assert again.status_code == 304
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(archive.content))) as tar:
        names = set(tar.getnames())
        running = Path(__file__).resolve().parents[3] / "interfaces/http/source_archive.py"
        member = tar.extractfile("customer-portal/interfaces/http/source_archive.py")
        assert member is not None
        assert member.read() == running.read_bytes(), "the archive holds the code that runs"
    assert {"customer-portal/pyproject.toml", "customer-portal/uv.lock", "customer-portal/LICENSE"} <= names
    assert not any("__pycache__" in name for name in names)


async def test_a_configured_source_url_is_linked_and_nothing_is_served(tmp_path: Path, sqlite_url: str) -> None:
    settings = make_settings(tmp_path, database_url=sqlite_url, source_url="https://git.example.dk/portal")
    container = build_container(settings)
    try:
        async with asgi_client(create_app(container)) as client:
            login = await client.get("/login", headers={"Accept": "text/html"})
            archive = await client.get("/source")
    finally:
        await close_container(container)
    assert 'href="https://git.example.dk/portal"' in login.text
    assert archive.status_code == 404
