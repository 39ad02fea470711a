"""The simulator's error answers, shaped as the vendor's: RFC 7807 problem+json, and Azure APIM's 401 body."""

from __future__ import annotations

import secrets

import msgspec
from litestar import Request, Response
from litestar.datastructures import State

__all__ = ["AccessDenied", "VendorProblem", "access_denied_response", "problem_response"]


class VendorProblem(Exception):
    """A refusal the vendor API would answer with problem+json.

    - `code` becomes `extraDetails: [{"name": "ErrorCode", "reason": code}]`; `field` names the offending field
      the way the vendor's validation errors do.
    """

    def __init__(
        self, status: int, title: str, *, code: str | None = None, detail: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.code = code
        self.detail = detail
        self.field = field

    def body(self, instance: str) -> dict[str, object]:
        extra: list[dict[str, str]] = []
        if self.code is not None:
            extra.append({"name": "ErrorCode", "reason": self.code})
        if self.field is not None:
            extra.append({"name": self.field, "reason": self.detail or self.title})
        body: dict[str, object] = {
            "type": f"https://httpstatuses.io/{self.status}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail or self.title,
            "instance": instance,
            "traceId": f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01",
        }
        if extra:
            body["extraDetails"] = extra
        return body


class AccessDenied(Exception):
    """Azure API Management refused the call before it reached the API (401)."""


def problem_response(problem: VendorProblem, instance: str) -> Response[bytes]:
    return Response(
        content=msgspec.json.encode(problem.body(instance)),
        status_code=problem.status,
        media_type="application/problem+json",
    )


def access_denied_response(_request: Request[object, object, State], exc: AccessDenied) -> Response[bytes]:
    body = {"statusCode": 401, "message": str(exc)}
    return Response(content=msgspec.json.encode(body), status_code=401, media_type="application/json")


def vendor_problem_handler(request: Request[object, object, State], exc: VendorProblem) -> Response[bytes]:
    return problem_response(exc, request.url.path)
