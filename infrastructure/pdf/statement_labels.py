"""The fixed words a statement of account prints, per locale (the document PDFs' `LABELS` give the shared ones)."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.pdf_renderer import PdfLocale

__all__ = ["STATEMENT_LABELS", "StatementLabels"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementLabels:
    title: str
    as_of: str
    balance: str
    overdue_part: str  # {amount}
    columns: tuple[str, str, str, str, str, str, str]  # type, number, date, due date, days overdue, total, open
    no_items: str
    ageing: str
    buckets: tuple[str, str, str, str, str]  # not due, 1–30, 31–60, 61–90, 90+
    open_invoices: str
    unapplied_credit: str
    closing_balance: str  # {date}
    continued: str  # {customer_no}


STATEMENT_LABELS: dict[PdfLocale, StatementLabels] = {
    "da": StatementLabels(
        title="Kontoudtog",
        as_of="Opgjort pr.",
        balance="Saldo",
        overdue_part="heraf forfaldent {amount}",
        columns=("Type", "Nummer", "Dato", "Forfaldsdato", "Dage over", "Beløb", "Åbent beløb"),
        no_items="Ingen åbne poster.",
        ageing="Aldersfordeling af åbne fakturaer",
        buckets=("Ikke forfaldent", "1–30 dage", "31–60 dage", "61–90 dage", "Over 90 dage"),
        open_invoices="Åbne fakturaer i alt",
        unapplied_credit="Ubrugt kredit",
        closing_balance="Saldo pr. {date}",
        continued="Kontoudtog {customer_no} (fortsat)",
    ),
    "en": StatementLabels(
        title="Statement of account",
        as_of="As of",
        balance="Balance",
        overdue_part="of which overdue {amount}",
        columns=("Type", "Number", "Date", "Due date", "Days overdue", "Amount", "Open amount"),
        no_items="No open items.",
        ageing="Ageing of open invoices",
        buckets=("Not due", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"),
        open_invoices="Open invoices in total",
        unapplied_credit="Unapplied credit",
        closing_balance="Balance as of {date}",
        continued="Statement {customer_no} (continued)",
    ),
}
