"""The admin API over ASGI on PostgreSQL: API keys, upserts, withdraw, and every error as problem+json."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from application.commands.identity.create_api_key import CreateApiKey
from application.commands.identity.revoke_api_key import RevokeApiKey
from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import customer, document

pytestmark = pytest.mark.integration
BASE = "/admin/api/v1"


@pytest.fixture
async def client(pg_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(pg_container)) as test_client:
        created = await pg_container.bus().handle(CreateApiKey(name="erp"))
        test_client.headers["Authorization"] = f"Bearer {created.key}"
        test_client.key_id = created.id  # type: ignore[attr-defined]
        yield test_client


async def _put_customer(client: httpx.AsyncClient, number: str = "C-1001") -> Any:
    return await client.put(f"{BASE}/customers/{number}", json=customer(number))


async def test_missing_unknown_and_revoked_keys_are_401(client: httpx.AsyncClient, pg_container: Container) -> None:
    for header in (None, "Bearer nope", "Basic abc", "Bearer "):
        headers = {"Authorization": header} if header else {}
        response = await client.put(
            f"{BASE}/customers/C-1", json=customer("C-1"), headers=headers or {"Authorization": ""}
        )
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await _put_customer(client)).status_code == 201
    await pg_container.bus().handle(RevokeApiKey(id=client.key_id))  # type: ignore[attr-defined]
    assert (await _put_customer(client)).status_code == 401


async def test_upserts_are_idempotent_and_versions_follow_content(client: httpx.AsyncClient) -> None:
    assert (await _put_customer(client)).status_code == 201
    assert (await _put_customer(client)).status_code == 200
    record = document("invoice", "INV-10023")
    first = await client.put(f"{BASE}/documents/invoice/INV-10023", json=record)
    assert first.status_code == 201
    body = first.json()
    assert body["version"] == 1
    again = await client.put(f"{BASE}/documents/invoice/INV-10023", json=record)
    assert (again.status_code, again.json()) == (200, body)
    paid_only = await client.put(f"{BASE}/documents/invoice/INV-10023", json={**record, "paid": 100})
    assert paid_only.json()["version"] == 1
    changed = await client.put(f"{BASE}/documents/invoice/INV-10023", json={**record, "notes": "ny"})
    assert changed.json() == {"id": body["id"], "version": 2}


async def test_totals_mismatch_names_each_figure(client: httpx.AsyncClient) -> None:
    await _put_customer(client)
    record = document("invoice", "INV-1")
    record["totals"] = {**record["totals"], "vat": record["totals"]["vat"] - 1, "total": record["totals"]["total"] - 1}
    response = await client.put(f"{BASE}/documents/invoice/INV-1", json=record)
    assert response.status_code == 422
    errors = response.json()["errors"]
    computed = record["totals"]["vat"] + 1
    assert {"pointer": "/totals/vat", "detail": f"stated {computed - 1}, computed {computed}"} in errors
    assert [e["pointer"] for e in errors] == ["/totals/vat", "/totals/total"]


async def test_bad_bodies_are_422_415_413_with_pointers(client: httpx.AsyncClient) -> None:
    await _put_customer(client)
    url = f"{BASE}/documents/invoice/INV-1"
    malformed = await client.put(url, content=b'{"type": "invoice",', headers={"content-type": "application/json"})
    assert malformed.status_code == 422
    assert malformed.headers["content-type"].startswith("application/problem+json")
    wrong_type = await client.put(url, content=b"<xml/>", headers={"content-type": "application/xml"})
    assert wrong_type.status_code == 415
    bad_field = document("invoice", "INV-1")
    bad_field["lines"][0]["unit_price"] = "ten"
    response = await client.put(url, json=bad_field)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/lines/0/unit_price"
    unknown = await client.put(url, json={**document("invoice", "INV-1"), "colour": "red"})
    assert unknown.status_code == 422
    huge = await client.put(
        url, content=b'{"x": "' + b"a" * (1024 * 1024 + 10) + b'"}', headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413
    unknown_customer = await client.put(url, json=document("invoice", "INV-1", customer_no="C-404"))
    assert unknown_customer.json()["errors"] == [{"pointer": "/customer_no", "detail": "unknown customer C-404"}]


async def test_withdraw_is_204_then_404_for_unknown(client: httpx.AsyncClient) -> None:
    await _put_customer(client)
    await client.put(f"{BASE}/documents/quote/Q-1", json=document("quote", "Q-1"))
    assert (await client.delete(f"{BASE}/documents/quote/Q-1")).status_code == 204
    missing = await client.delete(f"{BASE}/documents/quote/Q-404")
    assert missing.status_code == 404
    assert json.loads(missing.text)["status"] == 404
    assert (await client.delete(f"{BASE}/documents/receipt/Q-1")).status_code in (404, 422)


async def test_security_headers_and_schema(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    schema = await client.get("/schema/openapi.json")
    assert "/admin/api/v1/documents/{doc_type}/{number}" in schema.json()["paths"]
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
