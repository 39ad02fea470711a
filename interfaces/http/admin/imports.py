"""Admin import routes: the business system pushes customers and documents, and withdraws documents (§12)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, PathParameter

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentResult
from application.commands.documents.withdraw_document import WithdrawDocument
from application.messagebus import MessageBus
from interfaces.http.admin.auth import require_api_key
from interfaces.http.admin.bodies import CustomerBody, CustomerRefResponse, DocumentRefResponse, KeyInPath
from interfaces.http.problem_docs import ProblemOperation, problems

DocType = Annotated[str, PathParameter(pattern="^(quote|order|invoice|credit_note)$")]


class AdminImportController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @put(
        "/customers/{customer_no:str}",
        status_code=200,
        operation_id="admin.customers.put",
        responses={201: ResponseSpec(CustomerRefResponse, description="Created", generate_examples=False)}
        | problems(400, 401, 409, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def put_customer(
        self, customer_no: KeyInPath, data: JSONBody[CustomerBody], bus: NamedDependency[MessageBus]
    ) -> Response[CustomerRefResponse]:
        result = await bus.handle(data.command(customer_no))
        return Response(
            CustomerRefResponse(customer_no=result.customer_no, changed=result.changed),
            status_code=201 if result.created else 200,
        )

    @put(
        "/documents/{doc_type:str}/{number:str}",
        status_code=200,
        operation_id="admin.documents.put",
        responses={201: ResponseSpec(DocumentRefResponse, description="Created", generate_examples=False)}
        | problems(400, 401, 409, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def put_document(
        self, doc_type: DocType, number: KeyInPath, data: JSONBody[DocumentBody], bus: NamedDependency[MessageBus]
    ) -> Response[DocumentRefResponse]:
        result: UpsertDocumentResult = await bus.handle(UpsertDocument(type=doc_type, number=number, body=data))
        return Response(
            DocumentRefResponse(id=result.id, version=result.version), status_code=201 if result.created else 200
        )

    @delete(
        "/documents/{doc_type:str}/{number:str}",
        status_code=204,
        operation_id="admin.documents.delete",
        responses=problems(400, 401, 404, 409, 413, 422, 503),
        operation_class=ProblemOperation,
    )
    async def withdraw_document(
        self, doc_type: DocType, number: FromPath[str], bus: NamedDependency[MessageBus]
    ) -> None:
        await bus.handle(WithdrawDocument(type=doc_type, number=number))
