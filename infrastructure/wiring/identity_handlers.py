"""Handler wiring of the identity context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

from application.commands.identity.consume_link import ConsumeLink, ConsumeLinkHandler
from application.commands.identity.create_api_key import CreateApiKey, CreateApiKeyHandler
from application.commands.identity.request_login import RequestLogin, RequestLoginHandler
from application.commands.identity.request_new_code import RequestNewCode, RequestNewCodeHandler
from application.commands.identity.request_new_login_link import RequestNewLoginLink, RequestNewLoginLinkHandler
from application.commands.identity.revoke_api_key import RevokeApiKey, RevokeApiKeyHandler
from application.commands.identity.send_login_email import SendLoginEmail, SendLoginEmailHandler
from application.commands.identity.sign_out import SignOut, SignOutHandler
from application.commands.identity.touch_session import TouchSession, TouchSessionHandler
from application.commands.identity.verify_code import VerifyCode, VerifyCodeHandler
from application.queries.identity.authenticate_api_key import AuthenticateApiKey, AuthenticateApiKeyHandler
from application.queries.identity.describe_login_link import DescribeLoginLink, DescribeLoginLinkHandler
from application.queries.identity.get_session import GetSession, GetSessionHandler
from application.queries.identity.list_api_keys import ListApiKeys, ListApiKeysHandler
from infrastructure.persistence.readers.login_links import SqlAlchemyLoginLinkReader


def identity_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    request_login = providers.Factory(
        RequestLoginHandler,
        uow=p["uow"],
        clock=p["clock"],
        issuer=p["challenge_issuer"],
        limiter=p["rate_limiter"],
        known=p["customer_directory"],
        policy=p["login_policy"],
    )
    return {
        CreateApiKey: providers.Factory(CreateApiKeyHandler, uow=p["uow"], clock=p["clock"]).provider,
        RevokeApiKey: providers.Factory(RevokeApiKeyHandler, uow=p["uow"], clock=p["clock"]).provider,
        AuthenticateApiKey: providers.Factory(AuthenticateApiKeyHandler, reader=p["api_key_reader"]).provider,
        ListApiKeys: providers.Factory(ListApiKeysHandler, reader=p["api_key_reader"]).provider,
        RequestLogin: request_login.provider,
        VerifyCode: providers.Factory(
            VerifyCodeHandler,
            uow=p["uow"],
            clock=p["clock"],
            hasher=p["hasher"],
            limiter=p["rate_limiter"],
            directory=p["customer_directory"],
            policy=p["login_policy"],
        ).provider,
        ConsumeLink: providers.Factory(
            ConsumeLinkHandler, uow=p["uow"], clock=p["clock"], hasher=p["hasher"], directory=p["customer_directory"]
        ).provider,
        RequestNewLoginLink: providers.Factory(
            RequestNewLoginLinkHandler,
            uow=p["uow"],
            clock=p["clock"],
            hasher=p["hasher"],
            issuer=p["challenge_issuer"],
            limiter=p["rate_limiter"],
            known=p["customer_directory"],
            policy=p["login_policy"],
        ).provider,
        RequestNewCode: providers.Factory(RequestNewCodeHandler, login=request_login, hasher=p["hasher"]).provider,
        DescribeLoginLink: providers.Factory(
            DescribeLoginLinkHandler,
            reader=providers.Factory(SqlAlchemyLoginLinkReader, session_factory=p["session_factory"]),
            clock=p["clock"],
            hasher=p["hasher"],
        ).provider,
        SendLoginEmail: providers.Factory(
            SendLoginEmailHandler,
            uow=p["uow"],
            clock=p["clock"],
            sealer=p["sealer"],
            mailer=p["mailer"],
            directory=p["customer_directory"],
            settings=p["mail_settings"],
        ).provider,
        SignOut: providers.Factory(SignOutHandler, uow=p["uow"], clock=p["clock"], hasher=p["hasher"]).provider,
        TouchSession: providers.Factory(
            TouchSessionHandler, uow=p["uow"], clock=p["clock"], hasher=p["hasher"], lifetime=p["session_lifetime"]
        ).provider,
        GetSession: providers.Factory(GetSessionHandler, reader=p["session_reader"], check=p["session_check"]).provider,
    }
