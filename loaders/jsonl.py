"""JSON lines: one page per line, {"id", "url", "title", "published", "text" | "html"}.

The file is streamed, so `max_bytes` bounds each line rather than the file,
and one bad line costs that line only. Lines are UTF-8, as JSON requires.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.model import Document, LoadError

from .dates import normalize_date
from .document import Page, to_document
from .errors import LoadFailure
from .html import parse_html_page
from .read import normalize_text, regular_file
from .text import parse_text_page

_CHUNK = 1 << 16
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

log = logging.getLogger(__name__)


def iter_jsonl(path: str, max_bytes: int) -> Iterator[Document | LoadError]:
    try:
        regular_file(Path(path))
        with open(path, "rb") as handle:
            yield from _iter_lines(handle, path, max_bytes)
    except LoadFailure as failure:
        yield LoadError(source=path, reason=failure.reason)
    except FileNotFoundError:
        yield LoadError(source=path, reason="no such file")
    except OSError as exc:
        yield LoadError(source=path, reason=f"cannot read file: {exc.strerror or exc}")
    except ValueError as exc:  # a NUL byte in the path
        yield LoadError(source=path, reason=f"cannot read file: {exc}")


def _iter_lines(handle: BinaryIO, path: str, max_bytes: int) -> Iterator[Document | LoadError]:
    stem = Path(path).stem
    seen_content = False
    for number, raw in _lines(handle, max_bytes):
        if number == 1 and raw is not None:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw is not None and not raw.strip():
            continue
        seen_content = True
        yield _load_line(raw, source=f"{path}:{number}", default_name=f"{stem}-{number}", max_bytes=max_bytes)
    if not seen_content:
        yield LoadError(source=path, reason="empty file")


def _load_line(raw: bytes | None, *, source: str, default_name: str, max_bytes: int) -> Document | LoadError:
    if raw is None:
        return LoadError(source=source, reason=f"line larger than max_bytes={max_bytes}")
    try:
        page, name = _parse_line(raw, default_name=default_name)
        return to_document(page, name=name, source=source)
    except LoadFailure as failure:
        return LoadError(source=source, reason=failure.reason)
    except Exception as exc:  # a parser bug must not end the run; it is logged in full
        log.exception("unexpected error while loading %s", source)
        return LoadError(source=source, reason=f"unexpected error: {type(exc).__name__}: {exc}")


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; bytes is None for a line over max_bytes, read past in chunks."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield number, line
            continue
        while not line.endswith(b"\n"):  # skip the rest of the oversized line
            line = handle.readline(_CHUNK)
            if not line:
                break
        yield number, None


def _parse_line(raw: bytes, *, default_name: str) -> tuple[Page, str]:
    try:
        text = raw.decode("utf-8").rstrip("\r\n")  # else a line cut short reads as "Invalid control character"
    except UnicodeDecodeError:
        raise LoadFailure("line is not valid UTF-8") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadFailure(f"malformed JSON: {exc.msg}: column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:  # an integer past Python's digit limit, nesting too deep
        raise LoadFailure(f"malformed JSON: {str(exc).split(':')[0]}") from None
    if not isinstance(record, dict):
        raise LoadFailure("JSON line is not an object")
    # "\ud800" is valid JSON but no text (a scraper cut an emoji in two): such halves become U+FFFD.
    record = {k: _LONE_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in record.items()}

    body, html = record.get("text"), record.get("html")
    if isinstance(body, str) and body.strip():
        page = parse_text_page(normalize_text(body))
    elif isinstance(html, str) and html.strip():
        page = parse_html_page(normalize_text(html))
    elif body is not None and not isinstance(body, str):
        raise LoadFailure("'text' is not a string")
    else:
        raise LoadFailure("no text (neither 'text' nor 'html' given)")

    # Fields given explicitly in the record win over what the page says. An id or url is a key:
    # one with a control character ("\u0000") is refused rather than guessed at.
    for key in ("id", "url"):
        if (value := _string(record.get(key))) and _CONTROL.search(value):
            raise LoadFailure(f"control character in '{key}'")
    url = _string(record.get("url"))
    title = _string(record.get("title"))
    published = normalize_date(record.get("published")) if record.get("published") else None
    page.url = url or page.url
    page.title = normalize_text(title) if title else page.title
    page.published = published or page.published
    name = _string(record.get("id")) or default_name
    return page, name


def _string(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
