"""Reads an HTML mail part the way a careful reviewer would: every URL-bearing attribute, every tag."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MARKUP_SPACE = re.compile(r"[ \t\r\n]+")
_URL_ATTRIBUTES = {"href", "src", "action", "background", "poster", "srcset", "cite", "formaction", "xmlns"}


class HtmlProbe(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.url_attributes: list[tuple[str, str, str]] = []
        self.attributes: dict[str, list[str]] = {}
        self.text_parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.setdefault(name, []).append(value or "")
            if name in _URL_ATTRIBUTES:
                self.url_attributes.append((tag, name, value or ""))
            if tag == "a" and name == "href":
                self.links.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        # Collapse markup whitespace only: a no-break space inside "1.234,50 kr." is content.
        return _MARKUP_SPACE.sub(" ", " ".join(self.text_parts)).strip()
