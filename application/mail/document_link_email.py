"""The email that carries a staff-made direct link to one document (PRODUCT §7)."""

from __future__ import annotations

from application.mail.rendering import check_locale, render
from application.ports.mailer import OutgoingMail

_TITLES = {
    "da": {"quote": "tilbud", "order": "ordre", "invoice": "faktura", "credit_note": "kreditnota"},
    "en": {"quote": "quote", "order": "order", "invoice": "invoice", "credit_note": "credit note"},
}
_STRINGS = {
    "da": {
        "subject": "Din {title} {number} fra {brand}",
        "heading": "Se din {title} {number}",
        "intro": "{brand} har delt din {title} {number} med dig.",
        "button": "Åbn dokumentet",
        "outro": "Linket kræver, at du logger ind med en kode, vi sender til din e-mail.",
    },
    "en": {
        "subject": "Your {title} {number} from {brand}",
        "heading": "View your {title} {number}",
        "intro": "{brand} has shared your {title} {number} with you.",
        "button": "Open the document",
        "outro": "The link asks you to sign in with a code we send to your email.",
    },
}


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
    values = {"title": _TITLES[lang][document_type], "number": number, "brand": brand}
    strings = {key: text.format(**values) for key, text in _STRINGS[lang].items()}
    context: dict[str, object] = {"locale": lang, "brand": brand, "contact": contact, "url": url, **strings}
    return OutgoingMail(
        to=to,
        subject=strings["subject"],
        text=render("document_link.txt", **context),
        html=render("document_link.html", **context),
        message_id=message_id,
    )
