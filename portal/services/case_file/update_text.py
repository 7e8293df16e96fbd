"""A caseworker's words, from what they typed to what is stored and sent.

They type paragraphs separated by blank lines, lines starting "- " for a list, and may use the
small HTML allow-list (paragraphs, lists, bold, https links). What is stored is sanitised to
that allow-list (security.sanitise_html); it is sanitised again when rendered. The plain-text
version (email text part, the checker) is made from the sanitised HTML, so it never carries
anything the HTML did not.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from portal.security import sanitise_html

_BLOCK_TAG = re.compile(r"<\s*(?:p|ul|ol|li|br)\b", re.IGNORECASE)
_LIST_LINE = re.compile(r"^\s*[-*•]\s+")


def to_html(typed: str) -> str:
    """The sanitised HTML for what the caseworker typed."""
    text = (typed or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if _BLOCK_TAG.search(text):
        return sanitise_html(text)
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if lines and all(_LIST_LINE.match(line) for line in lines):
            items = "".join(f"<li>{_LIST_LINE.sub('', line)}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
    return sanitise_html("".join(blocks))


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in ("p", "ul", "ol"):
            self.parts.append("\n\n")
        elif tag == "a":
            label = "".join(self.link_text).strip()
            if self.href and self.href != label:
                self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        self.parts.append(data)
        if self.href is not None:
            self.link_text.append(data)


def to_text(sanitised_html: str) -> str:
    """Plain text of sanitised HTML: paragraphs kept, list items as "- ", links with their
    address in brackets."""
    maker = _TextMaker()
    maker.feed(sanitised_html or "")
    maker.close()
    text = "".join(maker.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()

