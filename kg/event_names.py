"""What names one event, whatever the form: "Đại hội XIII của Đảng", "Đại hội Đảng lần thứ XIII"
and "Đại hội Đảng lần thứ mười ba" are one congress. Extraction merges such names within an
article (kg.extract.entities) and resolution gives them one node id across articles (kg.resolve).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.resources import lexicon

# Roman numerals of event ordinals (congresses, plenums, sessions), up to L: not "CLV" (Cambodia-Laos-Viet Nam)
_ROMAN = re.compile(r"^(L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50}
_FILLERS = {"lần", "thứ", "của"}  # "Đại hội XIII của Đảng" is "Đại hội Đảng lần thứ XIII"
_ACRONYM = re.compile(r"[A-ZĐ][A-ZĐ0-9-]+")


@cache
def _bodies() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every name of a body inside event names, longest first, and the one word it reads as in an
    event's id: its acronym ("Hiệp hội các quốc gia Đông Nam Á" is ASEAN), or the organizer word
    of kg/data/event_words.tsv ("Đảng Cộng sản Việt Nam" is "Đảng")."""
    lex = lexicon()
    forms: dict[str, str] = {}
    for org in lex.orgs:
        word = lex.event_organizers.get(org.id) or next((n for n in org.names if _ACRONYM.fullmatch(n)), None)
        for name in org.names if word else ():
            forms.setdefault(name.casefold(), word)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), forms


def _roman(word: str) -> int | None:
    if not word or not _ROMAN.match(word):
        return None
    values = [_ROMAN_VALUE[c] for c in word]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _spelled_number(words: list[str]) -> tuple[int, int] | None:
    """(value, words read) of a number spelled out at the start of `words`: "mười ba" 13,
    "hai mươi mốt" 21 (kg/data/event_words.tsv)."""
    lex = lexicon()
    total = unit = read = 0
    for word in words:
        if word in lex.tens and read:
            total, unit = total + (unit or 1) * lex.tens[word], 0
        elif word in lex.ordinals:
            total, unit = total + unit, int(lex.ordinals[word])
        else:
            break
        read += 1
    return (total + unit, read) if read else None


@lru_cache(maxsize=8192)  # extraction compares every pair of a document's event names
def event_identity(name: str) -> str:
    """What identifies an event across articles, whatever the word order, numerals and names of its
    bodies: the name's words without "lần thứ" and "của", a body by its acronym or organizer word,
    then its numbers in digits. "Đại hội XIII của Đảng", "Đại hội Đảng lần thứ XIII", "Đại hội Đảng
    Cộng sản Việt Nam lần thứ mười ba" are all "Đại hội Đảng 13"; "Hội nghị Cấp cao Hiệp hội các
    quốc gia Đông Nam Á lần thứ 43" is "Hội nghị Cấp cao ASEAN 43"."""
    pattern, forms = _bodies()
    name = re.sub(r"\([^)]*\)", " ", name)  # a bracketed acronym repeats the name
    words = pattern.sub(lambda m: forms[m.group(0).casefold()], name).split()
    kept, numbers, i = [], [], 0
    while i < len(words):
        word, low = words[i], words[i].casefold()
        roman = _roman(word)
        spelled = _spelled_number([w.casefold() for w in words[i:]]) if i and words[i - 1].casefold() == "thứ" else None
        if word.isdigit() or roman is not None:
            numbers.append(str(int(word) if word.isdigit() else roman))
        elif spelled is not None:
            numbers.append(str(spelled[0]))
            i += spelled[1]
            continue
        elif low not in _FILLERS:
            kept.append(word)
        i += 1
    return " ".join(kept + numbers) or name
