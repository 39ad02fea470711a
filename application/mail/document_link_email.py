"""The email that carries a staff-made direct link to one document (PRODUCT §7)."""

from __future__ import annotations

from babel.support import Translations

from application.mail.rendering import check_locale, render, texts
from application.ports.mailer import OutgoingMail


def _title(catalog: Translations, document_type: str) -> str:
    """The document's kind as a sentence says it ("your invoice"): lower case."""
    _ = catalog.gettext
    titles = {"quote": _("quote"), "order": _("order"), "invoice": _("invoice"), "credit_note": _("credit note")}
    return titles[document_type]


def compose_document_link_email(
    *,
    to: str,
    locale: str,
    brand: str,
    contact: str | None = None,
    document_type: str,
    number: str,
    url: str,
    message_id: str,
) -> OutgoingMail:
    """- Exactly one URL, the link; it never grants access by itself (the reader signs in first)."""
    lang = check_locale(locale)
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ValueError("url: must be one http(s) URL")
    catalog = texts(lang)
    _ = catalog.gettext
    values = {"title": _title(catalog, document_type), "number": number, "brand": brand}
    strings = {
        "subject": _("Your {title} {number} from {brand}").format(**values),
        "heading": _("View your {title} {number}").format(**values),
        "intro": _("{brand} has shared your {title} {number} with you.").format(**values),
        "button": _("Open the document"),
        "outro": _("The link asks you to sign in with a code we send to your email."),
    }
    context: dict[str, object] = {"locale": lang, "brand": brand, "contact": contact, "url": url, **strings}
    return OutgoingMail(
        to=to,
        subject=strings["subject"],
        text=render("document_link.txt", **context),
        html=render("document_link.html", **context),
        message_id=message_id,
    )
