"""A plain-text news page -> Page (title, publication date, body)."""

from __future__ import annotations

from .clean import clean_body, title_of
from .dates import find_published
from .document import Page

PARAGRAPH_SEPARATOR = "\n\n"
_HTML_SNIFF_CHARS = 5000


def parse_text_page(text: str) -> Page:
    """`text` is already normalized (NFC, '\\n' line endings)."""
    paragraphs = clean_body(text)
    return Page(
        text=PARAGRAPH_SEPARATOR.join(paragraphs),
        title=title_of(paragraphs),
        published=find_published(text.split("\n")),
    )


def looks_like_html(text: str) -> bool:
    """A .txt or extension-less file that is really a saved HTML page."""
    head = text.lstrip()[:_HTML_SNIFF_CHARS].lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<body" in head)
