"""The documented shape of a payment's live status stream, `GET /api/v1/payments/{id}/events` (PRODUCT §6, §12)."""

from __future__ import annotations

import typing
from typing import Annotated, Literal

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema

from domain.payments.model import Status

_STATUS_DATA = Schema(
    type=OpenAPIType.OBJECT,
    properties={
        "id": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.UUID),
        "status": Schema(type=OpenAPIType.STRING, enum=list(typing.get_args(Status))),
    },
    required=["id", "status"],
)
EVENT_STREAM = "text/event-stream"
_JSON_TEXT = {"extra": {"content_media_type": "application/json", "content_schema": _STATUS_DATA}}


class PaymentStatusMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One server-sent event: the current status first, then each change and a heartbeat at each re-read."""

    event: Literal["status"]
    data: Annotated[str, msgspec.Meta(extra_json_schema=_JSON_TEXT)]


#: The 200 of the stream in a route handler's `responses=`.
STATUS_STREAM = {
    200: ResponseSpec(
        PaymentStatusMessage, description="The status stream", media_type=EVENT_STREAM, generate_examples=False
    )
}

__all__ = ["STATUS_STREAM", "PaymentStatusMessage"]
