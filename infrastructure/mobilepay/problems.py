"""Vendor error answers (problem+json, Azure APIM bodies) turned into the port's errors.

The vendor asks integrators to branch on the HTTP status and the numeric ErrorCode, never on titles.
"""

from __future__ import annotations

from http import HTTPStatus

import httpx
import msgspec

from application.ports.mobilepay_gateway import MobilePayPaymentNotFound, MobilePayRefused, MobilePayUnavailable
from infrastructure.mobilepay.wire import WireProblem

__all__ = ["TRANSIENT_ERROR_CODES", "error_for", "read_problem", "reason_for"]

# Codes the vendor documents as "try again later" although they come with a 4xx status.
TRANSIENT_ERROR_CODES = frozenset({"6160", "6250", "6280"})
_NOT_FOUND_CODE = "5090"

_REASONS: dict[str, str] = {
    "4010": "idempotency_conflict",
    "4020": "idempotency_conflict",
    "4040": "invalid_amount",
    "4070": "invalid_phone",
    "4140": "missing_parameter",
    "4150": "duplicate_reference",
    "5040": "currency_not_allowed",
    "5080": "push_message_not_allowed",
    "6010": "amount_too_small",
    "6020": "not_authorized",
    "6030": "cancel_window_passed",
    "6040": "already_captured",
    "6070": "already_cancelled",
    "6080": "not_authorized",
    "6090": "amount_exceeds_authorized",
    "6100": "capture_deadline_passed",
    "6140": "partial_capture_not_allowed",
    "6150": "amount_exceeds_captured",
    "6170": "already_captured",
    "6180": "already_refunded",
    "6200": "wrong_state",
    "6220": "refund_window_passed",
    "6260": "funds_not_available",
    "7010": "customer_not_found",
}


def read_problem(response: httpx.Response) -> WireProblem:
    """The error body, or an empty problem when it is not JSON of either known shape."""
    try:
        return msgspec.json.decode(response.content, type=WireProblem)
    except msgspec.DecodeError:
        return WireProblem()


def reason_for(status: int, code: str | None) -> str:
    if code is not None and code in _REASONS:
        return _REASONS[code]
    if status == HTTPStatus.CONFLICT:
        return "conflict"
    if status == HTTPStatus.FORBIDDEN:
        return "not_allowed"
    return "refused"


def error_for(response: httpx.Response, *, operation: str, reference: str | None) -> Exception:
    """The port error for a final (not retried) non-2xx answer.

    - 404, or ErrorCode 5090 "reference not found": `MobilePayPaymentNotFound`.
    - 401 (after a fresh token), 408, 423, 429 and 5xx: `MobilePayUnavailable`; 401 means our credentials are wrong.
    - any other 4xx: `MobilePayRefused` with the vendor's code, title, detail and traceId.
    """
    status = response.status_code
    problem = read_problem(response)
    code = problem.error_code
    if reference is not None and (status == HTTPStatus.NOT_FOUND or code == _NOT_FOUND_CODE):
        return MobilePayPaymentNotFound(reference)
    if status == HTTPStatus.UNAUTHORIZED:
        return MobilePayUnavailable(f"MobilePay {operation}: credentials were rejected (401)")
    if status in {HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.LOCKED, HTTPStatus.TOO_MANY_REQUESTS} or status >= 500:  # noqa: PLR2004
        return MobilePayUnavailable(f"MobilePay {operation}: HTTP {status}")
    if code in TRANSIENT_ERROR_CODES:
        return MobilePayUnavailable(f"MobilePay {operation}: busy (ErrorCode {code})")
    title = problem.title or problem.message or f"HTTP {status}"
    return MobilePayRefused(
        f"MobilePay refused {operation}: {title}",
        status=status,
        reason=reason_for(status, code),
        code=code,
        detail=problem.detail,
        trace_id=problem.trace_id,
    )
