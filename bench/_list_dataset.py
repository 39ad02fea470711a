"""The document-list benchmark's dataset: customers and documents as the aggregates would store them, COPY'd in.

Each document shape is built once with the domain's classes (so its lines validate and its totals are the
domain's); per document only the parties, dates, number and vehicle change, and the stored columns are derived
the way `Document._set_content` derives them. The first document of each shape is checked against the domain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from domain.documents.content import DocumentContent
from domain.documents.customer import normalise_email
from domain.documents.values import Line, Party, Seller, Vehicle
from infrastructure.persistence.tables.documents import customers, documents

BATCH = 50_000
FIRST = ("Mette", "Lars", "Anne", "Jens", "Sofie", "Mads", "Ida", "Peter", "Camilla", "Søren", "Louise", "Henrik")
LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen")
STREETS = ("Nørregade", "Vestergade", "Søndergade", "Østergade", "Algade", "Kirkevej", "Skovvej", "Strandvejen")
TOWNS = ("8000 Aarhus C", "8200 Aarhus N", "5000 Odense C", "9000 Aalborg", "7100 Vejle", "2100 København Ø")
SELLER = Seller(
    name="Nordvej Biler ApS", address=("Nordvej 1", "8200 Aarhus N"), vat_no="DK12345678",
    phone="+4586000000", email="salg@nordvej.dk", bank="Reg. 1234 Konto 5678901",
)  # fmt: skip
CAR = Vehicle(
    registration_no="AB12345", vin="WVWZZZ1KZ8W000001", make="Volkswagen", model="Golf", variant="1.5 TSI",
    first_registration=dt.date(2021, 3, 1), mileage_km=45210, colour="Grå",
)  # fmt: skip
SERVICE = (
    Line(item_no="SRV-100", description="Service 60.000 km", quantity=Decimal(1), unit="stk",
         unit_price=249500, discount_percent=Decimal(10)),
    Line(item_no="OLIE-5W30", description="Motorolie 5W-30", quantity=Decimal("4.5"), unit="l", unit_price=12900),
    Line(item_no="ARB", description="Arbejdsløn", quantity=Decimal("1.5"), unit="t", unit_price=69500),
)  # fmt: skip
TYRES = (
    Line(item_no="DAEK-205", description="Vinterdæk 205/55 R16", quantity=Decimal(4), unit="stk",
         unit_price=89900, discount_amount=20000),
    Line(item_no="MONT", description="Dækskift og afbalancering", quantity=Decimal(1), unit_price=49900),
    Line(item_no="MILJO", description="Miljøafgift dæk", quantity=Decimal(4), unit_price=2500, vat_rate=Decimal(0)),
)  # fmt: skip
SALE = (
    Line(item_no="BIL", description="Volkswagen Golf 1.5 TSI Life", quantity=Decimal(1), unit_price=24995000),
    Line(item_no="REG", description="Registreringsafgift", quantity=Decimal(1), unit_price=5000000,
         vat_rate=Decimal(0)),
)  # fmt: skip
CREDIT = (Line(item_no="DAEK-205", description="Kreditering af dæk", quantity=Decimal(1), unit_price=89900),)
# (type, number prefix, lines, vehicle, notes, days to due); ten of them, picked uniformly: half are invoices
SHAPES = (
    ("invoice", "INV", SERVICE, CAR, "Betaling 14 dage netto.", 14),
    ("invoice", "INV", SERVICE, CAR, None, 8),
    ("invoice", "INV", TYRES, CAR, None, 14),
    ("invoice", "INV", TYRES, None, "Tak for handlen.", 8),
    ("invoice", "INV", SALE, CAR, "Betaling ved levering.", 3),
    ("quote", "QUO", TYRES, CAR, "Tilbuddet gælder i 30 dage.", None),
    ("quote", "QUO", SALE, CAR, None, None),
    ("order", "ORD", SALE, CAR, None, None),
    ("order", "ORD", SERVICE, CAR, None, None),
    ("credit_note", "CRN", CREDIT, None, None, None),
)


@dataclass(frozen=True)
class Dataset:
    customers: int
    documents: int
    emails: list[str | None]  # customer i's email at index i - 1 (None for a record without one)
    fleet: int  # customers 1..fleet are the bill-to parties (leasing companies) of every tenth document
    amounts: list[str]  # the shapes' totals in major units, for `q` searches


def customer_no(i: int) -> str:
    return f"C-{i:07d}"


def registration_no(i: int) -> str:
    return f"{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{i % 100000:05d}"


def _canonical(content: dict[str, Any]) -> str:
    """`DocumentContent.fingerprint` over the builtins form (the shapes' decimals are already normalised)."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _party(i: int, email: str | None) -> dict[str, Any]:
    name = f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}"
    address = (f"{STREETS[i % len(STREETS)]} {i % 97 + 1}", TOWNS[i % len(TOWNS)])
    phone = f"+45{20000000 + i % 9999999}"
    party: dict[str, Any] = msgspec.to_builtins(
        Party(customer_no=customer_no(i), name=name, address=address, email=email, phone=phone)
    )
    return party


def _email(i: int) -> str | None:
    """One in 50 records has no email; one in 25 belongs to the person of the record before (two records)."""
    if i % 50 == 0:
        return None
    return f"Kunde.{i - 1 if i % 25 == 0 else i}@Example.dk"


