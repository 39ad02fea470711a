"""The vendor's OpenAPI files as a checker of real exchanges, with the errata the ADR lists applied in memory.

Errata (docs/adr/0011-mobilepay-gateway-and-simulator.md):
- the remote `receipt` $ref becomes an open object (it cannot be fetched here, and the portal never sends one);
- each variant of the `Customer` oneOf requires its one property (as written, every customer object matches all
  three variants, so oneOf rejects every valid body);
- PaymentEvent requires `name`, not `paymentAction`, which is no property of it;
- the modification answers are `application/json`, not `application/problem+json`;
- every operation gets a `default` error answer (problem+json per the vendor's Problem schema, or Azure APIM's
  `{statusCode, message}`), because the files document no 401, 404 (GET), 429 or 5xx answers.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml  # type: ignore[import-untyped,unused-ignore]
from jsonschema import Draft202012Validator  # type: ignore[import-untyped,unused-ignore]
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

VENDOR_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "vendor"
VENDOR_HOST = "https://apitest.vipps.no"

# Access Token API: not among the vendor files; shape from the reference notes (every value a string).
TOKEN_SCHEMA = {
    "type": "object",
    "required": ["token_type", "expires_in", "access_token"],
    "properties": {
        name: {"type": "string"}
        for name in (
            "token_type",
            "expires_in",
            "ext_expires_in",
            "expires_on",
            "not_before",
            "resource",
            "access_token",
        )
    },
}
_APIM_ERROR = {
    "type": "object",
    "required": ["statusCode", "message"],
    "properties": {"statusCode": {"type": "integer"}, "message": {"type": "string"}},
}


def _load(name: str) -> dict[str, Any]:
    with (VENDOR_DIR / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def _add_default_errors(spec: dict[str, Any], problem_ref: str) -> None:
    default = {
        "description": "Erratum: error answers the file does not document",
        "content": {
            "application/problem+json": {"schema": {"$ref": problem_ref}},
            "application/json": {"schema": _APIM_ERROR},
        },
    }
    for item in spec["paths"].values():
        for method in ("get", "post", "put", "delete"):
            if method in item:
                item[method]["responses"].setdefault("default", default)


@cache
def epayment_dict() -> dict[str, Any]:
    spec = copy.deepcopy(_load("epayment.v1.yml"))
    schemas = spec["components"]["schemas"]
    schemas["CreatePaymentRequest"]["properties"]["receipt"] = {"type": "object"}
    for variant, prop in (
        ("CustomerPhoneNumber", "phoneNumber"),
        ("PersonalQrCode", "personalQr"),
        ("CustomerToken", "customerToken"),
    ):
        schemas[variant]["required"] = [prop]
    event_required = schemas["PaymentEvent"]["required"]
    schemas["PaymentEvent"]["required"] = ["name" if r == "paymentAction" else r for r in event_required]
    adjust = spec["components"]["responses"]["AdjustResponse"]["content"]
    adjust["application/json"] = adjust.pop("application/problem+json")
    _add_default_errors(spec, "#/components/schemas/Problem")
    return spec


@cache
def webhooks_dict() -> dict[str, Any]:
    spec = copy.deepcopy(_load("webhooks.v1.swagger.yaml"))
    _add_default_errors(spec, "#/components/schemas/ProblemDetails")
    return spec


@cache
def _apis() -> tuple[OpenAPI, OpenAPI]:
    # openapi-core reads "application/problem+json" as bytes unless told it is JSON
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(epayment_dict(), config=config), OpenAPI.from_dict(webhooks_dict(), config=config)


def schema_validator(name: str) -> Draft202012Validator:
    """A JSON-schema validator for one ePayment component schema (e.g. "WebhookEvent"), refs resolved."""
    spec = epayment_dict()
    schema = {**spec["components"]["schemas"][name], "components": spec["components"]}
    return Draft202012Validator(_nullable_to_json_schema(schema))


def _nullable_to_json_schema(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {k: _nullable_to_json_schema(v) for k, v in node.items() if k not in {"nullable", "example"}}
        if node.get("nullable") and "type" in converted:
            converted["type"] = [converted["type"], "null"]
        return converted
    if isinstance(node, list):
        return [_nullable_to_json_schema(v) for v in node]
    return node


@dataclass
class _Request:
    host_url: str
    path: str
    method: str
    content_type: str
    body: bytes | None
    parameters: RequestParameters = field(default_factory=RequestParameters)


@dataclass
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes | None


def check_exchange(request: httpx.Request, response: httpx.Response, *, base_path: str) -> None:
    """Raise unless `request` and `response` are what the vendor files (with errata) allow.

    A request the files forbid passes only when the answer is 400: the simulator must refuse what they forbid.

    `base_path` is the prefix of the simulator's URL ("" when it runs at the root).
    """
    path = request.url.path.removeprefix(base_path)
    if path.lower() == "/accesstoken/get":
        if response.is_success:
            Draft202012Validator(TOKEN_SCHEMA).validate(response.json())
        return
    api = _apis()[1] if path.startswith("/webhooks/") else _apis()[0]
    wrapped = _Request(
        host_url=VENDOR_HOST,
        path=path,
        method=request.method.lower(),
        content_type=request.headers.get("content-type", ""),
        body=request.content or None,
        parameters=RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
        ),
    )
    try:
        api.validate_request(wrapped)
    except Exception:
        # A request the vendor files forbid (a test sending a bad phone on purpose) must be refused with 400.
        if response.status_code != httpx.codes.BAD_REQUEST:
            raise
    api.validate_response(
        wrapped,
        _Response(
            status_code=response.status_code,
            content_type=response.headers.get("content-type", ""),
            headers=Headers(list(response.headers.items())),
            data=response.content or None,
        ),
    )


class ExchangeRecorder:
    """httpx event hook: keeps every request/response pair that went over the wire."""

    def __init__(self) -> None:
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        self.exchanges.append((response.request, response))

    def check_all(self, *, base_path: str = "") -> int:
        for request, response in self.exchanges:
            try:
                check_exchange(request, response, base_path=base_path)
            except Exception as exc:
                raise AssertionError(
                    f"{request.method} {request.url.path} -> {response.status_code} breaks the vendor contract: {exc!r}"
                ) from exc
        return len(self.exchanges)
