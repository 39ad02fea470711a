"""The one gettext catalog of every customer-facing text (pages, mail, PDF), per language.

The `.po` files under `locale/` are the source and the only artefact: each is compiled in memory the first time a
process asks for its language, then kept (ADR-0016, ADR-0040). No `.mo` file is built or committed.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from application.localisation.languages import LanguageCode

__all__ = ["CATALOG_DIR", "catalog_path", "translations"]

CATALOG_DIR = Path(__file__).resolve().parent / "locale"


def catalog_path(code: LanguageCode) -> Path:
    """The `.po` file of one language."""
    return CATALOG_DIR / code / "LC_MESSAGES" / "messages.po"


@cache
def translations(code: LanguageCode) -> Translations:
    """The compiled catalog of `code` (read once per process)."""
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
