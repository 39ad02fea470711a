"""The dealer's brand on every page (PRODUCT §14): logo and name in the header, the colour from a stylesheet (the
CSP allows no inline style), the support contact in the footer; without them, the name alone and no placeholder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers

from infrastructure.container import Container
from interfaces.cli.demo_data import DEMO_BRAND
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture
async def branded(pg_container: Container, pg_database: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(tmp_path, database_url=pg_database, **DEMO_BRAND)
    pg_container.settings.override(providers.Object(settings))
    async with asgi_client(create_app(pg_container)) as client:
        yield client


async def test_the_header_shows_the_logo_and_name_and_the_footer_the_support_contact(
    branded: httpx.AsyncClient,
) -> None:
    page = await branded.get("/login")
    assert page.status_code == 200
    assert '<img class="brand__logo" src="/brand/logo" alt="" height="32">Nordvej Biler ApS</a>' in page.text
    assert '<link rel="stylesheet" href="/brand.css">' in page.text
    assert '<a href="mailto:kundeservice@nordvej.dk">kundeservice@nordvej.dk</a>' in page.text
    assert '<a href="tel:+4586000000">+45 86 00 00 00</a>' in page.text
    logo = await branded.get("/brand/logo")
    assert logo.headers["content-type"] == "image/svg+xml"
    assert logo.content == Path(DEMO_BRAND["brand_logo"]).read_bytes()
    css = await branded.get("/brand.css")
    assert css.headers["content-type"].startswith("text/css")
    assert "--brand: #0b5e3b;" in css.text
    assert "style=" not in page.text


async def test_without_a_brand_the_name_stands_alone(pg_container: Container) -> None:
    async with asgi_client(create_app(pg_container)) as client:
        page = await client.get("/login")
        assert "brand__logo" not in page.text
        assert "brand__mark" not in page.text
        assert "/brand.css" not in page.text
        assert (await client.get("/brand/logo")).status_code == 404
