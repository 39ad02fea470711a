"""The ASGI edge without a server: the headers middleware on its own, and how an origin is compared (PRODUCT §3)."""

from __future__ import annotations

from typing import Any

import pytest

from interfaces.http.origin_check import origin_of
from interfaces.http.security_headers import SecurityHeadersMiddleware, security_headers

pytestmark = pytest.mark.adapter

HEADERS = security_headers("http://portal.example")


async def _call(app: Any, method: str = "GET") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    middleware = SecurityHeadersMiddleware(app, headers=HEADERS, allowed_methods=lambda path, _: f"GET ({path})")
    await middleware({"type": "http", "method": method, "path": "/somewhere", "headers": []}, receive, send)
    return sent


def _headers(message: dict[str, Any]) -> dict[str, str]:
    return {name.decode(): value.decode() for name, value in message["headers"]}


def _answering(status: int, headers: list[tuple[bytes, bytes]]) -> Any:
    async def app(_scope: Any, _receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    return app


async def test_every_response_start_gets_the_headers_and_the_app_s_own_values_win() -> None:
    own_policy = (b"content-security-policy", b"default-src 'none'")
    start = (await _call(_answering(200, [own_policy])))[0]
    headers = _headers(start)
    assert headers["content-security-policy"] == "default-src 'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert [name for name, _ in start["headers"]].count(b"content-security-policy") == 1


async def test_a_405_without_allow_gets_the_route_s_methods() -> None:
    assert _headers((await _call(_answering(405, []), method="TRACE"))[0])["allow"] == "GET (/somewhere)"
    kept = _headers((await _call(_answering(405, [(b"allow", b"POST")])))[0])
    assert kept["allow"] == "POST"
    assert "allow" not in _headers((await _call(_answering(404, [])))[0])


async def test_an_app_that_fails_before_answering_still_answers_500_with_the_headers_then_re_raises() -> None:
    sent: list[dict[str, Any]] = []

    async def broken(_scope: Any, _receive: Any, _send: Any) -> None:
        raise RuntimeError("boom")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    middleware = SecurityHeadersMiddleware(broken, headers=HEADERS, allowed_methods=lambda *_: None)
    with pytest.raises(RuntimeError):
        await middleware({"type": "http", "method": "GET", "path": "/", "headers": []}, _no_body, send)
    assert sent[0]["status"] == 500
    assert _headers(sent[0])["content-security-policy"].startswith("default-src 'self'")
    assert sent[1]["more_body"] is False


async def _no_body() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


def test_hsts_only_for_an_https_base_url() -> None:
    assert "Strict-Transport-Security" not in security_headers("http://127.0.0.1:8000")
    assert security_headers("https://portal.example.dk")["Strict-Transport-Security"].startswith("max-age=")
    for headers in (security_headers("http://x"), security_headers("https://x")):
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Portal.Example.dk/", "https://portal.example.dk"),
        ("https://portal.example.dk:443/login", "https://portal.example.dk"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/x", "http://[::1]:8000"),
        ("null", None),
        ("https://", None),
        ("ftp://portal.example.dk", None),
        ("https://portal.example.dk:99999", None),
    ],
)
def test_origins_are_compared_in_one_spelling(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin
