"""Lay a statement of account out on A4 pages, with the document PDFs' pen, fonts, footer and pagination.

Page 1: the dealer's letterhead (brand name, the seller's details), the statement's facts, the customer and the
balance; then the open items table (its header repeated on every page) and, kept with at least one row, the ageing
buckets, the unapplied credit and the balance. Later pages carry a short header.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.localisation import LocaleFormat
from application.ports.pdf_renderer import PdfStatement, PdfStatementItem
from infrastructure.pdf.drawing import ACCENT, BAND, CONTENT_WIDTH, MARGIN_X, MUTED, RIGHT_EDGE, Block, Op, Pen
from infrastructure.pdf.labels import LABELS, Labels
from infrastructure.pdf.letterhead import COLUMN_WIDTH, dealer_column, footer, party_column, seller_lines
from infrastructure.pdf.pagination import TOP, Flow
from infrastructure.pdf.statement_labels import STATEMENT_LABELS, StatementLabels
from infrastructure.pdf.table_columns import HEADER_SIZE, LEADING, PAD, SIZE, Align, Column
from infrastructure.pdf.typeface import Typeface

__all__ = ["compose_statement"]

_SMALL = 8.5
_META_LEFT = 340.0


def _columns() -> tuple[Column, ...]:
    # type, number, issue date, due date, days overdue, total, open amount; the number takes what is left
    fixed: tuple[tuple[float, Align], ...] = (
        (62, "left"), (64, "left"), (68, "left"), (52, "right"), (76, "right"), (76, "right"),
    )  # fmt: skip
    number_width = CONTENT_WIDTH - sum(width for width, _ in fixed)
    specs = [fixed[0], (number_width, "left"), *fixed[1:]]
    columns: list[Column] = []
    x = MARGIN_X
    for width, align in specs:
        columns.append(Column(x=x, width=width, align=align))
        x += width
    return tuple(columns)


_COLUMNS = _columns()


@dataclass(frozen=True, slots=True)
class _Words:
    labels: Labels
    statement: StatementLabels
    fmt: LocaleFormat
    currency: str


def compose_statement(
    statement: PdfStatement,
    regular: Typeface,
    bold: Typeface,
    source_url: str | None = None,
    logo: tuple[float, float] | None = None,
) -> list[list[Op]]:
    """The ops of every page, in page order; `logo` (its width and height in points) heads the first page."""
    pen = Pen(regular, bold)
    words = _Words(
        labels=LABELS[statement.locale],
        statement=STATEMENT_LABELS[statement.locale],
        fmt=LocaleFormat(statement.locale),
        currency=statement.currency,
    )
    head = _letterhead(pen, statement, words, logo)
    party = _party_and_balance(pen, statement, words)
    continued = _continuation_header(pen, statement, words)
    flow = Flow(
        first_top=TOP + head.height + party.height,
        next_top=TOP + continued.height,
        header=_table_header(pen, words),
    )
    for row in _rows(pen, statement, words):
        flow.add_row(row)
    flow.add_totals(_totals(pen, statement, words))

    identity = statement.seller if statement.seller is not None else statement.brand
    return flow.laid_out(
        first=head.at(TOP) + party.at(TOP + head.height),
        continued=continued,
        footer=lambda number, count: footer(
            pen, identity, words.labels, page=number, pages=count, source_url=source_url
        ),
    )


def _letterhead(pen: Pen, statement: PdfStatement, words: _Words, logo: tuple[float, float] | None) -> Block:
    """The brand and the seller's details on the left; the title, customer no., date and currency on the right."""
    labels = words.labels
    seller = statement.seller
    contact = (
        []
        if seller is None
        else [seller.name if seller.name.strip() != statement.brand.strip() else "", *seller_lines(seller, labels)]
    )
    left_height = dealer_column(pen, statement.brand, contact, logo)

    y = 20.0
    pen.text(RIGHT_EDGE, y, words.statement.title, 20, bold=True, color=ACCENT, align="right")
    y += 8
    meta = [
        (labels.customer_no, statement.customer.customer_no),
        (words.statement.as_of, words.fmt.day(statement.as_of)),
        (labels.currency, statement.currency),
    ]
    for label, value in meta:
        y += 13
        pen.text(_META_LEFT, y, label, _SMALL, color=MUTED)
        size = pen.fitted_size(value, RIGHT_EDGE - _META_LEFT - 70, _SMALL + 0.5, bold=True)
        pen.text(RIGHT_EDGE, y, value, size, bold=True, align="right")
    return pen.block(max(left_height, y) + 6)


def _party_and_balance(pen: Pen, statement: PdfStatement, words: _Words) -> Block:
    """The customer on the left and the balance (with what of it is overdue) on the right, under a rule."""
    pen.rect(MARGIN_X, 0, CONTENT_WIDTH, 0.6)
    height = party_column(pen, MARGIN_X, words.labels.customer, statement.customer, words.labels)
    x = RIGHT_EDGE - COLUMN_WIDTH
    pen.text(RIGHT_EDGE, 28, words.statement.balance.upper(), 7.5, bold=True, color=ACCENT, align="right")
    balance = words.fmt.money(statement.balance, words.currency)
    pen.text(RIGHT_EDGE, 48, balance, pen.fitted_size(balance, COLUMN_WIDTH, 15, bold=True), bold=True, align="right")
    ageing = statement.ageing
    overdue = ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus
    y = 48.0
    if overdue:
        y += 14
        text = words.statement.overdue_part.format(amount=words.fmt.money(overdue, words.currency))
        pen.text(RIGHT_EDGE, y, pen.truncated(text, RIGHT_EDGE - x, _SMALL), _SMALL, color=MUTED, align="right")
    return pen.block(max(height, y) + 18)


