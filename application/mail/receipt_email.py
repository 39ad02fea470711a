"""The receipt email after a captured payment (PRODUCT §6.4), with money and time formatted by locale."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from babel.dates import format_datetime
from babel.numbers import format_currency, get_currency_precision

from application.mail.rendering import MailLocale, check_locale, render
from application.ports.mailer import OutgoingMail
from domain.shared.clock import BUSINESS_TZ

__all__ = ["compose_receipt_email", "format_money"]

_NBSP = "\u00a0"
_BABEL_LOCALE: dict[MailLocale, str] = {"da": "da_DK", "en": "en_GB"}
# None: the locale's own currency pattern (da: "1.234,50 kr."); en names the currency: "DKK 1,234.50".
_MONEY_PATTERN: dict[MailLocale, str | None] = {"da": None, "en": f"¤¤{_NBSP}#,##0.00"}
_TIME_PATTERN: dict[MailLocale, str] = {"da": "d. MMMM y 'kl.' HH.mm", "en": "d MMMM y 'at' HH:mm"}

_STRINGS = {
    "da": {
        "subject": "Kvittering for betaling af faktura {invoice_number}",
        "subject_many": "Kvittering for betaling af {count} fakturaer",
        "heading": "Tak for din betaling",
        "intro": "{brand} har modtaget din betaling af faktura {invoice_number}.",
        "intro_many": "{brand} har modtaget din betaling af {count} fakturaer: {numbers}.",
        "invoice": "Faktura",
        "amount": "Beløb",
        "amount_many": "Beløb i alt",
        "paid_at": "Betalt",
        "reference": "Reference",
        "outro": "Gem denne mail som kvittering for betalingen.",
    },
    "en": {
        "subject": "Receipt for your payment of invoice {invoice_number}",
        "subject_many": "Receipt for your payment of {count} invoices",
        "heading": "Thank you for your payment",
        "intro": "{brand} has received your payment of invoice {invoice_number}.",
        "intro_many": "{brand} has received your payment of {count} invoices: {numbers}.",
        "invoice": "Invoice",
        "amount": "Amount",
        "amount_many": "Total amount",
        "paid_at": "Paid",
        "reference": "Reference",
        "outro": "Keep this email as your receipt for the payment.",
    },
}


def format_money(amount_minor: int, currency: str, locale: str) -> str:
    """An amount in minor units with its currency: `1.234,50 kr.` (da), `DKK 1,234.50` (en)."""
    lang = check_locale(locale)
    major = Decimal(amount_minor).scaleb(-get_currency_precision(currency))
    pattern = _MONEY_PATTERN[lang]
    if pattern is None:
        return format_currency(major, currency, locale=_BABEL_LOCALE[lang])
    return format_currency(major, currency, format=pattern, locale=_BABEL_LOCALE[lang], currency_digits=False)


def compose_receipt_email(
    *,
    to: str,
    locale: str,
    brand: str,
    contact: str | None = None,
    invoices: Sequence[tuple[str, int]],
    amount_minor: int,
    currency: str,
    paid_at: datetime,
    reference: str,
    message_id: str,
) -> OutgoingMail:
    """The receipt for one completed payment of one or several invoices (`invoices`: number and the part of the
    amount settled on it, oldest due first).

    - States every invoice (with its part when there are several), the amount paid (by locale), when (Copenhagen
      time) and the payment's reference.
    - Contains no link: a receipt is kept, not clicked.
    - Raises ValueError for a locale other than da/en, a negative amount or a naive `paid_at`.
    """
    lang = check_locale(locale)
    if amount_minor < 0:
        raise ValueError("amount_minor: must not be negative")
    if paid_at.tzinfo is None or paid_at.utcoffset() is None:
        raise ValueError("paid_at: must be timezone-aware")
    strings = _STRINGS[lang]
    babel_locale = _BABEL_LOCALE[lang]
    if not invoices:
        raise ValueError("invoices: at least one")
    numbers = [number for number, _ in invoices]
    many = len(invoices) > 1
    texts = {"invoice_number": numbers[0], "count": len(numbers), "numbers": ", ".join(numbers), "brand": brand}
    subject = strings["subject_many" if many else "subject"].format(**texts)
    parts = (
        [(f"{strings['invoice']} {number}", format_money(part, currency, lang)) for number, part in invoices]
        if many
        else [(strings["invoice"], numbers[0])]
    )
    rows = (
        *parts,
        (strings["amount_many" if many else "amount"], format_money(amount_minor, currency, lang)),
        (strings["paid_at"], format_datetime(paid_at, _TIME_PATTERN[lang], tzinfo=BUSINESS_TZ, locale=babel_locale)),
        (strings["reference"], reference),
    )
    context: dict[str, object] = {
        "locale": lang,
        "brand": brand,
        "contact": contact,
        "subject": subject,
        "heading": strings["heading"],
        "intro": strings["intro_many" if many else "intro"].format(**texts),
        "rows": rows,
        "outro": strings["outro"],
    }
    return OutgoingMail(
        to=to,
        subject=subject,
        text=render("receipt.txt", **context),
        html=render("receipt.html", **context),
        message_id=message_id,
    )
