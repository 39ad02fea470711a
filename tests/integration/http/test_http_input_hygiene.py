"""Hostile text at the boundary (PRODUCT §10): never a 5xx; NUL, invalid UTF-8 and control characters are named.

The first tests pin the cases that used to crash or mislead; the Hypothesis tests then throw arbitrary text (NUL,
lone surrogates, CR/LF, C1 controls, U+202E, raw invalid UTF-8 bytes) at every JSON route, the document list's
query (API and page), the admin path keys and the `portal import` command, all on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import httpx
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from application.commands.identity.create_api_key import CreateApiKey
from application.commands.identity.sign_in import start_session
from infrastructure.container import Container
from infrastructure.persistence.tables.documents import customers, documents
from interfaces.cli.import_records import import_group
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import customer, document, upsert_customer
from tests.integration.pages.pages_support import form_token

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"
ADMIN = "/admin/api/v1"
HOSTILE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
async def client(pg_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """Signed in as MAIL (customer C-1001), holding an admin key in `admin_headers`."""
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    key = (await bus.handle(CreateApiKey(name="erp"))).key
    uow = pg_container.uow()
    async with uow:
        signed = await start_session(uow, pg_container.hasher(), MAIL, pg_container.clock().now(), None)
        await uow.commit()
    async with asgi_client(create_app(pg_container)) as test_client:
        test_client.cookies.set("portal_session", signed.session_id)
        test_client.admin_headers = {"Authorization": f"Bearer {key}"}  # type: ignore[attr-defined]
        yield test_client


def _admin(client: httpx.AsyncClient) -> dict[str, str]:
    headers: dict[str, str] = client.admin_headers  # type: ignore[attr-defined]
    return headers


def _errors(response: httpx.Response) -> list[dict[str, str]]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    errors: list[dict[str, str]] = response.json()["errors"]
    return errors


async def _post_raw(client: httpx.AsyncClient, path: str, body: bytes, method: str = "POST") -> httpx.Response:
    return await client.request(
        method, path, content=body, headers={"content-type": "application/json", **_admin(client)}
    )


async def test_invalid_utf8_and_nul_in_sign_in_bodies_are_422_naming_the_field(client: httpx.AsyncClient) -> None:
    login = await _post_raw(client, "/api/v1/auth/login", b'{"email":"\xff@x.dk"}')
    assert login.status_code == 422
    assert _errors(login)[0]["pointer"] == "/email"
    assert "UTF-8" in _errors(login)[0]["detail"]
    verify = await client.post("/api/v1/auth/verify", json={"email": "a\u0000@x.dk", "code": "123456"})
    assert verify.status_code == 422
    assert _errors(verify)[0]["pointer"] == "/email"
    assert "NUL" in _errors(verify)[0]["detail"]
    link = await client.post("/api/v1/auth/link", json={"token": "abc\r\ndef"})
    assert link.status_code == 422
    assert _errors(link)[0]["pointer"] == "/token"


async def test_nul_and_invalid_utf8_in_the_query_are_named_on_the_api_and_a_page_in_html(
    client: httpx.AsyncClient,
) -> None:
    for query in ("q=%00", "type=invoice&q=%FF", "q=a%C3"):
        api = await client.get(f"/api/v1/documents?{query}")
        assert api.status_code == 422, query
        assert _errors(api)[0]["pointer"] == "/q"
        page = await client.get(f"/documents?{query}", headers={"accept": "text/html"})
        assert page.status_code == 400, query
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>" in page.text
    assert (await client.get("/api/v1/documents?q=%C3%A6")).status_code == 200


async def test_a_nul_in_a_path_is_400(client: httpx.AsyncClient) -> None:
    response = await client.put(f"{ADMIN}/documents/invoice/INV%00", json=document(), headers=_admin(client))
    assert response.status_code == 400
    assert "path" in response.json()["detail"]
    page = await client.get("/documents/%00", headers={"accept": "text/html"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    # a typed id the router cannot parse is refused before any hook runs: still 400, not the malformed id's 404
    for path in ("/api/v1/documents/%00", "/api/v1/payments/%FF"):
        typed = await client.get(path)
        assert (typed.status_code, typed.headers["content-type"]) == (400, "application/problem+json"), path


async def test_nul_in_an_admin_body_is_422_not_a_retry_forever_503(client: httpx.AsyncClient) -> None:
    response = await client.put(f"{ADMIN}/customers/C-2", json=customer("C-2", name="a\u0000b"), headers=_admin(client))
    assert response.status_code == 422
    assert "retry-after" not in response.headers
    assert _errors(response)[0]["pointer"] == "/name"


async def test_line_breaks_in_keys_and_header_fields_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, pg_container: Container
) -> None:
    injected = await client.put(
        f"{ADMIN}/documents/invoice/INV-CR%0D%0AX-Injected%3A%201",
        json={k: v for k, v in document().items() if k != "number"},
        headers=_admin(client),
    )
    assert injected.status_code == 422
    assert _errors(injected)[0]["pointer"] == "/number"
    assert "one line" in _errors(injected)[0]["detail"]
    for field, value, pointer in (
        ("name", "Mette\r\nBcc: x@evil.example", "/name"),
        ("email", "m@example.dk\nBcc: x@evil.example", "/email"),
        ("address", ["Nørregade 4", "8000\u2028Aarhus"], "/address/1"),
        ("customer_no", "C-3\u202e", "/customer_no"),
    ):
        refused = await client.put(
            f"{ADMIN}/customers/C-3", json={**customer("C-3"), field: value}, headers=_admin(client)
        )
        assert refused.status_code == 422, field
        assert _errors(refused)[0]["pointer"] == pointer
    async with pg_container.session_factory()() as session:
        assert await session.scalar(select(func.count()).select_from(documents)) == 0
        assert await session.scalar(select(func.count()).where(customers.c.customer_no == "C-3")) == 0


async def test_multi_line_text_keeps_its_line_breaks(client: httpx.AsyncClient) -> None:
    record = document("invoice", "INV-2", notes="Betaling 14 dage.\r\n\tTak!")
    record["lines"][0]["description"] = "Service\nolie og filter"
    assert (
        await client.put(f"{ADMIN}/documents/invoice/INV-2", json=record, headers=_admin(client))
    ).status_code == 201
    record["notes"] = "bell\x07"
    refused = await client.put(f"{ADMIN}/documents/invoice/INV-2", json=record, headers=_admin(client))
    assert refused.status_code == 422
    assert _errors(refused)[0]["pointer"] == "/notes"


async def test_a_nul_in_a_page_form_is_a_readable_page(client: httpx.AsyncClient) -> None:
    client.cookies.delete("portal_session")
    token = await form_token(client)
    response = await client.post(
        "/login",
        content=f"csrf_token={token}&email=a%00@example.dk".encode(),
        headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text


def _import(kind: str, data: bytes, database_url: str, var_dir: Path) -> Result:
    env = {"PORTAL_DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(var_dir), "PORTAL_ENV": "embedded"}
    return CliRunner().invoke(import_group, [kind, "-"], input=data, env=env)


async def test_the_import_names_each_hostile_record(pg_container: Container, tmp_path: Path) -> None:
    lines = [
        json.dumps(customer("C-1", name="a\u0000b")).encode(),
        b'{"customer_no": "C-2", "name": "\xff"}',
        json.dumps(customer("C-3\r\n")).encode(),
        json.dumps(customer("C-4")).encode(),
    ]
    result = await asyncio.to_thread(
        _import, "customers", b"\n".join(lines), pg_container.settings().database_url, tmp_path
    )
    assert result.exit_code == 1, result.output
    assert "record 1 (C-1): /name: must be one line without control characters" in result.output
    assert "record 2 (?): not valid UTF-8" in result.output
    assert "record 3 (C-3??): /customer_no: must be one line" in result.output
    assert "imported 1 customers, rejected 3" in result.output


# --- Hypothesis: anything at all -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["\x00", "\r\n", "\n", "\r", "\t", "\u202e", "\u2028", "\ud800", "\udfff", "\x1b[31m", "\x7f", "\x85", "æ", "-"]
)
_TEXT = st.lists(_PIECES | st.text(max_size=4), max_size=5).map("".join)
_BAD_BYTES = st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xc0\x80", b"\x80", b"\xf4\x90\x80\x80"])


@st.composite
def json_string_content(draw: st.DrawFn) -> bytes:
    """What goes between the quotes of a JSON string: escaped text, now and then with raw bytes that are not UTF-8."""
    parts = draw(st.lists(_TEXT.map(lambda t: json.dumps(t)[1:-1].encode()) | _BAD_BYTES, min_size=1, max_size=3))
    return b"".join(parts)


@st.composite
def raw_text(draw: st.DrawFn) -> bytes:
    """The bytes of a path segment or query value before percent-encoding."""
    parts = draw(st.lists(_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")) | _BAD_BYTES, min_size=1, max_size=3))
    return b"".join(parts)


_MARK = "__HOSTILE__"
_CUSTOMER = {"name": "Kunde", "email": "kunde@example.dk", "address": ["Gade 1"]}
_DOCUMENT = {k: v for k, v in document("invoice", "INV-9").items() if k != "number"}
JSON_BODIES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/api/v1/auth/login", {"email": _MARK}),
    ("POST", "/api/v1/auth/verify", {"email": _MARK, "code": "123456"}),
    ("POST", "/api/v1/auth/verify", {"email": MAIL, "code": _MARK}),
    ("POST", "/api/v1/auth/link", {"token": _MARK}),
    ("PUT", f"{ADMIN}/customers/C-9", {**_CUSTOMER, "name": _MARK}),
    ("PUT", f"{ADMIN}/customers/C-9", {**_CUSTOMER, "email": _MARK}),
    ("PUT", f"{ADMIN}/customers/C-9", {**_CUSTOMER, "phone": _MARK}),
    ("PUT", f"{ADMIN}/customers/C-9", {**_CUSTOMER, "address": ["Gade 1", _MARK]}),
    ("PUT", f"{ADMIN}/customers/C-9", {**_CUSTOMER, "customer_no": _MARK}),
    ("PUT", f"{ADMIN}/documents/invoice/INV-9", {**_DOCUMENT, "number": _MARK}),
    ("PUT", f"{ADMIN}/documents/invoice/INV-9", {**_DOCUMENT, "notes": _MARK}),
    ("PUT", f"{ADMIN}/documents/invoice/INV-9", {**_DOCUMENT, "customer_no": _MARK}),
    ("PUT", f"{ADMIN}/documents/invoice/INV-9", {**_DOCUMENT, "seller": {"name": _MARK}}),
    ("PUT", f"{ADMIN}/documents/invoice/INV-9", {**_DOCUMENT, "related": [{"type": "order", "number": _MARK}]}),
    (
        "PUT",
        f"{ADMIN}/documents/invoice/INV-9",
        {**_DOCUMENT, "lines": [{**_DOCUMENT["lines"][0], "description": _MARK}]},
    ),
]
KEYED_PATHS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/documents?q=", None),
    ("GET", "/documents?q=", None),
    ("PUT", f"{ADMIN}/customers/", _CUSTOMER),
    ("PUT", f"{ADMIN}/documents/invoice/", _DOCUMENT),
    ("DELETE", f"{ADMIN}/documents/invoice/", None),
    ("GET", "/api/v1/documents/", None),
]


@HOSTILE
@given(value=json_string_content())
async def test_no_json_route_answers_5xx_to_any_text(client: httpx.AsyncClient, value: bytes) -> None:
    for method, path, template in JSON_BODIES:
        body = json.dumps(template).encode().replace(_MARK.encode(), value)
        response = await _post_raw(client, path, body, method)
        assert response.status_code < 500, (method, path, body, response.text)
        if b"\\u0000" in value.replace(b"\\\\", b"") or not _is_utf8(value):
            assert response.status_code == 422, (method, path, body, response.text)


@HOSTILE
@given(value=raw_text())
async def test_no_query_or_path_key_answers_5xx_to_any_bytes(client: httpx.AsyncClient, value: bytes) -> None:
    encoded = quote_from_bytes(value, safe="")
    for method, path, body in KEYED_PATHS:
        response = await client.request(method, path + encoded, json=body, headers=_admin(client))
        assert response.status_code < 500, (method, path, value, response.text)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(value=json_string_content())
async def test_the_import_never_crashes_on_any_text(pg_container: Container, tmp_path: Path, value: bytes) -> None:
    records = [
        json.dumps(customer("C-1", name=_MARK)),
        json.dumps(customer(_MARK)),
        json.dumps(customer("C-2", email=_MARK, address=[_MARK])),
    ]
    data = b"\n".join(r.encode().replace(_MARK.encode(), value) for r in records)
    result = await asyncio.to_thread(_import, "customers", data, pg_container.settings().database_url, tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "cannot be reached" not in result.output
    assert "imported" in result.output


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
