"""The sign-in email (PRODUCT §2.2): the code and the link to one challenge, in the customer's language."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from application.mail.rendering import check_locale, minutes, render, texts
from application.ports.mailer import OutgoingMail

__all__ = ["compose_login_email"]

_CODE = re.compile(r"^[0-9]{6}$")
_WHITESPACE = re.compile(r"\s")


def compose_login_email(
    *,
    to: str,
    locale: str,
    brand: str,
    contact: str | None = None,
    code: str,
    link_url: str,
    ttl_minutes: int,
    message_id: str,
) -> OutgoingMail:
    """The sign-in email for one challenge.

    - Subject "Log ind hos {brand}" / "Sign in to {brand}".
    - Text part: the code alone on its own line, the link as the only URL, the validity in minutes.
    - HTML part: the same, with the code set large and the link as the only link; every value escaped.
    - Raises ValueError for a locale other than da/en, a code that is not 6 digits, a link that is not one
      http(s) URL, or a non-positive lifetime.
    """
    lang = check_locale(locale)
    if not _CODE.fullmatch(code):
        raise ValueError("code: must be 6 digits")
    parts = urlsplit(link_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or _WHITESPACE.search(link_url):
        raise ValueError("link_url: must be one http(s) URL")
    _ = texts(lang).gettext
    subject = _("Sign in to {brand}").format(brand=brand)
    context: dict[str, object] = {
        "locale": lang,
        "brand": brand,
        "contact": contact,
        "code": code,
        "link_url": link_url,
        "subject": subject,
        "intro": _("Your code to sign in to {brand}:").format(brand=brand),
        "or_link": _("Or sign in with this link:"),
        "button": _("Sign in"),
        "validity": _("The code and the link are valid for {ttl} and can be used once.").format(
            ttl=minutes(ttl_minutes, lang)
        ),
        "ignore": _("If you did not ask to sign in, you can ignore this email. Never share the code with anyone."),
    }
    return OutgoingMail(
        to=to,
        subject=subject,
        text=render("login.txt", **context),
        html=render("login.html", **context),
        message_id=message_id,
    )
