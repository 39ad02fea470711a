"""Handler wiring of the links context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

from application.commands.links.open_link import OpenLink, OpenLinkHandler
from application.commands.links.request_link_sign_in import RequestLinkSignIn, RequestLinkSignInHandler
from application.commands.links.revoke_link import RevokeLink, RevokeLinkHandler
from application.commands.links.send_link_email import SendLinkEmail, SendLinkEmailHandler
from application.commands.links.send_login_link import SendLoginLink, SendLoginLinkHandler
from application.commands.links.share_document_link import ShareDocumentLink, ShareDocumentLinkHandler
from application.queries.links.list_links import ListLinks, ListLinksHandler


def links_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    return {
        ShareDocumentLink: providers.Factory(
            ShareDocumentLinkHandler,
            uow=p["uow"],
            clock=p["clock"],
            signer=p["token_signer"],
            settings=p["link_settings"],
        ).provider,
        RevokeLink: providers.Factory(RevokeLinkHandler, uow=p["uow"], clock=p["clock"]).provider,
        OpenLink: providers.Factory(
            OpenLinkHandler, uow=p["uow"], clock=p["clock"], signer=p["token_signer"], directory=p["customer_directory"]
        ).provider,
        RequestLinkSignIn: providers.Factory(
            RequestLinkSignInHandler,
            uow=p["uow"],
            clock=p["clock"],
            signer=p["token_signer"],
            issuer=p["challenge_issuer"],
            limiter=p["rate_limiter"],
            directory=p["customer_directory"],
            policy=p["login_policy"],
        ).provider,
        SendLoginLink: providers.Factory(
            SendLoginLinkHandler, uow=p["uow"], clock=p["clock"], issuer=p["challenge_issuer"]
        ).provider,
        SendLinkEmail: providers.Factory(
            SendLinkEmailHandler,
            uow=p["uow"],
            clock=p["clock"],
            signer=p["token_signer"],
            mailer=p["mailer"],
            directory=p["customer_directory"],
            settings=p["link_settings"],
            brand=p["settings"].provided.brand_name,
            mail_from=p["settings"].provided.mail_from,
            support=p["settings"].provided.support_contact,
        ).provider,
        ListLinks: providers.Factory(ListLinksHandler, reader=p["link_reader"]).provider,
    }
