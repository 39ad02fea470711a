"""The error side of the OpenAPI document (PRODUCT §10): RFC 9457 problem schemas and the statuses each operation lists.

`problems.py` decides what every exception answers; this module only describes those answers, with the same titles.
Route handlers state which statuses they can answer with `responses=problems(...)`; `ProblemOperation` is their
`operation_class` and finishes what `ResponseSpec` cannot say (headers).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIHeader, OpenAPIResponse, OpenAPIType, Operation, Schema

from interfaces.http.problems import PROBLEM_JSON, problem_title


class ProblemError(msgspec.Struct, frozen=True, kw_only=True):
    """One refused field: `pointer` is a JSON pointer into the request (`/lines/0/unit_price`; "" for all of it)."""

    pointer: str
    detail: str


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """An RFC 9457 problem; `type` is always `about:blank`, so `title` is the status's own phrase."""

    type: str
    title: str
    status: int
    detail: str


class ValidationProblem(Problem, frozen=True, kw_only=True):
    """422: every refused field, each by its JSON pointer."""

    errors: list[ProblemError]


class PaymentConflict(Problem, frozen=True, kw_only=True):
    """409 on starting a payment: `payment_id` names the invoice's unfinished payment.

    - Absent after a lost race that left no unfinished payment; then trying again is the answer.
    """

    payment_id: uuid.UUID | None = None


class NotReady(Problem, frozen=True, kw_only=True):
    """503 of the readiness probe: the state of each dependency."""

    database: Literal["up", "down"]
    broker: Literal["up", "down"]


#: Why each status happens, as the operations' documentation says it; the titles come from problems.py.
_WHY = {
    304: "The PDF has not changed since the ETag given in If-None-Match.",
    400: "The path holds a NUL byte or invalid UTF-8.",
    401: "No valid credentials for this scope: no or expired session, or a missing, unknown or revoked API key.",
    404: "Unknown, or not visible to the caller (a foreign, withdrawn or malformed id answers the same).",
    409: "The request clashes with the current state, or a concurrent change of the same record won; try again.",
    413: "The body is larger than PORTAL_MAX_BODY_BYTES.",
    415: "The body is not application/json.",
    422: "The input is not valid: `errors` names each field by its JSON pointer.",
    429: "Too many attempts; Retry-After says when to try again.",
    503: "A dependency (the database, or MobilePay) cannot be reached; nothing was written. Retry after Retry-After.",
}
_BODIES: Mapping[int, type[Problem]] = {422: ValidationProblem}
_RETRY_AFTER = OpenAPIHeader(
    description="Seconds to wait before trying again.",
    required=True,
    schema=Schema(type=OpenAPIType.STRING, pattern="^[0-9]+$"),
)


def problems(
    *statuses: int, bodies: Mapping[int, type[Problem]] | None = None, why: Mapping[int, str] | None = None
) -> dict[int, ResponseSpec]:
    """The `responses=` of a route handler: each status as application/problem+json (304: no body).

    - `bodies` replaces the schema of a status, e.g. `{409: PaymentConflict}`; `why` the reason a status is given.
    """
    chosen = {**_BODIES, **(bodies or {})}
    reasons = {**_WHY, **(why or {})}
    responses: dict[int, ResponseSpec] = {}
    for status in statuses:
        description = f"{problem_title(status)}. {reasons[status]}" if status != 304 else reasons[status]  # noqa: PLR2004
        container = None if status == 304 else chosen.get(status, Problem)  # noqa: PLR2004
        responses[status] = ResponseSpec(
            data_container=container, description=description, media_type=PROBLEM_JSON, generate_examples=False
        )
    return responses


@dataclass
class ProblemOperation(Operation):
    """The `operation_class` of every API route handler.

    - Litestar adds a 400 of its own for `ValidationException` (application/json); problems.py answers that with 422,
      so a 400 that is not problem+json is dropped.
    - 429 and 503 carry Retry-After (a `ResponseSpec` cannot document headers).
    """

    def __post_init__(self) -> None:
        responses = self.responses or {}
        framework_400 = responses.get("400")
        if isinstance(framework_400, OpenAPIResponse) and PROBLEM_JSON not in (framework_400.content or {}):
            del responses["400"]
        for status in ("429", "503"):
            response = responses.get(status)
            if isinstance(response, OpenAPIResponse):
                response.headers = {**(response.headers or {}), "Retry-After": _RETRY_AFTER}


__all__ = [
    "NotReady",
    "PaymentConflict",
    "Problem",
    "ProblemError",
    "ProblemOperation",
    "ValidationProblem",
    "problems",
]
