"""The languages every customer-facing text speaks (PRODUCT §4), and the Babel locale each one formats with."""

from __future__ import annotations

from typing import Literal

__all__ = ["BABEL_LOCALES", "DEFAULT_LANGUAGE", "LANGUAGES", "LanguageCode", "language_code"]

LanguageCode = Literal["da", "en"]

LANGUAGES: tuple[LanguageCode, ...] = ("da", "en")
DEFAULT_LANGUAGE: LanguageCode = "da"
# Danish as written in Denmark; English as written in Europe (day month year, 24-hour clock).
BABEL_LOCALES: dict[LanguageCode, str] = {"da": "da_DK", "en": "en_GB"}


def language_code(code: str) -> LanguageCode:
    """`code` if it is one of ours; ValueError otherwise."""
    for known in LANGUAGES:
        if code == known:
            return known
    raise ValueError(f"locale: must be da or en, got {code!r}")
