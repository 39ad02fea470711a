"""The identity context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.commands.identity.challenge_issuer import ChallengeIssuer
from application.commands.identity.consume_link import ConsumeLink, ConsumeLinkHandler
from application.commands.identity.create_api_key import CreateApiKey, CreateApiKeyHandler
from application.commands.identity.request_login import LoginPolicy, RequestLogin, RequestLoginHandler
from application.commands.identity.request_new_code import RequestNewCode, RequestNewCodeHandler
from application.commands.identity.request_new_login_link import RequestNewLoginLink, RequestNewLoginLinkHandler
from application.commands.identity.revoke_api_key import RevokeApiKey, RevokeApiKeyHandler
from application.commands.identity.send_login_email import MailSettings, SendLoginEmail, SendLoginEmailHandler
from application.commands.identity.sign_out import SignOut, SignOutHandler
from application.commands.identity.touch_session import SessionLifetime, TouchSession, TouchSessionHandler
from application.commands.identity.verify_code import VerifyCode, VerifyCodeHandler
from application.queries.identity.authenticate_api_key import AuthenticateApiKey, AuthenticateApiKeyHandler
from application.queries.identity.describe_login_link import DescribeLoginLink, DescribeLoginLinkHandler
from application.queries.identity.get_session import GetSession, GetSessionHandler, SessionCheck
from application.queries.identity.list_api_keys import ListApiKeys, ListApiKeysHandler
from infrastructure.persistence.rate_limiter import SqlRateLimiter
from infrastructure.persistence.readers.api_keys import SqlAlchemyApiKeyReader
from infrastructure.persistence.readers.identity import SqlAlchemyCustomerDirectory, SqlAlchemySessionReader
from infrastructure.persistence.readers.login_links import SqlAlchemyLoginLinkReader


class Identity(containers.DeclarativeContainer):
    """Sign-in, sessions and API keys."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    mail = providers.DependenciesContainer()

    settings = core.settings
    api_key_reader = providers.Factory(SqlAlchemyApiKeyReader, session_factory=database.read_sessions)
    rate_limiter = providers.Factory(SqlRateLimiter, session_factory=database.session_factory)
    customer_directory = providers.Factory(SqlAlchemyCustomerDirectory, session_factory=database.read_sessions)
    session_reader = providers.Factory(SqlAlchemySessionReader, session_factory=database.read_sessions)
    challenge_issuer = providers.Singleton(
        ChallengeIssuer, hasher=core.hasher, sealer=core.sealer, ttl_minutes=settings.provided.login_ttl_minutes
    )
    login_policy = providers.Singleton(
        LoginPolicy,
        per_email=settings.provided.limit_login_email,
        per_ip=settings.provided.limit_login_ip,
        per_ip_verify=settings.provided.limit_verify_ip,
    )
    session_check = providers.Singleton(
        SessionCheck,
        clock=core.clock,
        hasher=core.hasher,
        idle_minutes=settings.provided.session_idle_minutes,
        max_hours=settings.provided.session_max_hours,
    )
    session_lifetime = providers.Singleton(
        SessionLifetime,
        idle_minutes=settings.provided.session_idle_minutes,
        max_hours=settings.provided.session_max_hours,
    )
    mail_settings = providers.Singleton(
        MailSettings,
        base_url=settings.provided.base_url,
        brand=settings.provided.brand_name,
        contact=settings.provided.support_contact,
        mail_from=settings.provided.mail_from,
        ttl_minutes=settings.provided.login_ttl_minutes,
    )

    request_login = providers.Factory(
        RequestLoginHandler,
        uow=database.uow,
        clock=core.clock,
        issuer=challenge_issuer,
        limiter=rate_limiter,
        known=customer_directory,
        policy=login_policy,
    )
    handlers = providers.Dict(
        {
            CreateApiKey: providers.Factory(CreateApiKeyHandler, uow=database.uow, clock=core.clock).provider,
            RevokeApiKey: providers.Factory(RevokeApiKeyHandler, uow=database.uow, clock=core.clock).provider,
            AuthenticateApiKey: providers.Factory(AuthenticateApiKeyHandler, reader=api_key_reader).provider,
            ListApiKeys: providers.Factory(ListApiKeysHandler, reader=api_key_reader).provider,
            RequestLogin: request_login.provider,
            VerifyCode: providers.Factory(
                VerifyCodeHandler,
                uow=database.uow,
                clock=core.clock,
                hasher=core.hasher,
                limiter=rate_limiter,
                directory=customer_directory,
                policy=login_policy,
            ).provider,
            ConsumeLink: providers.Factory(
                ConsumeLinkHandler, uow=database.uow, clock=core.clock, hasher=core.hasher, directory=customer_directory
            ).provider,
            RequestNewLoginLink: providers.Factory(
                RequestNewLoginLinkHandler,
                uow=database.uow,
                clock=core.clock,
                hasher=core.hasher,
                issuer=challenge_issuer,
                limiter=rate_limiter,
                known=customer_directory,
                policy=login_policy,
            ).provider,
            RequestNewCode: providers.Factory(RequestNewCodeHandler, login=request_login, hasher=core.hasher).provider,
            DescribeLoginLink: providers.Factory(
                DescribeLoginLinkHandler,
                reader=providers.Factory(SqlAlchemyLoginLinkReader, session_factory=database.read_sessions),
                clock=core.clock,
                hasher=core.hasher,
            ).provider,
            SendLoginEmail: providers.Factory(
                SendLoginEmailHandler,
                uow=database.uow,
                clock=core.clock,
                sealer=core.sealer,
                mailer=mail.mailer,
                directory=customer_directory,
                settings=mail_settings,
            ).provider,
            SignOut: providers.Factory(SignOutHandler, uow=database.uow, clock=core.clock, hasher=core.hasher).provider,
            TouchSession: providers.Factory(
                TouchSessionHandler, uow=database.uow, clock=core.clock, hasher=core.hasher, lifetime=session_lifetime
            ).provider,
            GetSession: providers.Factory(GetSessionHandler, reader=session_reader, check=session_check).provider,
        }
    )
