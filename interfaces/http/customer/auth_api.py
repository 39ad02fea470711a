"""The customer's sign-in API (PRODUCT §2, §12): login, verify, link, logout."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody

from application.commands.identity.consume_link import ConsumeLink
from application.commands.identity.request_login import RequestLogin
from application.commands.identity.sign_in import SignedIn
from application.commands.identity.sign_out import SignOut
from application.commands.identity.verify_code import VerifyCode
from application.input_text import LINE_PATTERN, Line
from application.messagebus import MessageBus
from infrastructure.settings import Settings
from interfaces.http.customer.cookies import SESSION, expired_session_cookie, login_cookie, session_cookie
from interfaces.http.problem_docs import ProblemOperation, problems

ACCEPTED = {"detail": "If the address belongs to a customer, a sign-in email is on its way."}
#: A `Line` documented as an email address: the sign-in refuses one that is not (422).
EmailLine = Annotated[str, msgspec.Meta(pattern=LINE_PATTERN, extra_json_schema={"extra": {"format": "email"}})]


class LoginRequest(msgspec.Struct, frozen=True, kw_only=True):
    email: EmailLine


class VerifyRequest(msgspec.Struct, frozen=True, kw_only=True):
    email: EmailLine
    code: Line


class LinkRequest(msgspec.Struct, frozen=True, kw_only=True):
    token: Line


class SignedInResponse(msgspec.Struct, frozen=True, kw_only=True):
    email: str


class AuthApiController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/login",
        status_code=202,
        operation_id="auth.login",
        responses=problems(409, 413, 415, 422, 429, 503),
        operation_class=ProblemOperation,
    )
    async def login(
        self,
        data: JSONBody[LoginRequest],
        bus: NamedDependency[MessageBus],
        settings: NamedDependency[Settings],
        client_ip: NamedDependency[str],
        browser_cookie: NamedDependency[str],
    ) -> Response[dict[str, str]]:
        """Always 202 with the same body, headers and cookies, whether the address is known or not."""
        await bus.handle(RequestLogin(email=data.email, ip=client_ip, browser_cookie=browser_cookie))
        return Response(ACCEPTED, status_code=202, cookies=[login_cookie(browser_cookie, secure=_secure(settings))])

    @post(
        "/verify",
        status_code=200,
        operation_id="auth.verify",
        responses=problems(400, 409, 413, 415, 422, 429, 503, why={400: "A wrong, expired, used or locked code."}),
        operation_class=ProblemOperation,
    )
    async def verify(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[VerifyRequest],
        bus: NamedDependency[MessageBus],
        settings: NamedDependency[Settings],
        client_ip: NamedDependency[str],
    ) -> Response[SignedInResponse]:
        signed_in: SignedIn = await bus.handle(
            VerifyCode(email=data.email, code=data.code, ip=client_ip, previous_session=request.cookies.get(SESSION))
        )
        return _signed_in(signed_in, settings)

    @post(
        "/link",
        status_code=200,
        operation_id="auth.link",
        responses=problems(400, 409, 413, 415, 422, 503, why={400: "The token cannot sign anyone in (any more)."}),
        operation_class=ProblemOperation,
    )
    async def link(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LinkRequest],
        bus: NamedDependency[MessageBus],
        settings: NamedDependency[Settings],
    ) -> Response[SignedInResponse]:
        signed_in: SignedIn = await bus.handle(
            ConsumeLink(token=data.token, previous_session=request.cookies.get(SESSION))
        )
        return _signed_in(signed_in, settings)

    @post(
        "/logout",
        status_code=204,
        operation_id="auth.logout",
        responses={204: ResponseSpec(None, description="Signed out; the session cookie is cleared")}
        | problems(409, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def logout(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], settings: NamedDependency[Settings]
    ) -> Response[None]:
        session_id = request.cookies.get(SESSION)
        if session_id:
            await bus.handle(SignOut(session_id=session_id))
        return Response(None, status_code=204, cookies=[expired_session_cookie(secure=_secure(settings))])


def _secure(settings: Settings) -> bool:
    return settings.base_url.startswith("https://")


def _signed_in(signed_in: SignedIn, settings: Settings) -> Response[SignedInResponse]:
    cookie = session_cookie(signed_in.session_id, secure=_secure(settings), max_age=settings.session_max_hours * 3600)
    return Response(SignedInResponse(email=signed_in.email), status_code=200, cookies=[cookie])
