"""The fixed words a statement of account prints, per locale, from the one catalog.

The document PDFs' `LABELS` give the words both share.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.support import Translations

from application.localisation import LANGUAGES, translations
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


def _statement_labels(catalog: Translations) -> StatementLabels:
    _ = catalog.gettext
    return StatementLabels(
        title=_("Statement of account"),
        as_of=_("As of"),
        balance=_("Balance"),
        overdue_part=_("of which overdue {amount}"),
        columns=(_("Type"), _("Number"), _("Date"), _("Due date"), _("Days overdue"), _("Amount"), _("Open amount")),
        no_items=_("No open items."),
        ageing=_("Ageing of open invoices"),
        buckets=(_("Not due"), _("1–30 days"), _("31–60 days"), _("61–90 days"), _("Over 90 days")),
        open_invoices=_("Open invoices in total"),
        unapplied_credit=str(catalog.pgettext("pdf", "Unapplied credit")),
        closing_balance=_("Balance as of {date}"),
        continued=_("Statement {customer_no} (continued)"),
    )


STATEMENT_LABELS: dict[PdfLocale, StatementLabels] = {code: _statement_labels(translations(code)) for code in LANGUAGES}
