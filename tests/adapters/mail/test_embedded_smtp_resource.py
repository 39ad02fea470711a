"""The embedded SMTP server is a resource of the container: started when first needed, stopped when it closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.container import build_container, close_container, share_embedded
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter


async def test_the_embedded_transport_starts_the_server_and_closing_stops_it(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path))
    mailer = container.smtp_mailer()  # no PORTAL_SMTP_HOST: SMTP to the embedded server
    server = container.embedded_smtp()
    assert server.running
    assert repr(mailer) == f"SmtpMailer(host={server.host!r}, port={server.port}, starttls=False)"
    await close_container(container)
    assert not server.running


async def test_a_second_container_shares_the_first_one_s_server_and_leaves_it_running(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    owner, actors = build_container(settings), build_container(settings)
    share_embedded(actors, owner)
    server = actors.embedded_smtp()
    assert server is owner.embedded_smtp()
    await close_container(actors)
    assert server.running
    await close_container(owner)
    assert not server.running


async def test_an_smtp_host_never_starts_the_embedded_server(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path, smtp_host="mail.example.dk"))
    assert repr(container.smtp_mailer()).startswith("SmtpMailer(host='mail.example.dk', port=25")
    assert not container.embedded_smtp.initialized
    await close_container(container)
