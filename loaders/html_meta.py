"""Metadata of an HTML page: url, title, publication date, from <head> and markup."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .dates import normalize_date

# Publication date sources, best first (after article:published_time come
# JSON-LD datePublished and itemprop=datePublished).
PUBLISHED_META = ["article:published_time"]
PUBLISHED_META_FALLBACK = ["pubdate", "publishdate", "publish-date", "date", "dc.date.issued", "dc.date"]
# A modification date: used only when nothing else gives a date.
UPDATED_META = ["og:updated_time"]
_ITEMPROP_DATE = '[itemprop="datePublished"]'
# Those of them whose text is read: no content or datetime attribute, or an empty one.
_ITEMPROP_DATE_READ_AS_TEXT = (
    f'{_ITEMPROP_DATE}:not([content]:not([content=""])):not([datetime]:not([datetime=""]))'
)

# A <title> suffix naming the site starts like one of these ("... - Báo Quảng Nam").
SITE_NAME_OPENERS = ("báo ", "tạp chí ", "cổng thông tin", "trang tin", "đài ", "truyền hình ")
SITE_DOMAIN_ENDINGS = (".vn", ".com", ".net", ".org")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
_GENERIC_HOST_LABELS = frozenset({"www", "m", "amp", "mobile", "com", "net", "org", "gov", "edu", "vn"})
_MIN_SITE_NAME_CHARS = 3
# Elements whose content is never page text (here, because html.py imports this module).
NON_CONTENT_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed")


@dataclass
class HtmlMeta:
    url: str | None
    title: str | None
    h1: str | None
    published: str | None
    updated: str | None


def read_meta(tree: LexborHTMLParser) -> HtmlMeta:
    """Read before anything is removed from the tree (JSON-LD sits in <script>)."""
    meta = _meta_values(tree)
    url = _url(tree, meta)
    h1 = first_text(tree, "h1")
    published = (
        _first_date(meta.get(key) for key in PUBLISHED_META)
        or _json_ld_date(tree)
        or _itemprop_date(tree)
        or _first_date(meta.get(key) for key in PUBLISHED_META_FALLBACK)
    )
    return HtmlMeta(
        url=url,
        title=_title(tree, meta, h1, url),
        h1=h1,
        published=published,
        updated=_first_date(meta.get(key) for key in UPDATED_META),
    )


def first_text(tree: LexborHTMLParser, selector: str) -> str | None:
    """Text of the first match, without that of scripts and styles inside it (read before they are stripped)."""
    node = tree.css_first(selector)
    if node is None:
        return None
    parts: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag == "-text":
            parts.append(current.text_content or "")
        elif current.tag not in NON_CONTENT_TAGS:
            stack.extend(reversed(list(current.iter(include_text=True))))
    return " ".join(" ".join(parts).split()) or None


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if key and content:
            values.setdefault(key, content)
    return values


def _first_date(values: Iterable[str | None]) -> str | None:
    return next((found for found in map(normalize_date, values) if found), None)


def _json_ld_date(tree: LexborHTMLParser) -> str | None:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except ValueError:
            continue
        found = _first_date(str(value) for value in _json_values(data, "datePublished"))
        if found:
            return found
    return None


def _json_values(data: object, key: str) -> Iterator[object]:
    """Values of `key` anywhere in a JSON-LD document (top level, @graph, nested)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                yield item[key]
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _itemprop_date(tree: LexborHTMLParser) -> str | None:
    # The text of one inside another whose text is read is part of that text: not read again, or
    # nested ones would read the page's text once per level.
    inside = {node.mem_id for node in tree.css(f"{_ITEMPROP_DATE_READ_AS_TEXT} {_ITEMPROP_DATE}")}
    return _first_date(
        node.attributes.get("content") or node.attributes.get("datetime")
        or (None if node.mem_id in inside else node.text(strip=True))
        for node in tree.css(_ITEMPROP_DATE)
    )


def _url(tree: LexborHTMLParser, meta: dict[str, str]) -> str | None:
    canonical = next(
        (
            (node.attributes.get("href") or "").strip()
            for node in tree.css("link[rel]")
            if "canonical" in (node.attributes.get("rel") or "").lower().split()
        ),
        "",
    )
    og_url = meta.get("og:url", "")
    for candidate in (canonical, og_url):  # absolute first: a relative url is a poor id
        if candidate.startswith(("http://", "https://")):
            return candidate
    return canonical or og_url or None


def _title(tree: LexborHTMLParser, meta: dict[str, str], h1: str | None, url: str | None) -> str | None:
    site_names = {name.lower() for name in (meta.get("og:site_name"), meta.get("application-name")) if name}
    if url:
        try:
            host = urlsplit(url).netloc.lower()
        except ValueError:  # "http://[::1": no host to take a site name from
            host = ""
        site_names.add(host.removeprefix("www."))
        site_names.update(label for label in host.split(".") if label not in _GENERIC_HOST_LABELS)
    for candidate in (meta.get("og:title"), h1, first_text(tree, "title")):
        if candidate:
            return strip_site_suffix(" ".join(candidate.split()), site_names)
    return None


def strip_site_suffix(title: str, site_names: set[str]) -> str:
    """'Hợp tác Việt - Lào - Báo Quảng Nam' -> 'Hợp tác Việt - Lào'; inner dashes stay."""
    for separator in TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and _is_site_name(tail, site_names):
            return head.strip()
    return title


def _is_site_name(text: str, site_names: set[str]) -> bool:
    lowered = text.strip().lower()
    folded = _fold(lowered)
    known = {_fold(name) for name in site_names if len(name) >= _MIN_SITE_NAME_CHARS}
    return (
        lowered.endswith(SITE_DOMAIN_ENDINGS)
        or lowered.startswith(SITE_NAME_OPENERS)
        or any(name in folded for name in known)
    )


def _fold(text: str) -> str:
    """'Báo Quảng Nam' -> 'baoquangnam', to compare with a host name."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
