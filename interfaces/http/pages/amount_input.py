"""The payment page's amount field as it shows an amount (PRODUCT §6.1); what people type back is read by the
domain's one rule for typed amounts, `domain.documents.money.parse_major`.
"""

from __future__ import annotations

from application.localisation import LocaleFormat
from interfaces.http.pages.i18n import Language


def amount_text(minor: int, currency: str, lang: Language) -> str:
    """Minor units as the amount field shows them, without the currency: `2.806,88` (da), `2,806.88` (en)."""
    return LocaleFormat(lang.code).amount(minor, currency)
