"""Admin link routes (PRODUCT §12): share a document link, revoke a link, send a customer a login link."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Response, delete, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter

from application.commands.links.revoke_link import RevokeLink
from application.commands.links.send_login_link import SendLoginLink
from application.commands.links.share_document_link import SharedLink, ShareDocumentLink
from application.messagebus import MessageBus
from interfaces.http.admin.auth import require_api_key
from interfaces.http.problem_docs import ProblemOperation, problems

DocType = Annotated[str, PathParameter(pattern="^(quote|order|invoice|credit_note)$")]


class ShareLinkBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    party: Literal["customer", "bill_to"] = "customer"
    send: bool = False
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None


class AdminLinkController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @post(
        "/documents/{doc_type:str}/{number:str}/links",
        status_code=201,
        operation_id="admin.links.create",
        responses=problems(400, 401, 404, 409, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def share(
        self, doc_type: DocType, number: FromPath[str], data: JSONBody[ShareLinkBody], bus: NamedDependency[MessageBus]
    ) -> SharedLink:
        shared: SharedLink = await bus.handle(
            ShareDocumentLink(
                type=doc_type, number=number, party=data.party, send=data.send, expires_in_days=data.expires_in_days
            )
        )
        return shared

    @delete(
        "/links/{link_id:uuid}",
        status_code=204,
        operation_id="admin.links.delete",
        responses=problems(400, 401, 404, 409, 413, 422, 503),
        operation_class=ProblemOperation,
    )
    async def revoke(self, link_id: FromPath[uuid.UUID], bus: NamedDependency[MessageBus]) -> None:
        await bus.handle(RevokeLink(id=link_id))

    @post(
        "/customers/{customer_no:str}/login-links",
        status_code=202,
        operation_id="admin.login_links.create",
        responses=problems(400, 401, 404, 409, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def login_link(
        self, customer_no: FromPath[str], bus: NamedDependency[MessageBus]
    ) -> Response[dict[str, str]]:
        await bus.handle(SendLoginLink(customer_no=customer_no))
        return Response({"detail": "sign-in email queued"}, status_code=202)
