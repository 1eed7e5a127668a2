"""Bytes on disk -> normalized Unicode text.

Order of attempts: a BOM (UTF-8/16/32) is trusted; then strict UTF-8, which
is what nearly all current pages use; then charset-normalizer's guesses plus
Windows-1258, ranked by how plausible the result is as Vietnamese. The last
step matters because charset-normalizer alone misreads short Windows-1258
pages as Baltic or Central European code pages.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from functools import cache
from pathlib import Path

import charset_normalizer

from .errors import LoadFailure

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of C0 control bytes (other than whitespace) above which a file is binary.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}

# Legacy Vietnamese code page that charset-normalizer under-ranks on short pages.
_VIETNAMESE_LEGACY = "cp1258"

_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize(
        "NFC",
        "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
    )
)
_VIETNAMESE_LETTERS |= {letter.upper() for letter in _VIETNAMESE_LETTERS}
_VIETNAMESE_HORNED = frozenset("ơưƠƯ")
_HARMLESS_LATIN1 = frozenset("°±×÷©®«»·§€£¥¼½¾²³µ¿¡")
_WORD = re.compile(r"\w+")

# Spaces that only change layout become plain spaces (invisible marks go with the format characters).
_SPACE_LIKE = dict.fromkeys(
    [0x00A0, 0x2007, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)], " "
)
_LINE_BREAKS = {0x2028: "\n", 0x2029: "\n", 0x0085: "\n", 0x000B: "\n", 0x000C: "\n"}
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F], None)
# "Ð" (U+00D0, eth) and "ð" typed for the Vietnamese "Đ" and "đ": read as those, one
# character for one, so offsets stay where they were (ANNOTATION.md).
_LOOKALIKES = {0x00D0: "\u0110", 0x00F0: "\u0111"}
_TRANSLATION = {**_SPACE_LIKE, **_LINE_BREAKS, **_CONTROLS, **_LOOKALIKES}
# Format characters (Unicode category Cf) are invisible: inside "Bùi Thanh Sơn" a bidi mark or a
# joiner hides the name from every rule. They go, but for the marks that stand before digits in
# Arabic and Syriac numbers, and the joiners between letters of scripts that shape with them.
_KEPT_FORMAT = frozenset([*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD])
_JOINERS = re.compile("[\u200c\u200d]")
_JOINING_SCRIPTS = ("ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
                    "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "KHMER", "MYANMAR")


def read_text(path: Path, max_bytes: int) -> str:
    """Read, decode and normalize one file; raise LoadFailure with a short reason."""
    text = normalize_text(decode_bytes(read_bytes(path, max_bytes)))
    if not text.strip():
        raise LoadFailure("empty file")
    return text


def regular_file(path: Path) -> os.stat_result:
    """The file's status; LoadFailure for a folder, or a FIFO or device (open() could block forever)."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        raise LoadFailure("is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise LoadFailure("not a regular file")
    return status


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = regular_file(path).st_size
        if size > max_bytes:
            raise LoadFailure(f"file too large ({size} bytes > max_bytes={max_bytes})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise LoadFailure("no such file") from None
    except OSError as exc:
        raise LoadFailure(f"cannot read file: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL byte in the path
        raise LoadFailure(f"cannot read file: {exc}") from None
    if len(data) > max_bytes:  # grew between stat and read
        raise LoadFailure(f"file too large (> max_bytes={max_bytes})")
    if not data.strip():
        raise LoadFailure("empty file")
    return data


def decode_bytes(data: bytes) -> str:
    """Decode page bytes, or raise LoadFailure ('binary file' / 'undecodable text')."""
    boms = [encoding for bom, encoding in _BOMS if data.startswith(bom)]
    for encoding in boms:  # FF FE 00 00 is UTF-32, or UTF-16 text starting with U+0000
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if boms:
        raise LoadFailure(f"undecodable text (invalid {boms[-1]} after its BOM)")
    if looks_binary(data):
        raise LoadFailure("binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy(data)
    if stray := _stray_marks(text):
        # Valid UTF-8 by accident: Windows-1258 writes a tone as a combining byte (0xCC "̀"), and
        # one followed by 0x80-0xBF ("…" is 0x85) is a UTF-8 pair for another mark ("ỳ…" -> "y̅").
        legacy = _decode_legacy(data)
        if _stray_marks(legacy) < stray:
            return legacy
    return text


def _stray_marks(text: str) -> int:
    """Combining marks left over after NFC: none in well-formed Vietnamese text."""
    return sum(1 for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) == "Mn")


def looks_binary(data: bytes) -> bool:
    # A PDF made without compressed streams has few control bytes, and read as text becomes an
    # article of PDF syntax; its header says what it is.
    if b"\x00" in data or data.lstrip()[:5] == b"%PDF-":
        return True
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > _MAX_CONTROL_SHARE * len(sample)


def normalize_text(text: str) -> str:
    """NFC, '\\n' line endings, layout spaces as plain spaces, no control or format characters
    (bidi marks, joiners between Latin letters), 'Ð' as 'Đ'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_translation())
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub(lambda m: m.group(0) if _joined(text, m.start()) else "", text)
    return unicodedata.normalize("NFC", text)


@cache
def _translation() -> dict[int, str | None]:
    """_TRANSLATION and every format character but the ones kept, read from the Unicode database
    of this Python (about 0.1 s, once)."""
    dropped = (c for c in range(sys.maxunicode + 1)
               if unicodedata.category(chr(c)) == "Cf" and c not in _KEPT_FORMAT and chr(c) not in "\u200c\u200d")
    return {**dict.fromkeys(dropped), **_TRANSLATION}


def _joined(text: str, i: int) -> bool:
    """Whether the joiner at i stands between two characters of a script that shapes with it
    (Persian "می‌خواهم", a Devanagari conjunct) or inside an emoji sequence."""
    def joins(ch: str) -> bool:
        return unicodedata.name(ch, "").startswith(_JOINING_SCRIPTS) or unicodedata.category(ch) == "So"
    return 0 < i < len(text) - 1 and joins(text[i - 1]) and joins(text[i + 1])


def _decode_legacy(data: bytes) -> str:
    candidates: list[str] = []
    for match in charset_normalizer.from_bytes(data):
        if match.encoding not in candidates:
            candidates.append(match.encoding)
        if len(candidates) == 5:
            break
    if _VIETNAMESE_LEGACY not in candidates:
        candidates.append(_VIETNAMESE_LEGACY)

    decoded: list[str] = []
    for encoding in candidates:
        try:
            decoded.append(unicodedata.normalize("NFC", data.decode(encoding)))
        except (UnicodeDecodeError, LookupError):
            continue
    if not decoded:
        raise LoadFailure("undecodable text (no known encoding fits)")
    # A reading with more Vietnamese-only letters than misreading signs is
    # Vietnamese; otherwise charset-normalizer's first guess stands.
    fits = {k: _vietnamese_fit(text) for k, text in enumerate(decoded)}
    vietnamese = [k for k, (bad, good) in fits.items() if good > bad]
    if not vietnamese:
        return decoded[0]
    best = min(vietnamese, key=lambda k: 2 * fits[k][0] - fits[k][1])  # ties: earlier guess
    return decoded[best]


def _vietnamese_fit(text: str) -> tuple[int, int]:
    """(characters betraying a wrong code page, letters found only in Vietnamese).

    Betraying: tone marks NFC could not attach, stray Latin-1 symbols and
    Latin letters foreign to Vietnamese, control characters, and words
    mixing ASCII letters with another script ("Viﻡﮨt"). Letters such as "ệ"
    or "ư" come from no misreading of Windows-1258 bytes. Letters of other
    scripts are neutral, so a Russian cp1251 page still decodes as Cyrillic.
    """
    bad = sum(1 for word in _WORD.findall(text) if _mixes_scripts(word))
    vietnamese_only = 0
    for char in text:
        code = ord(char)
        if code < 0x80:
            continue
        if char in _VIETNAMESE_LETTERS:
            if code >= 0x1EA0 or char in _VIETNAMESE_HORNED:
                vietnamese_only += 1
            continue
        category = unicodedata.category(char)
        if category == "Mn":  # a tone mark NFC could not attach to a letter
            bad += 1
        elif category in ("Cc", "Co", "Cs") or char == "\ufffd":
            bad += 1
        elif _is_latin(char) and char not in _HARMLESS_LATIN1 and not char.isspace():
            bad += 1
        elif 0x2500 <= code <= 0x259F:  # box drawing: DOS code pages
            bad += 1
    return bad, vietnamese_only


def _mixes_scripts(word: str) -> bool:
    has_ascii = any(char.isascii() and char.isalpha() for char in word)
    return has_ascii and any(char.isalpha() and not _is_latin(char) for char in word)


def _is_latin(char: str) -> bool:
    code = ord(char)
    return code <= 0x24F or 0x1E00 <= code <= 0x1EFF
