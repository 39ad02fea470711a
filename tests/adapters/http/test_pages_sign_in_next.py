"""Where the pages send a person after signing in (the catalogs' tests are in tests/adapters/localisation)."""

from __future__ import annotations

import pytest

from interfaces.http.pages.sign_in_navigation import safe_next

pytestmark = pytest.mark.adapter


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
