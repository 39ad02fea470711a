"""The receipt email after a captured payment (PRODUCT §6.4), with money and time as the pages write them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from application.localisation import LocaleFormat
from application.mail.rendering import check_locale, render, texts
from application.ports.mailer import OutgoingMail

__all__ = ["compose_receipt_email"]


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
    _ = texts(lang).gettext
    fmt = LocaleFormat(lang)
    if not invoices:
        raise ValueError("invoices: at least one")
    numbers = [number for number, _share in invoices]
    many = len(invoices) > 1
    values = {"invoice_number": numbers[0], "count": len(numbers), "numbers": ", ".join(numbers), "brand": brand}
    subject = (
        _("Receipt for your payment of {count} invoices")
        if many
        else _("Receipt for your payment of invoice {invoice_number}")
    ).format(**values)
    invoice = _("Invoice")
    parts = (
        [(f"{invoice} {number}", fmt.money(part, currency)) for number, part in invoices]
        if many
        else [(invoice, numbers[0])]
    )
    rows = (
        *parts,
        (_("Total amount") if many else _("Amount"), fmt.money(amount_minor, currency)),
        (_("Paid"), fmt.moment(paid_at)),
        (_("Reference"), reference),
    )
    context: dict[str, object] = {
        "locale": lang,
        "brand": brand,
        "contact": contact,
        "subject": subject,
        "heading": _("Thank you for your payment"),
        "intro": (
            _("{brand} has received your payment of {count} invoices: {numbers}.")
            if many
            else _("{brand} has received your payment of invoice {invoice_number}.")
        ).format(**values),
        "rows": rows,
        "outro": _("Keep this email as your receipt for the payment."),
    }
    return OutgoingMail(
        to=to,
        subject=subject,
        text=render("receipt.txt", **context),
        html=render("receipt.html", **context),
        message_id=message_id,
    )
