"""The embedded SMS outbox (PRODUCT §9): stored once per idempotency key, listed at /dev/sms and /dev/sms.json."""

from __future__ import annotations

import msgspec
import pytest
from dependency_injector import providers

from application.ports.sms import SmsMessage
from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client

pytestmark = pytest.mark.integration


async def test_embedded_sms_are_kept_once_per_key_and_listed(sqlite_container: Container) -> None:
    gateway = sqlite_container.sms_gateway()
    first = await gateway.send(SmsMessage(to="+4520123456", text="Hej <Mette> & co", key="reminder:1"))
    again = await gateway.send(SmsMessage(to="+4520123456", text="Hej <Mette> & co", key="reminder:1"))
    await gateway.send(SmsMessage(to="+4530000000", text="Anden", key="reminder:2"))
    assert first == again, "a repeat of the same key stores nothing new"

    async with asgi_client(create_app(sqlite_container)) as client:
        listed = await client.get("/dev/sms.json")
        page = await client.get("/dev/sms")
    assert listed.status_code == 200
    assert [(m["to"], m["text"], m["key"]) for m in listed.json()] == [
        ("+4530000000", "Anden", "reminder:2"),
        ("+4520123456", "Hej <Mette> & co", "reminder:1"),
    ]
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Hej &lt;Mette&gt; &amp; co" in page.text


async def test_production_has_no_dev_sms_route(pg_container: Container) -> None:
    # The routes exist only in embedded mode; the container's settings decide, so flip them to production.
    production = msgspec.structs.replace(pg_container.settings(), env="production")
    pg_container.settings.override(providers.Object(production))
    async with asgi_client(create_app(pg_container)) as client:
        assert (await client.get("/dev/sms.json")).status_code == 404
