"""Sample documents for the PDF renderer's tests and benchmark (import as `tests.adapters.pdf.pdf_samples`)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pypdf

from application.ports.pdf_renderer import (
    PdfAgeing,
    PdfCurrency,
    PdfDocument,
    PdfDocumentType,
    PdfLine,
    PdfLocale,
    PdfParty,
    PdfSeller,
    PdfStatement,
    PdfStatementItem,
    PdfTotals,
    PdfVatAmount,
    PdfVehicle,
)
from domain.documents.statement import bucket_of

GLYPHS = "æøåÆØÅ äöüß ÄÖÜ åÅ šž ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ € –"
NAMES = (
    "Søren Ærbøl Åkjær",  # Danish
    "Päivi Hämäläinen-Šöderström",  # Finnish
    "Åsa Öberg Ängström",  # Swedish
    "Bjørn Ødegård Æsøy",  # Norwegian
    "Jürgen Größe-Müller Äußerer",  # German
    "Łukasz Źdźbło-Żółć Ęćńś Ą Ó Ś Ź Ć Ń",  # Polish
)

SELLER = PdfSeller(
    name="Nordvej Biler ApS",
    address_lines=("Nordvej 1", "8200 Aarhus N"),
    vat_no="DK12345678",
    phone="+45 86 00 00 00",
    email="salg@nordvej.dk",
    bank="Reg. 1234 Konto 5678901",
)
CUSTOMER = PdfParty(
    customer_no="C-1001",
    name="Mette Jensen",
    address_lines=("Nørregade 4", "8000 Aarhus C"),
    email="mette@example.dk",
    phone="+45 20 12 34 56",
)
BILL_TO = PdfParty(
    customer_no="C-2001",
    name="Jensen Ejendomme A/S",
    address_lines=("Åboulevarden 12, 3. sal", "8000 Aarhus C"),
    email="bogholderi@jensen-ejendomme.dk",
)
VEHICLE = PdfVehicle(
    registration_no="AB12345",
    vin="WVWZZZ1KZ8W000001",
    make="Volkswagen",
    model="Golf",
    variant="1.5 TSI",
    first_registration=date(2021, 3, 1),
    mileage_km=45210,
    colour="Grå",
)


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line(
    index: int,
    *,
    description: str | None = None,
    quantity: str = "1",
    unit_price: int = 249500,
    discount_percent: str | None = None,
    discount_amount: int | None = None,
    vat_rate: str = "25",
) -> PdfLine:
    """A line whose gross, discount and net follow PRODUCT §1."""
    exact = Decimal(quantity) * unit_price
    gross = _half_up(exact)
    if discount_percent is not None:
        discount = _half_up(exact * Decimal(discount_percent) / 100)
    else:
        discount = discount_amount or 0
    return PdfLine(
        item_no=f"SRV-{100 + index}",
        description=description or f"Service {index} – olieskift og bremsevæske",
        quantity=quantity,
        unit="stk",
        unit_price=unit_price,
        discount_percent=discount_percent,
        discount_amount=discount_amount,
        vat_rate=vat_rate,
        gross=gross,
        discount=discount,
        net=gross - discount,
    )


def totals(lines: tuple[PdfLine, ...]) -> PdfTotals:
    rates: dict[Decimal, tuple[str, int]] = {}
    for item in lines:
        rate = Decimal(item.vat_rate)
        text, net = rates.get(rate, (item.vat_rate, 0))
        rates[rate] = (text, net + item.net)
    vat = tuple(
        PdfVatAmount(rate=text, amount=_half_up(rate * net / 100)) for rate, (text, net) in sorted(rates.items())
    )
    net = sum(item.net for item in lines)
    return PdfTotals(
        gross=sum(item.gross for item in lines),
        discount=sum(item.discount for item in lines),
        net=net,
        vat=vat,
        total=net + sum(v.amount for v in vat),
    )


def varied_lines(count: int) -> tuple[PdfLine, ...]:
    """Lines with every discount kind, two VAT rates, decimal quantities and some long descriptions."""
    lines: list[PdfLine] = []
    for index in range(1, count + 1):
        if index % 7 == 0:
            lines.append(line(index, description=f"Reservedel {index}: " + "bremseklodser og skiver, " * 4))
        elif index % 5 == 0:
            lines.append(line(index, quantity="2.5", unit_price=45000, discount_amount=1250))
        elif index % 3 == 0:
            lines.append(line(index, quantity="1.125", unit_price=12990, discount_percent="10", vat_rate="0"))
        else:
            lines.append(line(index, unit_price=10000 + 137 * index))
    return tuple(lines)


def invoice(
    *,
    lines: tuple[PdfLine, ...] | None = None,
    locale: PdfLocale = "da",
    currency: PdfCurrency = "DKK",
    number: str = "INV-10023",
    bill_to: PdfParty | None = BILL_TO,
    customer: PdfParty = CUSTOMER,
    notes: str | None = "Betaling 14 dage netto.\nTak for handlen – vi ses til næste service.",
    doc_type: PdfDocumentType = "invoice",
) -> PdfDocument:
    items = lines if lines is not None else varied_lines(6)
    return PdfDocument(
        type=doc_type,
        number=number,
        issue_date=date(2026, 11, 2),
        due_date=date(2026, 11, 16),
        currency=currency,
        locale=locale,
        version=1,
        version_at=datetime(2026, 11, 2, 9, 30, 15, tzinfo=UTC),
        seller=SELLER,
        customer=customer,
        bill_to=bill_to,
        vehicle=VEHICLE,
        lines=items,
        totals=totals(items),
        notes=notes,
        payment_terms="Netto 14 dage",
    )


def page_texts(pdf: bytes) -> list[str]:
    """Each page's extracted text with every run of whitespace (no-break spaces included) as one space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages]


