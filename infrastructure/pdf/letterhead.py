"""The page furniture: the first page's letterhead and party blocks, later pages' header, every page's footer."""

from __future__ import annotations

from application.localisation import LocaleFormat
from application.ports.pdf_renderer import PdfDocument, PdfParty, PdfSeller, PdfVehicle
from infrastructure.pdf.drawing import (
    ACCENT,
    CONTENT_WIDTH,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    RIGHT_EDGE,
    Block,
    Pen,
)
from infrastructure.pdf.labels import Labels

__all__ = [
    "COLUMN_WIDTH",
    "continuation_header",
    "dealer_column",
    "footer",
    "letterhead",
    "parties",
    "party_column",
    "seller_lines",
]

_SMALL = 8.5
_SMALL_LEADING = 11.5
_META_LEFT = 340.0
_COLUMN_GAP = 16.0
_COLUMN_WIDTH = (CONTENT_WIDTH - 2 * _COLUMN_GAP) / 3
COLUMN_WIDTH = _COLUMN_WIDTH
FOOTER_TOP = PAGE_HEIGHT - 58.0
_LOGO_GAP = 6.0


def letterhead(
    pen: Pen, doc: PdfDocument, labels: Labels, fmt: LocaleFormat, logo: tuple[float, float] | None = None
) -> Block:
    """Seller on the left (under the dealer's logo, `logo` = its width and height); the title and key facts on the
    right.
    """
    seller = doc.seller
    left_height = dealer_column(pen, seller.name, seller_lines(seller, labels), logo)

    y = 20.0
    pen.text(RIGHT_EDGE, y, labels.titles[doc.type], 20, bold=True, color=ACCENT, align="right")
    y += 8
    meta = [
        (labels.numbers[doc.type], doc.number),
        (labels.issue_date, fmt.day(doc.issue_date)),
        (labels.due_date, fmt.day(doc.due_date) if doc.due_date else ""),
        (labels.customer_no, doc.customer.customer_no),
        (labels.currency, doc.currency),
        (labels.version, str(doc.version) if doc.version > 1 else ""),
    ]
    for label, value in meta:
        if not value:
            continue
        y += 13
        pen.text(_META_LEFT, y, label, _SMALL, color=MUTED)
        size = pen.fitted_size(value, RIGHT_EDGE - _META_LEFT - 70, _SMALL + 0.5, bold=True)
        pen.text(RIGHT_EDGE, y, value, size, bold=True, align="right")
    return pen.block(max(left_height, y) + 6)


def seller_lines(seller: PdfSeller, labels: Labels) -> list[str]:
    """The seller's address and contact lines (empty strings for what it lacks: they draw nothing)."""
    return [
        *seller.address_lines,
        f"{labels.vat_no} {seller.vat_no}" if seller.vat_no else "",
        f"{labels.phone} {seller.phone}" if seller.phone else "",
        f"{labels.email} {seller.email}" if seller.email else "",
    ]


def dealer_column(pen: Pen, heading: str, lines: list[str], logo: tuple[float, float] | None = None) -> float:
    """The letterhead's left column: the dealer's logo (`logo` = its width and height) if any, the dealer's name
    large, then `lines` small; returns its foot (PRODUCT §14).
    """
    width = _META_LEFT - MARGIN_X - 24
    y = 0.0
    if logo is not None:
        pen.logo(MARGIN_X, 0.0, *logo)
        y = logo[1] + _LOGO_GAP
    for line in pen.wrap(heading, width, 15, bold=True):
        y += 17
        pen.text(MARGIN_X, y, line, 15, bold=True, color=ACCENT)
    y += 4
    for item in lines:
        for line in pen.wrap(item, width, _SMALL):
            y += _SMALL_LEADING
            pen.text(MARGIN_X, y, line, _SMALL, color=MUTED)
    return y


def parties(pen: Pen, doc: PdfDocument, labels: Labels, fmt: LocaleFormat) -> Block:
    """Customer, bill-to (only when it differs) and vehicle side by side, under a rule."""
    pen.rect(MARGIN_X, 0, CONTENT_WIDTH, 0.6)
    columns: list[tuple[str, list[tuple[str, bool]]]] = [(labels.customer, _party_lines(doc.customer, labels))]
    if doc.bill_to is not None and doc.bill_to != doc.customer:
        columns.append((labels.bill_to, _party_lines(doc.bill_to, labels)))
    height = 0.0
    for index, (heading, lines) in enumerate(columns):
        height = max(height, _column(pen, MARGIN_X + index * (_COLUMN_WIDTH + _COLUMN_GAP), heading, lines))
    if doc.vehicle is not None:
        height = max(height, _vehicle(pen, doc.vehicle, labels, fmt))
    return pen.block(height + 18)


