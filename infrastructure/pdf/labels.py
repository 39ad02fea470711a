"""The fixed words a PDF prints, per locale, from the one catalog; placeholders are filled with `str.format`.

A few labels are shorter than the pages' words for the same thing, because a PDF column is narrow: those are
asked for in the `pdf` message context.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.support import Translations

from application.localisation import LANGUAGES, translations
from application.ports.pdf_renderer import PdfDocumentType, PdfLocale

__all__ = ["LABELS", "Labels"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Labels:
    titles: dict[PdfDocumentType, str]
    numbers: dict[PdfDocumentType, str]
    issue_date: str
    due_date: str
    customer_no: str
    version: str
    currency: str
    customer: str
    bill_to: str
    vehicle: str
    registration_no: str
    vin: str
    first_registration: str
    mileage: str
    mileage_value: str  # {km}
    colour: str
    vat_no: str
    phone: str
    email: str
    columns: tuple[str, str, str, str, str, str, str, str]  # item, description, qty, unit, price, disc, vat, amount
    gross: str
    discount: str
    net: str
    vat_line: str  # {rate} {base}
    total: str
    payment_terms: str
    payment: str
    bank_transfer: str  # {bank} {number}
    notes: str
    continued: str  # {title} {number}
    page_of: str  # {page} {pages}
    source: str  # {url}


def _labels(catalog: Translations) -> Labels:
    _ = catalog.gettext
    pgettext = catalog.pgettext
    return Labels(
        titles={
            "quote": _("Quote"),
            "order": _("Order confirmation"),
            "invoice": _("Invoice"),
            "credit_note": _("Credit note"),
        },
        numbers={
            "quote": _("Quote no."),
            "order": _("Order no."),
            "invoice": _("Invoice no."),
            "credit_note": _("Credit note no."),
        },
        issue_date=_("Date"),
        due_date=_("Due date"),
        customer_no=_("Customer no."),
        version=_("Version"),
        currency=_("Currency"),
        customer=_("Customer"),
        bill_to=_("Bill to"),
        vehicle=_("Vehicle"),
        registration_no=_("Reg. no."),
        vin=str(pgettext("pdf", "VIN")),
        first_registration=_("First reg."),
        mileage=str(pgettext("pdf", "Mileage")),
        mileage_value=_("{km} km"),
        colour=_("Colour"),
        vat_no=str(pgettext("pdf", "VAT no.")),
        phone=str(pgettext("pdf", "Phone")),
        email=_("Email"),
        columns=(
            _("Item no."),
            _("Description"),
            _("Qty"),
            _("Unit"),
            str(pgettext("pdf", "Unit price")),
            _("Discount"),
            _("VAT"),
            _("Amount"),
        ),
        gross=_("Subtotal before discount"),
        discount=_("Discount"),
        net=_("Net amount"),
        vat_line=_("VAT {rate} of {base}"),
        total=_("Total incl. VAT"),
        payment_terms=_("Payment terms"),
        payment=_("Payment"),
        bank_transfer=_("Bank transfer to {bank}. Please quote {number} with your payment."),
        notes=_("Notes"),
        continued=_("{title} {number} (continued)"),
        page_of=_("Page {page} of {pages}"),
        source=_("Source code: {url}"),
    )


LABELS: dict[PdfLocale, Labels] = {code: _labels(translations(code)) for code in LANGUAGES}
