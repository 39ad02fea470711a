"""Realistic seed data for `portal demo`: a Danish dealer, its customers, vehicles and every document type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain.documents.totals import Totals
from domain.documents.values import Line

SELLER = {
    "name": "Nordvej Biler ApS",
    "address": ["Nordvej 1", "8200 Aarhus N"],
    "vat_no": "DK12345678",
    "phone": "+4586000000",
    "email": "salg@nordvej.dk",
    "bank": "Reg. 1234 Konto 5678901",
}
DEMO_EMAIL = "mette@example.dk"
#: the demo dealer's brand (PRODUCT §14), used where the environment sets none
DEMO_BRAND = {
    "brand_name": SELLER["name"],
    "brand_logo": str(Path(__file__).with_name("demo_assets") / "nordvej-biler.svg"),
    "brand_colour": "#0b5e3b",
    "support_email": "kundeservice@nordvej.dk",
    "support_phone": "+45 86 00 00 00",
}

CUSTOMERS: list[dict[str, Any]] = [
    {
        "customer_no": "C-1001",
        "name": "Mette Jensen",
        "email": DEMO_EMAIL,
        "phone": "+4520123456",
        "address": ["Nørregade 4", "8000 Aarhus C"],
        "locale": "da",
    },
    {
        "customer_no": "C-2001",
        "name": "Jensen Transport ApS",
        "email": "Mette@Example.dk",
        "phone": "+4586123456",
        "address": ["Industrivej 12", "8240 Risskov"],
        "locale": "da",
    },
    {
        "customer_no": "C-1002",
        "name": "Søren Østergaard",
        "email": "soren@example.dk",
        "phone": "+4521234567",
        "address": ["Åboulevarden 30", "8000 Aarhus C"],
        "locale": "da",
    },
    {
        "customer_no": "C-1003",
        "name": "Zofia Wąsowska-Łukasiewicz",
        "email": "zofia@example.pl",
        "phone": "+4522345678",
        "address": ["Ringgaden 5", "8000 Aarhus C"],
        "locale": "en",
    },
    {
        "customer_no": "C-1004",
        "name": "Jürgen Müller",
        "email": "juergen@example.de",
        "phone": "+4523456789",
        "address": ["Grenåvej 88", "8240 Risskov"],
        "locale": "en",
    },
    {
        "customer_no": "C-1005",
        "name": "Mikko Häkkinen",
        "email": "mikko@example.fi",
        "phone": "+4524567890",
        "address": ["Silkeborgvej 2", "8000 Aarhus C"],
        "locale": "en",
    },
]

_Spec = tuple[str, str, str, str, int, dict[str, str | int]]

GOLF = {
    "registration_no": "AB12345",
    "vin": "WVWZZZ1KZ8W000001",
    "make": "Volkswagen",
    "model": "Golf",
    "variant": "1.5 TSI",
    "first_registration": "2021-03-01",
    "mileage_km": 45210,
    "colour": "Grå",
}
TRANSIT = {
    "registration_no": "CD67890",
    "vin": "WF0XXXTTGXKY00002",
    "make": "Ford",
    "model": "Transit Custom",
    "variant": "2.0 EcoBlue",
    "first_registration": "2019-06-15",
    "mileage_km": 128400,
    "colour": "Hvid",
}
ENYAQ = {
    "registration_no": "EV24680",
    "vin": "TMBJC7NY1PF000003",
    "make": "Škoda",
    "model": "Enyaq",
    "variant": "iV 80",
    "first_registration": "2023-01-20",
    "mileage_km": 18900,
    "colour": "Blå",
}

_SERVICE: list[_Spec] = [
    ("SRV-100", "Service 60.000 km", "1", "stk", 249500, {"discount_percent": "10"}),
    ("OIL-5W30", "Motorolie 5W-30", "4.5", "l", 12900, {}),
    ("FLT-AIR", "Luftfilter", "1", "stk", 34900, {}),
    ("WRK-H", "Værkstedstime", "1.5", "t", 79500, {"discount_amount": 5000}),
]


def _lines(specs: list[_Spec], vat: str = "25") -> list[dict[str, Any]]:
    return [
        {
            "item_no": item,
            "description": text,
            "quantity": qty,
            "unit": unit,
            "unit_price": price,
            "vat_rate": vat,
            **extra,
        }
        for item, text, qty, unit, price, extra in specs
    ]


def _totals(lines: list[dict[str, Any]]) -> dict[str, int]:
    computed = Totals.of(
        Line(
            description=line["description"],
            quantity=Decimal(line["quantity"]),
            unit_price=line["unit_price"],
            discount_percent=Decimal(line["discount_percent"]) if "discount_percent" in line else None,
            discount_amount=line.get("discount_amount"),
            vat_rate=Decimal(line["vat_rate"]),
        )
        for line in lines
    )
    return {
        "gross": computed.gross,
        "discount": computed.discount,
        "net": computed.net,
        "vat": computed.vat_sum,
        "total": computed.total,
    }


def _document(
    kind: str, number: str, issued: dt.date, customer: str, lines: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "type": kind,
        "number": number,
        "issue_date": issued.isoformat(),
        "currency": "DKK",
        "locale": "da",
        "customer_no": customer,
        "seller": SELLER,
        "lines": lines,
        "totals": _totals(lines),
    }
    if kind == "invoice":
        doc["due_date"] = (issued + dt.timedelta(days=14)).isoformat()
        doc["notes"] = "Betaling 14 dage netto."
    doc.update(extra)
    if "currency" in extra or "lines" in extra:
        doc["totals"] = _totals(doc["lines"])
    return doc


def _long_lines() -> list[dict[str, Any]]:
    parts = ["Bremseklods", "Tændrør", "Viskerblad", "Pollenfilter", "Kølervæske", "Pære H7", "Dækskifte", "Afstemning"]
    return [
        {
            "item_no": f"P-{i:04d}",
            "description": f"{parts[i % len(parts)]} – reservedel nr. {i}",
            "quantity": str(1 + i % 3),
            "unit": "stk",
            "unit_price": 4950 + 125 * i,
            "vat_rate": "25",
        }
        for i in range(1, 141)
    ]


def documents(today: dt.date) -> list[dict[str, Any]]:
    """Every document type; open, overdue and paid invoices; a 140-line invoice; bill-to ≠ customer; EUR."""
    day = dt.timedelta(days=1)
    service = _lines(_SERVICE)
    tyres = _lines(
        [
            ("TYR-WIN", "Vinterdæk 205/55 R16", "4", "stk", 89500, {}),
            ("TYR-FIT", "Montering og afbalancering", "1", "stk", 59900, {}),
        ]
    )
    paid_invoice = _document("invoice", "INV-10021", today - 40 * day, "C-1001", tyres, vehicle=GOLF)
    paid_invoice["paid"] = paid_invoice["totals"]["total"]
    return [
        _document(
            "quote",
            "Q-3001",
            today - 20 * day,
            "C-1001",
            _lines([("CAR-ENYAQ", "Škoda Enyaq iV 80, demobil", "1", "stk", 34990000, {"discount_amount": 1500000})]),
            vehicle=ENYAQ,
        ),
        _document("order", "ORD-5001", today - 12 * day, "C-1001", service, vehicle=GOLF),
        _document(
            "invoice",
            "INV-10023",
            today - 5 * day,
            "C-1001",
            service,
            vehicle=GOLF,
            bill_to_no="C-2001",
            related=[{"type": "order", "number": "ORD-5001"}],
        ),
        _document("invoice", "INV-10022", today - 30 * day, "C-2001", _lines(_SERVICE[1:3]), vehicle=TRANSIT),
        paid_invoice,
        _document(
            "credit_note",
            "CN-7001",
            today - 3 * day,
            "C-2001",
            _lines([("FLT-AIR", "Luftfilter, returneret", "1", "stk", 34900, {})]),
            related=[{"type": "invoice", "number": "INV-10022"}],
        ),
        _document(
            "invoice",
            "INV-10024",
            today - 2 * day,
            "C-1001",
            _long_lines(),
            vehicle=TRANSIT,
            bill_to_no="C-2001",
            notes="Stort eftersyn med udskiftning af dele. Betaling 14 dage netto.",
        ),
        _document("invoice", "INV-10025", today - 8 * day, "C-1002", service, vehicle=ENYAQ),
        _document("invoice", "INV-10026", today - 6 * day, "C-1003", tyres, locale="en"),
        _document(
            "order",
            "ORD-5002",
            today - 4 * day,
            "C-1004",
            _lines([("TYR-WIN", "Winter tyres 205/55 R16", "4", "pcs", 12000, {})]),
            locale="en",
            currency="EUR",
        ),
        _document("invoice", "INV-10027", today - 1 * day, "C-1005", service, locale="en"),
    ]
