"""Checks a create-payment body the way the vendor describes it, answering its problem codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.mobilepay.simulator.problems import VendorProblem

__all__ = ["CreateRequest", "parse_create_request", "require_amount"]

_ALLOWED_FIELDS = frozenset(
    {
        "amount",
        "customer",
        "customerInteraction",
        "industryData",
        "paymentMethod",
        "profile",
        "reference",
        "returnUrl",
        "userFlow",
        "expiresAt",
        "qrFormat",
        "paymentDescription",
        "receipt",
        "metadata",
        "receiptUrl",
        "minimumUserAge",
        "blockedSources",
        "shipping",
    }
)
_USER_FLOWS = frozenset({"PUSH_MESSAGE", "NATIVE_REDIRECT", "WEB_REDIRECT", "QR"})
_MINIMUM = {"NOK": 100, "DKK": 1, "EUR": 1}
_MAXIMUM = 65_000_000
# The newer description allows up to 64 characters; the 2024 OpenAPI file still says 50.
_REFERENCE = re.compile(r"[a-zA-Z0-9-]{8,64}")
_MSISDN = re.compile(r"\d{10,15}")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_DEFAULT_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRequest:
    reference: str
    amount: int
    currency: str
    user_flow: str
    phone_number: str | None
    description: str | None
    metadata: dict[str, str] | None
    expires_at: datetime


def _bad(field: str, detail: str, code: str | None = None) -> VendorProblem:
    return VendorProblem(400, "One or more validation errors occurred.", code=code, detail=detail, field=field)


def require_amount(value: object, field: str) -> tuple[int, str]:
    """(value, currency) of an Amount object, or a 400 problem naming `field`."""
    if not isinstance(value, dict) or set(value) != {"currency", "value"}:
        raise _bad(field, "amount must be {currency, value}", "4140")
    currency, minor = value["currency"], value["value"]
    if currency not in _MINIMUM:
        raise _bad(f"{field}.currency", "currency must be NOK, DKK or EUR", "5040")
    if not isinstance(minor, int) or isinstance(minor, bool) or not 0 <= minor <= _MAXIMUM:
        raise _bad(f"{field}.value", "value must be an integer in minor units, 0..65000000", "4040")
    if minor < _MINIMUM[currency]:
        raise VendorProblem(400, "Amount is too small", code="6010", detail=f"minimum is {_MINIMUM[currency]}")
    return minor, currency


def parse_create_request(body: object, *, now: datetime) -> CreateRequest:
    if not isinstance(body, dict):
        raise _bad("body", "the body must be a JSON object")
    unknown = sorted(set(body) - _ALLOWED_FIELDS)
    if unknown:
        raise _bad(unknown[0], f"unknown field {unknown[0]!r}")
    for required in ("amount", "paymentMethod", "reference", "userFlow"):
        if required not in body:
            raise _bad(required, f"{required} is required", "4140")
    amount, currency = require_amount(body["amount"], "amount")
    method = body["paymentMethod"]
    if not isinstance(method, dict) or method.get("type") not in {"WALLET", "CARD"}:
        raise _bad("paymentMethod.type", "type must be WALLET or CARD")
    if method["type"] == "CARD":
        raise _bad("paymentMethod.type", "CARD is not available in the test environment")
    reference = body["reference"]
    if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference):
        raise _bad("reference", "reference must match ^[a-zA-Z0-9-]{8,64}$")
    flow = body["userFlow"]
    if flow not in _USER_FLOWS:
        raise _bad("userFlow", "userFlow must be PUSH_MESSAGE, NATIVE_REDIRECT, WEB_REDIRECT or QR")
    phone = _phone(body.get("customer"), flow)
    if flow == "WEB_REDIRECT" and not _URL.fullmatch(str(body.get("returnUrl", ""))):
        raise _bad("returnUrl", "returnUrl is required for WEB_REDIRECT and must be a URL", "4090")
    return CreateRequest(
        reference=reference,
        amount=amount,
        currency=currency,
        user_flow=str(flow),
        phone_number=phone,
        description=_description(body.get("paymentDescription")),
        metadata=_metadata(body.get("metadata")),
        expires_at=_expires_at(body, flow, now),
    )


def _phone(customer: object, flow: object) -> str | None:
    if customer is None:
        if flow == "PUSH_MESSAGE":
            raise _bad("customer", "customer is required for PUSH_MESSAGE", "4140")
        return None
    if not isinstance(customer, dict) or len(customer) != 1:
        raise _bad("customer", "give exactly one of phoneNumber, personalQr, customerToken")
    ((kind, value),) = customer.items()
    if kind not in {"phoneNumber", "personalQr", "customerToken"} or not isinstance(value, str):
        raise _bad("customer", "give exactly one of phoneNumber, personalQr, customerToken")
    if kind != "phoneNumber":
        return None
    if not _MSISDN.fullmatch(value):
        raise VendorProblem(400, "Invalid phone number", code="4070", detail="MSISDN: 10 to 15 digits, no +")
    return value


def _description(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not 3 <= len(value) <= 100:  # noqa: PLR2004 - the vendor's limits
        raise _bad("paymentDescription", "paymentDescription must be 3 to 100 characters")
    return value


def _metadata(value: object) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) > 5:  # noqa: PLR2004
        raise _bad("metadata", "metadata holds at most 5 pairs", "4100")
    for key, item in value.items():
        if not isinstance(item, str) or len(key) > 100 or len(item) > 500:  # noqa: PLR2004
            raise _bad(f"metadata.{key}", "keys up to 100 and values up to 500 characters", "4110")
    return {str(k): str(v) for k, v in value.items()}


def _expires_at(body: dict[str, object], flow: object, now: datetime) -> datetime:
    raw = body.get("expiresAt")
    if raw is None:
        return now + _DEFAULT_LIFETIME
    if flow not in {"PUSH_MESSAGE", "QR"}:
        raise VendorProblem(400, "expiresAt needs PUSH_MESSAGE or QR", code="6110")
    try:
        at = datetime.fromisoformat(str(raw))
    except ValueError as exc:
        raise _bad("expiresAt", "expiresAt must be an RFC 3339 date-time", "6110") from exc
    if at.tzinfo is None or not now + _DEFAULT_LIFETIME < at < now + timedelta(days=60):
        raise VendorProblem(400, "expiresAt must be 10 minutes to 60 days ahead", code="6120")
    if "receipt" not in body:
        raise VendorProblem(400, "expiresAt needs a receipt", code="6130")
    return at