def _customer_rows(count: int, now: dt.datetime) -> Iterator[tuple[Any, ...]]:
    for i in range(1, count + 1):
        party, email = _party(i, _email(i)), _email(i)
        row = {
            "customer_no": party["customer_no"], "name": party["name"], "email": email,
            "email_normalised": normalise_email(email) if email else None, "phone": party["phone"],
            "address": json.dumps(party["address"]), "locale": "da" if i % 10 else "en", "updated_at": now,
            "lock_version": 1,
        }  # fmt: skip
        yield tuple(row[c.name] for c in customers.c)


def _templates() -> list[tuple[dict[str, Any], int, tuple[str, ...]]]:
    """Per shape: its content's builtins, its total (the domain's) and the line words of its search text."""
    found = []
    for _, _, lines, vehicle, notes, _ in SHAPES:
        content = DocumentContent(
            issue_date=dt.date(2026, 1, 1), currency="DKK", locale="da", seller=SELLER,
            customer=Party(customer_no="C-0", name="x"), lines=lines, vehicle=vehicle, notes=notes,
        )  # fmt: skip
        words = tuple(p for line in lines for p in (line.item_no or "", line.description))
        found.append((msgspec.to_builtins(content), content.totals.total, words))
    return found


def _check(row: dict[str, Any], type_: str) -> None:
    """The derived columns of one document against the domain's own (a mismatch is a bug in this module)."""
    content = msgspec.convert(row["content"], DocumentContent)
    expected = (content.fingerprint(), content.search_text(row["number"]), content.totals.total)
    if (row["content_hash"], row["search_text"], row["total"]) != expected or (type_ == "invoice") != bool(
        content.due_date
    ):
        raise RuntimeError(f"dataset row {row['number']} does not match the domain's derivation")


def _document_rows(data: Dataset, now: dt.datetime, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    templates, checked = _templates(), set()
    parties = [_party(i, data.emails[i - 1]) for i in range(1, data.customers + 1)]
    today, span = now.date(), 3 * 365
    numbers = dict.fromkeys(("INV", "QUO", "ORD", "CRN"), 10_000)
    for n in range(data.documents):
        shape = rng.randrange(len(SHAPES))
        type_, prefix, _, vehicle, _, due_days = SHAPES[shape]
        template, total, words = templates[shape]
        numbers[prefix] += 1
        number = f"{prefix}-{numbers[prefix]}"
        owner = rng.randrange(1, data.customers + 1)
        payer = rng.randrange(1, data.fleet + 1) if n % 10 == 9 and data.customers > 1 else None
        payer = payer if payer != owner else None
        issue = today - dt.timedelta(days=span - span * n // data.documents)
        due = issue + dt.timedelta(days=due_days) if due_days is not None else None
        content = {
            **template, "issue_date": issue.isoformat(), "due_date": due and due.isoformat(),
            "customer": parties[owner - 1], "bill_to": parties[payer - 1] if payer else None,
        }  # fmt: skip
        search = [number]
        if vehicle is not None:
            reg, vin = registration_no(owner), f"WVWZZZ1KZ8W{owner:06d}"
            content["vehicle"] = {**template["vehicle"], "registration_no": reg, "vin": vin}
            search += [reg, vin]
        paid = 0
        if type_ == "invoice":
            old = (today - issue).days > 45
            paid = total if rng.random() < (0.95 if old else 0.3) else (total // 2 if rng.random() < 0.1 else 0)
        row = {
            "id": uuid.uuid4(), "type": type_, "number": number, "issue_date": issue, "due_date": due,
            "currency": "DKK", "customer_no": customer_no(owner), "bill_to_no": payer and customer_no(payer),
            "content": content, "content_hash": _canonical(content), "version": 1, "version_at": now,
            "withdrawn_at": None, "total": total, "imported_paid": paid, "portal_paid": 0, "credited": 0,
            "applied_credit": 0, "outstanding": max(0, total - paid) if type_ == "invoice" else 0,
            "search_text": "\n".join(p for p in (*search, *words) if p).lower(), "credit_for": None,
            "lock_version": 1,
        }  # fmt: skip
        if (shape, payer is None) not in checked:
            _check(row, type_)
            checked.add((shape, payer is None))
        row["content"] = msgspec.json.encode(content).decode()
        yield tuple(row[c.name] for c in documents.c)


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def load(url: str, customer_count: int, document_count: int, *, seed: int = 1) -> Dataset:
    """COPY customers and documents into the migrated database at `url`, then VACUUM ANALYZE both."""
    rng, now = random.Random(seed), dt.datetime.now(dt.UTC)
    data = Dataset(
        customers=customer_count, documents=document_count,
        emails=[_email(i) for i in range(1, customer_count + 1)], fleet=max(1, customer_count // 100),
        amounts=[f"{total // 100},{total % 100:02d}" for _, total, _ in _templates()],
    )  # fmt: skip
    conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
    try:
        for table, rows in (
            (customers, _customer_rows(customer_count, now)),
            (documents, _document_rows(data, now, rng)),
        ):
            for batch in _batches(rows):
                await conn.copy_records_to_table(table.name, records=batch, columns=[c.name for c in table.c])
        await conn.execute("VACUUM (ANALYZE) customers, documents")
    finally:
        await conn.close()
    return data
