"""Hypothesis strategies for the documents domain (import as `tests.unit.domain.documents.documents_strategies`).

Everything drawn here is valid: lines keep PRODUCT §1's rules, contents pass their own checks. Decimals come with
a spelling of their own (trailing zeros, exponents) so spelling-insensitivity is exercised everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from domain.documents.content import DocumentContent
from domain.documents.values import Line, Party, RelatedRef, Seller, Vehicle

TYPES = ("quote", "order", "invoice", "credit_note")

# Short text from a small alphabet keeps generation cheap; the fingerprint is JSON, so quotes, backslashes and
# non-ASCII letters are in it.
words = st.text(alphabet='abcXYZ019 -.,"\\/æøåÆØÅé€😀', min_size=1, max_size=10)
optional_words = st.none() | words
descriptions = words.filter(str.strip)


def respelled(value: Decimal, extra_zeros: int) -> Decimal:
    """The same number written with `extra_zeros` more trailing zeros ("1" → "1.000")."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return Decimal((sign, (*digits, *(0,) * extra_zeros), exponent - extra_zeros))


def spell(value: Decimal, style: int) -> Decimal:
    """`value` in spelling number `style` (0–5): normalised ("1E+1"), plain, trailing zeros, or a signed zero."""
    normal = value.normalize()
    if style == 0:
        return normal
    if style == 1 or (style >= 4 and normal):
        return Decimal(format(normal, "f"))
    if style >= 4:
        return Decimal("-0") if style == 4 else Decimal("-0.00")
    return respelled(normal, style - 1)


@st.composite
def scaled(draw: st.DrawFn, low: int, high: int, places: int) -> Decimal:
    """Decimals with at most `places` places between low and high (in units of 10^-places), in any spelling."""
    return spell(Decimal(draw(st.integers(low, high))).scaleb(-places), draw(st.integers(0, 5)))


quantities = scaled(1, 2_000_000, 3)  # 0.001 … 2000
percents = scaled(0, 10_000, 2)  # 0.00 … 100.00 %
vat_rates = st.one_of(
    st.tuples(st.sampled_from(["25", "0", "12.5", "6"]), st.integers(0, 5)).map(lambda p: spell(Decimal(p[0]), p[1])),
    percents,
)
unit_prices = st.integers(0, 50_000_000)  # up to 500,000.00


@st.composite
def lines(draw: st.DrawFn) -> Line:
    quantity = draw(quantities)
    unit_price = draw(unit_prices)
    kind = draw(st.sampled_from(["none", "percent", "amount"]))
    gross = int(Fraction(quantity) * unit_price + Fraction(1, 2))  # half-up; the test's own arithmetic
    return Line(
        description=draw(descriptions),
        quantity=quantity,
        unit_price=unit_price,
        item_no=draw(optional_words),
        unit=draw(st.none() | st.sampled_from(["stk", "t", "l"])),
        discount_percent=draw(percents) if kind == "percent" else None,
        discount_amount=draw(st.integers(0, gross)) if kind == "amount" else None,
        vat_rate=draw(vat_rates),
    )


parties = st.builds(
    Party,
    customer_no=words,
    name=words,
    address=st.lists(words, max_size=2).map(tuple),
    email=optional_words,
    phone=optional_words,
)
sellers = st.builds(
    Seller,
    name=words,
    address=st.lists(words, max_size=2).map(tuple),
    vat_no=optional_words,
    phone=optional_words,
    email=optional_words,
    bank=optional_words,
)
vehicles = st.builds(
    Vehicle,
    registration_no=optional_words,
    vin=optional_words,
    make=optional_words,
    model=optional_words,
    variant=optional_words,
    first_registration=st.none() | st.dates(),
    mileage_km=st.none() | st.integers(0, 2_000_000),
    colour=optional_words,
)
related_refs = st.builds(RelatedRef, type=st.sampled_from(TYPES), number=words)
issue_dates = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@st.composite
def contents(draw: st.DrawFn, *, max_lines: int = 3, due: bool | None = None) -> DocumentContent:
    """A valid content; `due=True` always has a due date (invoices need one), None draws either way."""
    issue = draw(issue_dates)
    with_due = draw(st.booleans()) if due is None else due
    return DocumentContent(
        issue_date=issue,
        due_date=issue + dt.timedelta(days=draw(st.integers(0, 60))) if with_due else None,
        currency=draw(st.sampled_from(["DKK", "EUR"])),
        locale=draw(st.sampled_from(["da", "en"])),
        seller=draw(sellers),
        customer=draw(parties),
        bill_to=draw(st.none() | parties),
        vehicle=draw(st.none() | vehicles),
        lines=tuple(draw(st.lists(lines(), min_size=1, max_size=max_lines))),
        notes=draw(optional_words),
        related=tuple(draw(st.lists(related_refs, max_size=2))),
    )


def respell_line(line: Line, extra_zeros: int) -> Line:
    changes: dict[str, Any] = {
        "quantity": respelled(line.quantity, extra_zeros),
        "vat_rate": respelled(line.vat_rate, extra_zeros),
    }
    if line.discount_percent is not None:
        changes["discount_percent"] = respelled(line.discount_percent, extra_zeros)
    return replace(line, **changes)


def respell_content(content: DocumentContent, extra_zeros: int) -> DocumentContent:
    """The same content with every decimal written with more trailing zeros."""
    return replace(content, lines=tuple(respell_line(line, extra_zeros) for line in content.lines))


_SAMPLE_PARTIES = (
    Party(customer_no="C-1001", name="Mette Jensen", address=("Nørregade 4", "8000 Aarhus C"), email="m@example.dk"),
    Party(customer_no="C-2001", name='Firma "A/S"', phone="+4520123456"),
)
_SAMPLE_SELLER = Seller(name="Nordvej Biler ApS", address=("Nordvej 1",), vat_no="DK12345678", bank="Reg. 1234")
_SAMPLE_VEHICLE = Vehicle(registration_no="AB12345", vin="WVWZZZ1KZ8W000001", mileage_km=45210)


@st.composite
def light_contents(draw: st.DrawFn) -> DocumentContent:
    """A valid content with few draws outside the lines: cheap enough for many parametrised property tests."""
    issue = draw(issue_dates)
    return DocumentContent(
        issue_date=issue,
        due_date=draw(st.sampled_from([None, issue, issue + dt.timedelta(days=14)])),
        currency=draw(st.sampled_from(["DKK", "EUR"])),
        locale=draw(st.sampled_from(["da", "en"])),
        seller=_SAMPLE_SELLER,
        customer=draw(st.sampled_from(_SAMPLE_PARTIES)),
        bill_to=draw(st.sampled_from((None, *_SAMPLE_PARTIES))),
        vehicle=draw(st.sampled_from([None, _SAMPLE_VEHICLE])),
        lines=tuple(draw(st.lists(lines(), min_size=1, max_size=3))),
        notes=draw(st.sampled_from([None, "", "Betaling 14 dage netto."])),
        related=draw(st.sampled_from([(), (RelatedRef(type="order", number="ORD-5001"),)])),
    )
