"""The admin events feed (PRODUCT §12): pages in commit order, and a late-committing event is never skipped."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from application.commands.identity.create_api_key import CreateApiKey
from application.queries.automation.read_event_feed import ReadEventFeed
from application.queries.automation.views import EventFeedPage
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events
from interfaces.http.app import create_app
from tests.asgi import asgi_client

pytestmark = pytest.mark.integration
FEED = "/admin/api/v1/events"


def _row(name: str) -> dict[str, Any]:
    event_id = uuid.uuid4()
    now = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    envelope = {
        "id": str(event_id),
        "type": "login_link.sent",
        "schema_version": 1,
        "occurred_at": now.isoformat(),
        "party": name,
        "document": None,
        "data": {},
    }
    return {"id": event_id, "type": "login_link.sent", "occurred_at": now, "envelope": envelope}


async def _write(container: Container, *names: str) -> None:
    async with container.session_factory()() as session, session.begin():
        await session.execute(insert(events), [_row(n) for n in names])


async def _read_all(container: Container, after: str | None = None, limit: int = 2) -> tuple[list[str], str | None]:
    parties: list[str] = []
    while True:
        page: EventFeedPage = await container.bus().handle(ReadEventFeed(after=after, limit=limit))
        parties += [str(item.party) for item in page.items]
        if not page.items:
            assert page.next_after == after, "an empty page gives back the cursor it was given"
            return parties, after
        after = page.next_after


@pytest.fixture
async def client(pg_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(pg_container)) as test_client:
        created = await pg_container.bus().handle(CreateApiKey(name="erp"))
        test_client.headers["Authorization"] = f"Bearer {created.key}"
        yield test_client


async def test_the_feed_pages_through_every_event_once_with_an_api_key(
    client: httpx.AsyncClient, pg_container: Container
) -> None:
    await _write(pg_container, "a", "b", "c")
    await _write(pg_container, "d", "e")
    seen: list[str] = []
    after: str | None = None
    for _ in range(10):
        response = await client.get(FEED, params={"limit": 2, **({"after": after} if after else {})})
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"items", "next_after"}
        if not body["items"]:
            assert body["next_after"] == after
            break
        seen += [item["party"] for item in body["items"]]
        after = body["next_after"]
    assert seen == ["a", "b", "c", "d", "e"]


async def test_the_feed_refuses_a_missing_key_a_bad_cursor_and_a_bad_limit(client: httpx.AsyncClient) -> None:
    assert (await client.get(FEED, headers={"Authorization": ""})).status_code == 401
    bad_cursor = await client.get(FEED, params={"after": "not-a-cursor"})
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["errors"][0]["pointer"] == "/after"
    assert (await client.get(FEED, params={"limit": 0})).status_code == 422
    first = (await client.get(FEED)).json()
    assert first == {"items": [], "next_after": None}


async def test_an_event_that_commits_late_is_never_skipped(pg_container: Container) -> None:
    await _write(pg_container, "before")
    seen, cursor = await _read_all(pg_container)
    assert seen == ["before"]

    sessions = pg_container.session_factory()
    early, late = sessions(), sessions()
    try:
        await early.begin()
        await early.execute(insert(events), [_row("started-first")])  # takes the lower transaction id
        await late.begin()
        await late.execute(insert(events), [_row("started-second")])
        await late.commit()  # commits first

        more, cursor_while_open = await _read_all(pg_container, cursor)
        assert more == [], "the feed must not pass the position the open transaction may still fill"
        assert cursor_while_open == cursor

        await early.commit()
    finally:
        await early.close()
        await late.close()
    more, _ = await _read_all(pg_container, cursor)
    assert more == ["started-first", "started-second"]


async def test_on_sqlite_the_feed_follows_insertion_order(sqlite_container: Container) -> None:
    await _write(sqlite_container, "a", "b", "c")
    seen, cursor = await _read_all(sqlite_container)
    await _write(sqlite_container, "d")
    more, _ = await _read_all(sqlite_container, cursor)
    assert (seen, more) == (["a", "b", "c"], ["d"])
