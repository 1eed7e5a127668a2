"""Legacy encodings as Vietnamese pages used them, for the loader tests."""

from __future__ import annotations

import unicodedata

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese pages wrote it: base letter + combining tone mark; characters
    the code page lacks are dropped."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in decomposed if m in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONE_MARKS))
        out += (base + tones).encode("cp1258", errors="ignore")
    return bytes(out)
