"""The fixed words a PDF prints, per locale; placeholders are filled with `str.format`."""

from __future__ import annotations

from dataclasses import dataclass

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


LABELS: dict[PdfLocale, Labels] = {
    "da": Labels(
        titles={"quote": "Tilbud", "order": "Ordrebekræftelse", "invoice": "Faktura", "credit_note": "Kreditnota"},
        numbers={"quote": "Tilbudsnr.", "order": "Ordrenr.", "invoice": "Fakturanr.", "credit_note": "Kreditnotanr."},
        issue_date="Dato",
        due_date="Forfaldsdato",
        customer_no="Kundenr.",
        version="Version",
        currency="Valuta",
        customer="Kunde",
        bill_to="Faktureres til",
        vehicle="Køretøj",
        registration_no="Reg.nr.",
        vin="Stelnr.",
        first_registration="Første reg.",
        mileage="Km-stand",
        mileage_value="{km} km",
        colour="Farve",
        vat_no="CVR-nr.",
        phone="Tlf.",
        email="E-mail",
        columns=("Varenr.", "Beskrivelse", "Antal", "Enhed", "Pris", "Rabat", "Moms", "Beløb"),
        gross="Beløb før rabat",
        discount="Rabat",
        net="Nettobeløb",
        vat_line="Moms {rate} af {base}",
        total="I alt inkl. moms",
        payment_terms="Betalingsbetingelser",
        payment="Betaling",
        bank_transfer="Bankoverførsel til {bank}. Angiv venligst {number} ved betaling.",
        notes="Bemærkninger",
        continued="{title} {number} (fortsat)",
        page_of="Side {page} af {pages}",
        source="Kildekode: {url}",
    ),
    "en": Labels(
        titles={"quote": "Quote", "order": "Order confirmation", "invoice": "Invoice", "credit_note": "Credit note"},
        numbers={
            "quote": "Quote no.",
            "order": "Order no.",
            "invoice": "Invoice no.",
            "credit_note": "Credit note no.",
        },
        issue_date="Date",
        due_date="Due date",
        customer_no="Customer no.",
        version="Version",
        currency="Currency",
        customer="Customer",
        bill_to="Bill to",
        vehicle="Vehicle",
        registration_no="Reg. no.",
        vin="VIN",
        first_registration="First reg.",
        mileage="Mileage",
        mileage_value="{km} km",
        colour="Colour",
        vat_no="VAT no.",
        phone="Phone",
        email="Email",
        columns=("Item no.", "Description", "Qty", "Unit", "Unit price", "Discount", "VAT", "Amount"),
        gross="Subtotal before discount",
        discount="Discount",
        net="Net amount",
        vat_line="VAT {rate} of {base}",
        total="Total incl. VAT",
        payment_terms="Payment terms",
        payment="Payment",
        bank_transfer="Bank transfer to {bank}. Please quote {number} with your payment.",
        notes="Notes",
        continued="{title} {number} (continued)",
        page_of="Page {page} of {pages}",
        source="Source code: {url}",
    ),
}
