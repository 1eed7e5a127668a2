"""Input paths -> the files to load, each with the kind of page it holds."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path


class Kind(Enum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    MAYBE_TEXT = "maybe-text"  # no extension, found in a folder: skipped if binary
    OTHER = "other"  # named on the command line with an extension kg does not read: reported, not read
    UNLISTABLE = "unlistable"  # a folder that could not be listed: reported, not passed over
    LINK_OUT = "link-out"  # a symlink to a file outside the folder walked: reported, not read
    LINKED_FOLDER = "linked-folder"  # a symlink to a folder: reported, not walked (no loops)


EXTENSIONS = {".txt": Kind.TEXT, ".html": Kind.HTML, ".htm": Kind.HTML, ".jsonl": Kind.JSONL}


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, Kind]]:
    """Files named or found under folders, in a stable order.

    Folders are walked recursively in sorted order, skipping hidden files and
    folders and files of other extensions. A file named explicitly with no
    extension is read as text; one with an extension kg does not read (.pdf,
    .docx, .png) comes as OTHER, to be reported rather than stored as a page of
    garbled text. A path that does not exist is passed on as its kind so that
    reading it reports the error; a folder that cannot be listed comes as
    UNLISTABLE. A symlink found in a folder is followed only to a file inside
    that folder: one to a file elsewhere comes as LINK_OUT and one to a folder
    as LINKED_FOLDER, so walking a folder never reads what lies outside it (name such a target on the command line to read it).
    """
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            yield from _walk(path)
        else:
            suffix = Path(path).suffix.lower()
            yield path, EXTENSIONS.get(suffix) or (Kind.OTHER if suffix else Kind.TEXT)


def _walk(root: str) -> Iterator[tuple[str, Kind]]:
    found: list[tuple[tuple[str, ...], str, Kind]] = []
    inside = os.path.realpath(root)

    def unlistable(error: OSError) -> None:  # os.walk would pass over the folder without a word
        folder = error.filename or root
        found.append((Path(os.path.relpath(folder, root)).parts, folder, Kind.UNLISTABLE))

    for folder, subfolders, files in os.walk(root, onerror=unlistable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in subfolders:
            if os.path.islink(full := os.path.join(folder, name)):
                found.append((Path(os.path.relpath(full, root)).parts, full, Kind.LINKED_FOLDER))
        for name in files:
            if name.startswith("."):
                continue
            suffix = Path(name).suffix.lower()
            kind = EXTENSIONS.get(suffix) or (Kind.MAYBE_TEXT if not suffix else None)
            if kind is None:
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and os.path.exists(full) and \
                    os.path.commonpath([inside, os.path.realpath(full)]) != inside:  # dangling: "no such file"
                kind = Kind.LINK_OUT
            found.append((Path(os.path.relpath(full, root)).parts, full, kind))
    for _, full, kind in sorted(found, key=lambda item: item[0]):
        yield full, kind
