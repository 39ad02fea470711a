"""The pages' message catalogs (PRODUCT §4): in step with the sources, and every message translated to Danish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from interfaces.http.pages.i18n import LOCALE_DIR, translations
from interfaces.http.pages.sign_in_navigation import safe_next

pytestmark = pytest.mark.adapter
PAGES = LOCALE_DIR.parent
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _extracted() -> set[str | tuple[str, ...]]:
    found = extract_from_dir(
        str(PAGES),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else tuple(message) for *_, message, _, _ in found}


def _catalog(code: str) -> dict[str | tuple[str, ...], Any]:
    with (Path(LOCALE_DIR) / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    return {m.id: m for m in catalog if m.id}


@pytest.mark.parametrize("code", ["da", "en"])
def test_the_catalog_holds_exactly_the_messages_the_sources_use(code: str) -> None:
    extracted = _extracted()
    catalog = _catalog(code)
    assert sorted(map(str, extracted - catalog.keys())) == [], "run pybabel extract/update (see babel.cfg)"
    assert sorted(map(str, catalog.keys() - extracted)) == [], "stale messages: run pybabel update"


def test_every_message_has_a_danish_translation_with_the_same_placeholders() -> None:
    for msgid, message in _catalog("da").items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        assert all(strings), f"untranslated: {msgid!r}"
        assert "fuzzy" not in message.flags, f"fuzzy: {msgid!r}"
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) == set(_PLACEHOLDER.findall(ids[0])), msgid


def test_the_compiled_catalogs_translate() -> None:
    assert translations("da").gettext("Sign in") == "Log ind"
    assert (
        translations("da")
        .ngettext("The link and the code work for %(count)s minute.", "x", 10)
        .startswith("Linket og koden virker i %(count)s minutter")
    )
    assert translations("en").gettext("Sign in") == "Sign in"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/documents?type=invoice", "/documents?type=invoice"),
        ("/documents/1", "/documents/1"),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("https://evil.example", None),
        ("documents", None),
        ("/a\r\nSet-Cookie: x=1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_paths_on_this_site_are_followed_after_sign_in(value: str | None, expected: str | None) -> None:
    assert safe_next(value) == expected
