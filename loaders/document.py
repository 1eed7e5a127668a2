"""Parsed page fields -> kg.model.Document, with its stable id."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kg.model import Document

from .errors import LoadFailure


@dataclass
class Page:
    """What a parser found on one page, before it becomes a Document."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


def to_document(page: Page, *, name: str, source: str) -> Document:
    if not page.text.strip():
        raise LoadFailure("no body text after cleaning")
    url = page.url.strip() if page.url and page.url.strip() else None
    return Document(
        id=article_id(url, page.text),
        name=unicodedata.normalize("NFC", name),  # file names may come NFD (macOS); the text is NFC
        source=source,
        url=url,
        title=page.title or None,
        published=page.published,
        text=page.text,
        sha256=_sha256(page.text),
    )


def article_id(url: str | None, text: str) -> str:
    """'article:' + 16 hex of the url's hash, so a re-crawl with edited text keeps its id."""
    key = normalize_url(url) if url else text
    return "article:" + _sha256(key)[:16]


def normalize_url(url: str) -> str:
    """Strip, lower-case scheme and host, drop the fragment; path and query stay as given."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[::1": no host to normalize, the url is still the page's id
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
