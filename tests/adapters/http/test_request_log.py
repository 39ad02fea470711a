"""One log line per request (ADR-0038): method, route template, status, milliseconds; never the token in a path,
and one line even when the body goes out in many messages (SSE, PDFs).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar, get
from litestar.params import FromPath
from litestar.response import Stream
from structlog.testing import capture_logs

from interfaces.http.request_log import request_log_middleware
from tests.asgi import asgi_client

pytestmark = pytest.mark.adapter


@get("/l/{token:str}", sync_to_thread=False)
def link(token: FromPath[str]) -> str:
    return token[:0] + "ok"


@get("/stream", sync_to_thread=False)
def stream() -> Stream:
    async def parts() -> AsyncIterator[bytes]:
        for part in (b"a", b"b", b"c"):
            yield part

    return Stream(parts())


def _app() -> Litestar:
    return Litestar([link, stream], middleware=[request_log_middleware], logging_config=None)


async def test_a_request_is_one_line_with_its_route_template_status_and_time() -> None:
    with capture_logs() as logs:
        async with asgi_client(_app()) as client:
            assert (await client.get("/l/SECRET-TOKEN-123")).status_code == 200
    lines = [line for line in logs if line["event"] == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert {key: line[key] for key in ("method", "route", "status")} == {
        "method": "GET",
        "route": "/l/{token:str}",
        "status": 200,
    }
    assert isinstance(line["ms"], float)
    assert line["ms"] >= 0
    assert "SECRET-TOKEN-123" not in repr(logs)


async def test_a_streamed_body_is_still_one_line() -> None:
    with capture_logs() as logs:
        async with asgi_client(_app()) as client:
            assert (await client.get("/stream")).content == b"abc"
    assert [(line["route"], line["status"]) for line in logs if line["event"] == "request"] == [("/stream", 200)]