def _continuation_header(pen: Pen, statement: PdfStatement, words: _Words) -> Block:
    title = words.statement.continued.format(customer_no=statement.customer.customer_no)
    title_width = pen.width(title, 10, bold=True)
    brand = pen.truncated(statement.brand, CONTENT_WIDTH - title_width - 24, 11, bold=True)
    pen.text(MARGIN_X, 14, brand, 11, bold=True, color=ACCENT)
    pen.text(RIGHT_EDGE, 14, pen.truncated(title, CONTENT_WIDTH, 10, bold=True), 10, bold=True, align="right")
    pen.rect(MARGIN_X, 22, CONTENT_WIDTH, 0.6)
    return pen.block(36)


def _table_header(pen: Pen, words: _Words) -> Block:
    pen.rect(MARGIN_X, 0, CONTENT_WIDTH, 18, color=BAND)
    for column, title in zip(_COLUMNS, words.statement.columns, strict=True):
        size = pen.fitted_size(title, column.inner, HEADER_SIZE, bold=True)
        pen.text(column.anchor, 12, title, size, bold=True, color=ACCENT, align=column.align)
    return pen.block(18)


def _cells(item: PdfStatementItem, words: _Words) -> tuple[str, ...]:
    fmt = words.fmt
    credit = item.type == "credit_note"
    return (
        words.labels.titles[item.type],
        item.number,
        fmt.day(item.issue_date),
        fmt.day(item.due_date) if item.due_date else "",
        fmt.number(item.days_overdue) if item.days_overdue else "",
        fmt.amount(-item.total if credit else item.total, words.currency),  # a credit note's amount is a credit
        fmt.amount(item.outstanding, words.currency),
    )


def _rows(pen: Pen, statement: PdfStatement, words: _Words) -> list[Block]:
    """One block per open item (a very long number wraps), each ending in a thin rule; a line when there are none."""
    if not statement.items:
        pen.text(MARGIN_X + PAD, PAD + 8, words.statement.no_items, SIZE, color=MUTED)
        pen.rect(MARGIN_X, 2 * PAD + LEADING - 0.4, CONTENT_WIDTH, 0.4)
        return [pen.block(2 * PAD + LEADING)]
    blocks: list[Block] = []
    number_column = _COLUMNS[1]
    for item in statement.items:
        cells = _cells(item, words)
        number_lines = pen.wrap(item.number, number_column.inner, SIZE)[:3]
        for index, (column, text) in enumerate(zip(_COLUMNS, cells, strict=True)):
            if index == 1:
                for offset, part in enumerate(number_lines):
                    pen.text(column.anchor, PAD + 8 + offset * LEADING, part, SIZE, align=column.align)
                continue
            size = pen.fitted_size(text, column.inner, SIZE)
            pen.text(column.anchor, PAD + 8, text, size, bold=index == len(_COLUMNS) - 1, align=column.align)
        height = 2 * PAD + max(1, len(number_lines)) * LEADING
        pen.rect(MARGIN_X, height - 0.4, CONTENT_WIDTH, 0.4)
        blocks.append(pen.block(height))
    return blocks


def _totals(pen: Pen, statement: PdfStatement, words: _Words) -> Block:
    """The ageing buckets side by side, then the open invoices, the unapplied credit and the balance."""
    fmt = words.fmt
    ageing = statement.ageing
    y = 18.0
    pen.text(MARGIN_X, y, words.statement.ageing, SIZE, bold=True, color=ACCENT)
    y += 6
    width = CONTENT_WIDTH / 5
    pen.rect(MARGIN_X, y, CONTENT_WIDTH, 16, color=BAND)
    buckets = (ageing.not_due, ageing.d1_30, ageing.d31_60, ageing.d61_90, ageing.d90_plus)
    for index, (title, bucket) in enumerate(zip(words.statement.buckets, buckets, strict=True)):
        right = MARGIN_X + (index + 1) * width - PAD
        title_size = pen.fitted_size(title, width - 2 * PAD, HEADER_SIZE, bold=True)
        pen.text(right, y + 11, title, title_size, bold=True, color=ACCENT, align="right")
        amount = fmt.amount(bucket, words.currency)
        pen.text(right, y + 30, amount, pen.fitted_size(amount, width - 2 * PAD, 9), align="right")
    y += 38
    pen.rect(MARGIN_X, y, CONTENT_WIDTH, 0.4)
    left = RIGHT_EDGE - 270
    rows = (
        (words.statement.open_invoices, fmt.money(sum(buckets), words.currency)),
        (words.statement.unapplied_credit, fmt.money(-statement.unapplied_credit, words.currency)),
    )
    y += 4
    for label, value in rows:
        y += 14
        _label_and_value(pen, left + 8, y, label=label, value=value, size=9, bold=False)
    y += 8
    pen.rect(left, y, RIGHT_EDGE - left, 24, color=BAND)
    closing = words.statement.closing_balance.format(date=fmt.day(statement.as_of))
    _label_and_value(
        pen, left + 8, y + 16, label=closing, value=fmt.money(statement.balance, words.currency), size=10.5, bold=True
    )
    return pen.block(y + 24)


def _label_and_value(pen: Pen, x: float, y: float, *, label: str, value: str, size: float, bold: bool) -> None:
    label_size = pen.fitted_size(label, (RIGHT_EDGE - x) * 0.6, size, bold=bold)
    pen.text(x, y, label, label_size, bold=bold, color=ACCENT if bold else MUTED)
    room = RIGHT_EDGE - PAD - x - pen.width(label, label_size, bold=bold) - 12
    pen.text(RIGHT_EDGE - PAD, y, value, pen.fitted_size(value, room, size, bold=bold), bold=bold, align="right")
