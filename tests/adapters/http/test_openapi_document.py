"""The OpenAPI document and its docs page, read in-process (issue 14): every status each operation can answer, as
RFC 9457 problems whose titles come from problems.py, stable operation ids, and a page the CSP lets render."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from infrastructure.container import Container
from interfaces.http.api_docs import DOCS_CONTENT_SECURITY_POLICY, RAPIDOC_THEME_SHA256
from interfaces.http.app import create_app
from interfaces.http.problems import PROBLEM_JSON, problem_title
from interfaces.http.security_headers import CONTENT_SECURITY_POLICY
from tests.asgi import asgi_client

pytestmark = pytest.mark.adapter
API_PREFIXES = ("/api/v1/", "/admin/api/v1/", "/webhooks/", "/health/")
_OPERATION_ID = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
_PROBLEMS = {"Problem", "ValidationProblem", "PaymentConflict", "NotReady"}
_SUCCESS_OR_NOT_MODIFIED = re.compile(r"^(2\d\d|304)$")


@pytest.fixture
async def client(fake_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(fake_container)) as test_client:
        yield test_client


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    answer = await client.get("/schema/openapi.json")
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    ]


async def test_only_the_apis_are_documented_each_operation_with_a_stable_id(document: dict[str, Any]) -> None:
    operations = _operations(document)
    assert {path for _, path, _ in operations} >= {"/api/v1/auth/login", "/admin/api/v1/events", "/webhooks/mobilepay"}
    for method, path, operation in operations:
        assert path.startswith(API_PREFIXES), f"{method} {path}: pages, dev and simulator routes stay out"
        assert _OPERATION_ID.match(operation["operationId"]), f"{method} {path}: {operation['operationId']}"
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids))


async def test_every_error_is_a_problem_with_the_title_problems_py_gives_it(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            if _SUCCESS_OR_NOT_MODIFIED.match(status):
                continue
            label = f"{method} {path} {status}"
            assert list(response["content"]) == [PROBLEM_JSON], label
            schema = response["content"][PROBLEM_JSON]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schema in _PROBLEMS, label
            assert response["description"].startswith(f"{problem_title(int(status))}. "), label
            if status in ("429", "503"):
                assert response["headers"]["Retry-After"]["required"] is True, label


async def test_the_statuses_each_kind_of_operation_can_answer(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        statuses = set(operation["responses"])
        label = f"{method} {path}"
        if operation["operationId"] != "health.live":  # the one route that never touches the database
            assert "503" in statuses, label
        if operation.get("security"):
            assert "401" in statuses, label
        if "requestBody" in operation:
            assert {"413", "415", "422"} <= statuses, label
        if "{" in path:
            assert "400" in statuses or operation["operationId"].startswith("admin."), label
    auth = {operation["operationId"]: set(operation["responses"]) for _, _, operation in _operations(document)}
    assert "429" in auth["auth.login"]
    assert "429" in auth["auth.verify"]


async def test_a_payment_that_is_under_way_is_a_409_naming_it(document: dict[str, Any]) -> None:
    start = document["paths"]["/api/v1/documents/{document_id}/payments"]["post"]
    assert start["responses"]["409"]["content"][PROBLEM_JSON]["schema"]["$ref"].endswith("/PaymentConflict")
    assert "payment_id" in document["components"]["schemas"]["PaymentConflict"]["properties"]
    assert start["security"] == [{"session": []}]


async def test_closed_bodies_are_documented_closed(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["DocumentBody"]["additionalProperties"] is False
    assert schemas["ShareLinkBody"]["additionalProperties"] is False
    assert "additionalProperties" not in schemas["LoginRequest"]


async def test_the_docs_page_loads_rapidoc_from_the_portal_with_nothing_inline(client: httpx.AsyncClient) -> None:
    page = await client.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/vendor/rapidoc-min.js" defer></script>' in page.text
    assert '<rapi-doc spec-url="/schema/openapi.json"' in page.text
    assert re.findall(r"<script(?![^>]*\ssrc=)", page.text) == []
    assert "<style" not in page.text
    assert " style=" not in page.text
    assert "https://" not in page.text
    assert page.headers["content-security-policy"] == DOCS_CONTENT_SECURITY_POLICY
    script = await client.get("/static/vendor/rapidoc-min.js")
    assert script.status_code == 200
    assert script.text.startswith("/*! RapiDoc 9.3.8")


def _directives(policy: str) -> dict[str, set[str]]:
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";"))}


def test_the_docs_page_relaxes_the_portal_s_csp_only_for_rapidoc_s_styles() -> None:
    portal, docs = _directives(CONTENT_SECURITY_POLICY), _directives(DOCS_CONTENT_SECURITY_POLICY)
    assert docs.pop("style-src") == portal.pop("style-src") | {f"'{RAPIDOC_THEME_SHA256}'"}
    assert docs.pop("style-src-attr") == {"'unsafe-inline'"}
    assert docs == portal


async def test_options_lists_every_method_of_the_path(client: httpx.AsyncClient) -> None:
    """Litestar's own OPTIONS answer named only the first handlers it merged into a path (GET, not POST, on /login)."""
    answer = await client.options("/login")
    assert answer.status_code == 204
    assert {method.strip() for method in answer.headers["allow"].split(",")} == {"GET", "POST", "OPTIONS"}
