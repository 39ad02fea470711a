"""The one catalog (PRODUCT §4, ADR-0040): in step with every customer-facing source, complete in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from application.localisation import CATALOG_DIR, LANGUAGES, LanguageCode, catalog_path, translations

pytestmark = pytest.mark.adapter

ROOT = Path(__file__).resolve().parents[3]
# The sources of customer-facing text: the pages, the mail, the PDFs (as application/localisation/babel.cfg says).
SOURCES = ("interfaces/http/pages", "application/mail", "infrastructure/pdf")
_PERCENT = re.compile(r"%\((\w+)\)s")
_BRACES = re.compile(r"\{(\w+)\}")
Key = tuple[str | None, str | tuple[str, ...]]


def _extracted() -> set[Key]:
    found: set[Key] = set()
    for source in SOURCES:
        for _, _, message, _, context in extract_from_dir(
            str(ROOT / source),
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
            options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        ):
            found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


def _read(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=code)


def _messages(catalog: Catalog) -> dict[Key, Any]:
    return {(m.context, m.id): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted() -> set[Key]:
    return _extracted()


@pytest.mark.parametrize("path", [CATALOG_DIR / "messages.pot", *(catalog_path(code) for code in LANGUAGES)])
def test_the_catalogs_hold_exactly_the_messages_the_sources_use(path: Path, extracted: set[Key]) -> None:
    catalog = _read(path)
    held = _messages(catalog).keys()
    assert sorted(map(str, extracted - held)) == [], "run pybabel extract/update (see application/localisation)"
    assert sorted(map(str, held - extracted)) == [], "stale messages: run pybabel update"
    assert not catalog.obsolete, "obsolete (#~) entries: run pybabel update with --ignore-obsolete"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_has_a_translation_with_the_same_placeholders(code: LanguageCode) -> None:
    for key, message in _messages(_read(catalog_path(code), code)).items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert strings and all(s.strip() for s in strings), f"untranslated in {code}: {key!r}"
        assert "fuzzy" not in message.flags, f"fuzzy in {code}: {key!r}"
        for string in strings:
            for placeholder in (_PERCENT, _BRACES):
                assert set(placeholder.findall(string)) == set(placeholder.findall(ids[0])), (code, key)


def test_english_says_what_the_sources_say() -> None:
    """Source strings are English: the English catalog repeats them, so both languages are explicit."""
    for key, message in _messages(_read(catalog_path("en"), "en")).items():
        assert message.string == message.id, key


def test_the_compiled_catalogs_translate_every_surface() -> None:
    da, en = translations("da"), translations("en")
    assert da.gettext("Sign in") == "Log ind"  # a page and the sign-in mail
    assert da.ngettext("{count} minute", "{count} minutes", 10) == "{count} minutter"  # the sign-in mail
    assert da.gettext("Total incl. VAT") == "I alt inkl. moms"  # a page and the PDF
    assert da.pgettext("pdf", "Unit price") == "Pris"  # the PDF's narrow column
    assert da.gettext("Unit price") == "Stykpris"  # the page's
    assert en.gettext("Sign in") == "Sign in"
    assert translations("da") is da  # read once per process