def statement_items(count: int, *, as_of: date = date(2026, 12, 4)) -> tuple[PdfStatementItem, ...]:
    """`count` open items, oldest first: invoices due from 140 days ago to 14 days ahead, every 9th a credit note."""
    items: list[PdfStatementItem] = []
    for index in range(count):
        issued = as_of - timedelta(days=count - index + 10)
        if index % 9 == 8:
            items.append(
                PdfStatementItem(
                    type="credit_note",
                    number=f"CN-{7000 + index}",
                    issue_date=issued,
                    total=25_000,
                    outstanding=-25_000,
                )
            )
            continue
        due = issued + timedelta(days=14)
        total = 100_000 + 137 * index
        items.append(
            PdfStatementItem(
                type="invoice",
                number=f"INV-{10000 + index}",
                issue_date=issued,
                due_date=due,
                total=total,
                outstanding=total - (index % 4) * 10_000,
                days_overdue=max(0, (as_of - due).days),
            )
        )
    return tuple(items)


def statement(
    *,
    items: tuple[PdfStatementItem, ...] | None = None,
    locale: PdfLocale = "da",
    currency: PdfCurrency = "DKK",
    as_of: date = date(2026, 12, 4),
    seller: PdfSeller | None = SELLER,
) -> PdfStatement:
    """A statement whose ageing, unapplied credit and balance follow from its items (PRODUCT §13)."""
    open_items = items if items is not None else statement_items(12, as_of=as_of)
    buckets = {"not_due": 0, "d1_30": 0, "d31_60": 0, "d61_90": 0, "d90_plus": 0}
    for item in open_items:
        if item.type == "invoice":
            buckets[bucket_of(item.days_overdue or 0)] += item.outstanding
    return PdfStatement(
        brand="Nordvej Biler",
        seller=seller,
        customer=CUSTOMER,
        currency=currency,
        locale=locale,
        as_of=as_of,
        items=open_items,
        ageing=PdfAgeing(**buckets),
        unapplied_credit=-sum(i.outstanding for i in open_items if i.type == "credit_note"),
        balance=sum(i.outstanding for i in open_items),
    )
