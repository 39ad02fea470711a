"""The PDF of a document version: the Document's content as issued, mapped onto the renderer's `PdfDocument`."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from application.ports.pdf_renderer import (
    PdfDocument,
    PdfLine,
    PdfParty,
    PdfSeller,
    PdfTotals,
    PdfVatAmount,
    PdfVehicle,
)
from domain.documents.content import DocumentContent
from domain.documents.model import INVOICE, Document
from domain.documents.values import Line, Party

__all__ = ["pdf_document_of"]

# Payment terms printed on invoices, from the days between issue and due date: (none, one, many).
_TERMS = {
    "da": ("Netto kontant", "Netto 1 dag", "Netto {days} dage"),
    "en": ("Due on receipt", "Net 1 day", "Net {days} days"),
}


def pdf_document_of(document: Document) -> PdfDocument:
    """What the PDF of the document's current version shows.

    - Only the content of the version (and its timestamp): never payment state, so the bytes depend on the
      version alone.
    - The parties are the snapshots taken when the version was imported.
    - Invoices state their payment terms as the days from issue to due date.
    """
    content = document.content
    totals = content.totals
    fields = {
        "type": document.type,
        "number": document.number,
        "issue_date": content.issue_date,
        "due_date": content.due_date,
        "currency": content.currency,
        "locale": content.locale,
        "version": document.version,
        "version_at": document.version_at,
        "seller": PdfSeller(
            name=content.seller.name,
            address_lines=content.seller.address,
            vat_no=content.seller.vat_no,
            phone=content.seller.phone,
            email=content.seller.email,
            bank=content.seller.bank,
        ),
        "customer": _party(content.customer),
        "bill_to": _party(content.bill_to) if content.bill_to is not None else None,
        "vehicle": _vehicle(content),
        "lines": tuple(_line(line) for line in content.lines),
        "totals": PdfTotals(
            gross=totals.gross,
            discount=totals.discount,
            net=totals.net,
            vat=tuple(PdfVatAmount(rate=_decimal(v.rate), amount=v.amount) for v in totals.vat),
            total=totals.total,
        ),
        "notes": content.notes or None,
        "payment_terms": _payment_terms(document.type, content),
    }
    return msgspec.convert(fields, PdfDocument)  # checks type, currency and locale against the port's literals


def _party(party: Party) -> PdfParty:
    return PdfParty(
        customer_no=party.customer_no,
        name=party.name,
        address_lines=party.address,
        email=party.email,
        phone=party.phone,
    )


def _vehicle(content: DocumentContent) -> PdfVehicle | None:
    v = content.vehicle
    if v is None:
        return None
    return PdfVehicle(
        registration_no=v.registration_no,
        vin=v.vin,
        make=v.make,
        model=v.model,
        variant=v.variant,
        first_registration=v.first_registration,
        mileage_km=v.mileage_km,
        colour=v.colour,
    )


def _line(line: Line) -> PdfLine:
    return PdfLine(
        item_no=line.item_no or "",
        description=line.description,
        quantity=_decimal(line.quantity),
        unit=line.unit or "",
        unit_price=line.unit_price,
        discount_percent=_decimal(line.discount_percent) if line.discount_percent is not None else None,
        discount_amount=line.discount_amount,
        vat_rate=_decimal(line.vat_rate),
        gross=line.gross,
        discount=line.discount,
        net=line.net,
    )


def _payment_terms(type_: str, content: DocumentContent) -> str | None:
    if type_ != INVOICE or content.due_date is None:
        return None
    none, one, many = _TERMS.get(content.locale, _TERMS["en"])
    days = (content.due_date - content.issue_date).days
    return none if days == 0 else one if days == 1 else many.format(days=days)


def _decimal(value: Decimal) -> str:
    """A decimal as the import spells it, without exponent or trailing zeros ("1", "2.5", "25")."""
    return format(value.normalize(), "f")
