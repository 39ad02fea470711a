"""The embedded mailbox shows each mail's URLs as links, everything else escaped (PRODUCT §9, issue 18)."""

from __future__ import annotations

import pytest

from interfaces.http.pages.templating import linked

pytestmark = pytest.mark.adapter


def test_urls_become_links_and_the_rest_stays_text() -> None:
    text = "Kode:\n\n123456\n\nhttp://127.0.0.1:8000/login/link/ab_-9.\n<b>x</b> https://a.dk/p?y=1&z=2"
    html = str(linked(text))
    assert '<a href="http://127.0.0.1:8000/login/link/ab_-9">http://127.0.0.1:8000/login/link/ab_-9</a>.' in html
    assert '<a href="https://a.dk/p?y=1&amp;z=2">' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "123456" in html


def test_a_quote_cannot_break_out_of_the_link() -> None:
    html = str(linked('see https://a.dk/"onmouseover="x'))
    assert '"onmouseover' not in html