def party_column(pen: Pen, x: float, heading: str, party: PdfParty, labels: Labels) -> float:
    """One party as the documents show it (name, address, customer no., email, phone) under `heading`; its bottom."""
    return _column(pen, x, heading, _party_lines(party, labels))


def _party_lines(party: PdfParty, labels: Labels) -> list[tuple[str, bool]]:
    lines = [(party.name, True), *((line, False) for line in party.address_lines)]
    lines.append((f"{labels.customer_no} {party.customer_no}", False))
    lines.extend((value, False) for value in (party.email, party.phone) if value)
    return lines


def _column(pen: Pen, x: float, heading: str, lines: list[tuple[str, bool]]) -> float:
    y = 28.0
    pen.text(x, y, heading.upper(), 7.5, bold=True, color=ACCENT)
    y += 3
    for text, strong in lines:
        size = 9.5 if strong else _SMALL
        for line in pen.wrap(text, _COLUMN_WIDTH, size, bold=strong):
            y += 13 if strong else _SMALL_LEADING
            pen.text(x, y, line, size, bold=strong)
    return y


def _vehicle(pen: Pen, vehicle: PdfVehicle, labels: Labels, fmt: LocaleFormat) -> float:
    x = MARGIN_X + 2 * (_COLUMN_WIDTH + _COLUMN_GAP)
    title = " ".join(part for part in (vehicle.make, vehicle.model, vehicle.variant) if part)
    facts = [
        (labels.registration_no, vehicle.registration_no),
        (labels.vin, vehicle.vin),
        (labels.first_registration, fmt.day(vehicle.first_registration) if vehicle.first_registration else None),
        (
            labels.mileage,
            labels.mileage_value.format(km=fmt.number(vehicle.mileage_km)) if vehicle.mileage_km is not None else None,
        ),
        (labels.colour, vehicle.colour),
    ]
    shown = [(label, value) for label, value in facts if value]
    label_width = max((pen.width(label, 7.5) for label, _ in shown), default=0.0) + 6
    y = 28.0
    pen.text(x, y, labels.vehicle.upper(), 7.5, bold=True, color=ACCENT)
    y += 3
    for line in pen.wrap(title, _COLUMN_WIDTH, 9.5, bold=True):
        y += 13
        pen.text(x, y, line, 9.5, bold=True)
    for label, value in shown:
        for index, line in enumerate(pen.wrap(value, _COLUMN_WIDTH - label_width, _SMALL)):
            y += _SMALL_LEADING
            if index == 0:
                pen.text(x, y, label, 7.5, color=MUTED)
            pen.text(x + label_width, y, line, _SMALL)
    return y


def continuation_header(pen: Pen, doc: PdfDocument, labels: Labels) -> Block:
    """Pages 2 and on: the seller and which document continues, under a rule."""
    title = labels.continued.format(title=labels.titles[doc.type], number=doc.number)
    title_width = pen.width(title, 10, bold=True)
    seller = pen.truncated(doc.seller.name, CONTENT_WIDTH - title_width - 24, 11, bold=True)
    pen.text(MARGIN_X, 14, seller, 11, bold=True, color=ACCENT)
    pen.text(RIGHT_EDGE, 14, title, 10, bold=True, align="right")
    pen.rect(MARGIN_X, 22, CONTENT_WIDTH, 0.6)
    return pen.block(36)


def footer(
    pen: Pen, seller: PdfSeller | str, labels: Labels, *, page: int, pages: int, source_url: str | None
) -> Block:
    """A rule, the seller's identity (or just a name) on the left and "Side N af M" on the right; optionally the
    source link.
    """
    pen.rect(MARGIN_X, 0, CONTENT_WIDTH, 0.5)
    page_text = labels.page_of.format(page=page, pages=pages)
    page_width = pen.width(page_text, 7.5)
    identity = (
        seller
        if isinstance(seller, str)
        else " · ".join(
            part
            for part in (seller.name, ", ".join(seller.address_lines), _join_label(labels.vat_no, seller.vat_no))
            if part
        )
    )
    pen.text(MARGIN_X, 12, pen.truncated(identity, CONTENT_WIDTH - page_width - 24, 7), 7, color=MUTED)
    pen.text(RIGHT_EDGE, 12, page_text, 7.5, align="right")
    if source_url:
        pen.text(
            MARGIN_X, 22, pen.truncated(labels.source.format(url=source_url), CONTENT_WIDTH, 6.5), 6.5, color=MUTED
        )
    return pen.block(PAGE_HEIGHT - FOOTER_TOP)


def _join_label(label: str, value: str | None) -> str:
    return f"{label} {value}" if value else ""
