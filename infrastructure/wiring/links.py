"""The links context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.commands.links.open_link import OpenLink, OpenLinkHandler
from application.commands.links.request_link_sign_in import RequestLinkSignIn, RequestLinkSignInHandler
from application.commands.links.revoke_link import RevokeLink, RevokeLinkHandler
from application.commands.links.send_link_email import SendLinkEmail, SendLinkEmailHandler
from application.commands.links.send_login_link import SendLoginLink, SendLoginLinkHandler
from application.commands.links.share_document_link import LinkSettings, ShareDocumentLink, ShareDocumentLinkHandler
from application.queries.links.list_links import ListLinks, ListLinksHandler
from infrastructure.persistence.readers.links import SqlAlchemyLinkReader
from infrastructure.security.link_signer import HmacTokenSigner


class Links(containers.DeclarativeContainer):
    """Signed direct links to one document."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    mail = providers.DependenciesContainer()
    identity = providers.DependenciesContainer()

    token_signer = providers.Singleton(HmacTokenSigner, ring=core.key_ring)
    link_settings = providers.Singleton(
        LinkSettings, base_url=core.settings.provided.base_url, ttl_days=core.settings.provided.link_ttl_days
    )
    link_reader = providers.Factory(SqlAlchemyLinkReader, session_factory=database.read_sessions)

    handlers = providers.Dict(
        {
            ShareDocumentLink: providers.Factory(
                ShareDocumentLinkHandler,
                uow=database.uow,
                clock=core.clock,
                signer=token_signer,
                settings=link_settings,
            ).provider,
            RevokeLink: providers.Factory(RevokeLinkHandler, uow=database.uow, clock=core.clock).provider,
            OpenLink: providers.Factory(
                OpenLinkHandler,
                uow=database.uow,
                clock=core.clock,
                signer=token_signer,
                directory=identity.customer_directory,
            ).provider,
            RequestLinkSignIn: providers.Factory(
                RequestLinkSignInHandler,
                uow=database.uow,
                clock=core.clock,
                signer=token_signer,
                issuer=identity.challenge_issuer,
                limiter=identity.rate_limiter,
                directory=identity.customer_directory,
                policy=identity.login_policy,
            ).provider,
            SendLoginLink: providers.Factory(
                SendLoginLinkHandler, uow=database.uow, clock=core.clock, issuer=identity.challenge_issuer
            ).provider,
            SendLinkEmail: providers.Factory(
                SendLinkEmailHandler,
                uow=database.uow,
                clock=core.clock,
                signer=token_signer,
                mailer=mail.mailer,
                directory=identity.customer_directory,
                settings=link_settings,
                brand=core.settings.provided.brand_name,
                mail_from=core.settings.provided.mail_from,
                support=core.settings.provided.support_contact,
            ).provider,
            ListLinks: providers.Factory(ListLinksHandler, reader=link_reader).provider,
        }
    )
