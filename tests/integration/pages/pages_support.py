"""Helpers for the page tests: forms' CSRF tokens, signing in through the pages, readable text of a page."""

from __future__ import annotations

import html
import re

import httpx

from infrastructure.container import Container
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

MAIL = "mette@example.dk"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
_OTHER_LANGUAGE_LINK = re.compile(r'<a [^>]*lang="(?:en|da)"[^>]*>[^<]*</a>')


def csrf_of(page: httpx.Response) -> str:
    found = _TOKEN.search(page.text)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


async def form_token(client: httpx.AsyncClient, path: str = "/login") -> str:
    return csrf_of(await client.get(path))


async def ask_for_mail(client: httpx.AsyncClient, container: Container, email: str = MAIL) -> tuple[str, str]:
    """Submit the sign-in form in `client` and return the (code, token) of the mail it sent."""
    sent = await client.post("/login", data={"csrf_token": await form_token(client), "email": email})
    assert sent.status_code == 303, sent.text
    assert await deliver_login_mail(container) == 1
    return code_and_token(container, email)


async def sign_in(client: httpx.AsyncClient, container: Container, email: str = MAIL) -> None:
    """Sign in through the pages: ask for the mail, then open its link in the same browser."""
    _, token = await ask_for_mail(client, container, email)
    opened = await client.get(f"/login/link/{token}")
    assert opened.status_code == 303, opened.text
    assert "portal_session" in client.cookies


def visible_text(page: httpx.Response) -> str:
    """The page's text as a reader sees it, without markup and without the language switch's own names."""
    body = page.text.split("<body>", 1)[-1]
    return html.unescape(_TAGS.sub(" ", _OTHER_LANGUAGE_LINK.sub(" ", body)))
