"""Localisation for every customer-facing surface (pages, mail, PDF): one catalog, one formatter (ADR-0040)."""

from __future__ import annotations

from application.localisation.catalogs import CATALOG_DIR, catalog_path, translations
from application.localisation.formats import LocaleFormat
from application.localisation.languages import (
    BABEL_LOCALES,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    LanguageCode,
    language_code,
)

__all__ = [
    "BABEL_LOCALES",
    "CATALOG_DIR",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LanguageCode",
    "LocaleFormat",
    "catalog_path",
    "language_code",
    "translations",
]
