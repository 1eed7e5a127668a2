"""Input adapters: text pages, HTML, JSON lines and folders -> kg.model.Document.

    for item in iter_documents(["pages/", "extra.jsonl"]):
        if isinstance(item, LoadError): report(item)
        else: extract(item)

Bad input never raises: each unreadable file or line becomes a LoadError
record and the run goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Document, LoadError

from .document import to_document
from .errors import LoadFailure
from .html import parse_html_page
from .jsonl import iter_jsonl
from .read import read_text
from .text import looks_like_html, parse_text_page
from .walk import Kind, iter_inputs

__all__ = ["DEFAULT_MAX_BYTES", "count_documents", "iter_documents"]

DEFAULT_MAX_BYTES = 20_000_000

log = logging.getLogger(__name__)

_LINKS = {Kind.LINK_OUT: "symlink to {}, outside the folder", Kind.LINKED_FOLDER: "symlink to the folder {}"}


def iter_documents(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | LoadError]:
    """Documents of the given files and folders, with a LoadError for each input that fails.

    Handles .txt (and extension-less text files), .html/.htm and .jsonl; a file
    of another extension named explicitly is a LoadError, and is not read; see
    `loaders.walk` for how folders are walked. `max_bytes` bounds one page: a
    file, or one line of a JSONL file.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if isinstance(paths, (str, os.PathLike)):  # one path, not its characters
        paths = [paths]
    for path, kind in iter_inputs(paths):
        if kind is Kind.JSONL:
            yield from iter_jsonl(path, max_bytes)
            continue
        if kind is Kind.UNLISTABLE:
            yield LoadError(source=path, reason=f"cannot read folder: {_listing_error(path)}")
            continue
        if kind in _LINKS:
            yield LoadError(source=path, reason=_LINKS[kind].format(os.path.realpath(path))
                            + ": not followed (name it on the command line to read it)")
            continue
        if kind is Kind.OTHER and os.path.lexists(path):  # a missing one is reported as missing, below
            yield LoadError(source=path, reason=f"not a news page ({Path(path).suffix}); kg reads "
                            ".txt, .html, .htm and .jsonl (rename a page saved under another extension)")
            continue
        item = _load_page(path, kind, max_bytes)
        if item is not None:
            yield item


def count_documents(paths: Iterable[str | os.PathLike[str]]) -> int:
    """About how many items iter_documents yields: one per page file, one per line of a JSONL
    file. Cheap (newlines are counted in binary blocks, nothing is parsed): for progress bars."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    total = 0
    for path, kind in iter_inputs(paths):
        total += _count_lines(path) if kind is Kind.JSONL else 1
    return total


def _listing_error(folder: str) -> str:
    try:
        os.scandir(folder).close()
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it changed while it was read"


def _count_lines(path: str) -> int:
    if not os.path.isfile(path):  # missing, or a FIFO that would block: reading reports it
        return 1
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    return max(1, lines + (last != b"\n"))


def _load_page(path: str, kind: Kind, max_bytes: int) -> Document | LoadError | None:
    try:
        text = read_text(Path(path), max_bytes)
        is_html = kind is Kind.HTML or looks_like_html(text)
        page = parse_html_page(text) if is_html else parse_text_page(text)
        return to_document(page, name=Path(path).stem, source=path)
    except LoadFailure as failure:
        if kind is Kind.MAYBE_TEXT and failure.reason == "binary file":
            return None  # an extension-less binary in a folder is not a page
        return LoadError(source=path, reason=failure.reason)
    except Exception as exc:  # a parser bug must not end the run; it is logged in full
        log.exception("unexpected error while loading %s", path)
        return LoadError(source=path, reason=f"unexpected error: {type(exc).__name__}: {exc}")
