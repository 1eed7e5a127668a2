"""The entities of one document as `kg_mentions` collects them, keyed at document level
("Country:VNM", "Ministry:Bộ Ngoại giao|IDN", "Person:Lê Hoài Trung"), and the names
read from head words, which `kg_relations` reads next."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.tokens import Span

from kg.event_names import event_identity
from kg.extract.text import span_text
from kg.resources import Lexicon, lexicon, slug

WRITTEN_NAMES = {"Organization", "Agreement", "Event"}  # named as the document writes them


@dataclass
class Found:
    """An entity of the document, with every place it is mentioned."""

    type: str
    key: str
    name: str
    props: dict = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FoundName:
    """A name read from a head word, with the entities named inside it."""

    key: str
    type: str
    kind: str
    start: int  # token offsets
    end: int
    inner: list[str]  # entity keys of countries, places, bodies inside the name, in order
    sentence: tuple[int, int]


def read_d(text: str) -> str:
    """'Ð' (U+00D0) and 'ð' typed for 'Đ' and 'đ' are read as those (ANNOTATION.md)."""
    return text.replace("\u00d0", "Đ").replace("\u00f0", "đ") if "\u00d0" in text or "\u00f0" in text else text


def person_fold(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("‐", " ").casefold().split())


class Entities:
    """Collects Found records by key, merging repeated mentions."""

    def __init__(self, text: str = "") -> None:
        self.by_key: dict[str, Found] = {}
        self.text = text  # the document's text: every name and alias is written in it

    def lower_words(self) -> set[str]:
        if not hasattr(self, "_lower"):
            self._lower = set(re.findall(r"\b[a-z]+\b", self.text))
        return self._lower

    def written_d(self, text: str) -> str:
        """'Ð' read as 'Đ' where the document also writes the name that way (names stay written)."""
        read = read_d(text)
        return read if read == text or read in self.text else text

    def add(self, type_: str, key: str, name: str, span: Span | None, **props) -> str:
        key, name = read_d(key), self.written_d(name)
        full = f"{type_}:{key}"
        found = self.by_key.get(full)
        if found is None:
            found = self.by_key[full] = Found(type_, full, name, {k: v for k, v in props.items() if v})
        if span is not None:
            found.mentions.append((span.start_char, span.end_char))
            text = span_text(span)
            if type_ in WRITTEN_NAMES and len(text) > len(found.name):
                found.aliases.append(found.name)
                found.name = text  # the fullest form the document writes
            elif text != found.name and text not in found.aliases:
                found.aliases.append(text)
        return full

    def person(self, span: Span, original: Span | None = None) -> str:
        """A person named by `span`; "Yoon Suk-yeol" and "Yoon Suk Yeol" are one person.
        `original`: the name in its own script after a transliteration, "Cờ-rếc Chít-tích
        (Craig Chittick)", which keys the person."""
        main = original if original is not None else span
        folded = person_fold(span_text(main))
        full = next((k for k, f in self.by_key.items() if f.type == "Person"
                     and any(person_fold(n) == folded for n in (f.name, *f.aliases))), None)
        if full is None:
            full = self.add("Person", span_text(main), span_text(main), main)
        else:
            self.add("Person", full.split(":", 1)[1], span_text(main), main)
        if original is not None:
            self.add("Person", full.split(":", 1)[1], span_text(span), span)
        return full

    def country(self, lex: Lexicon, iso3: str, span: Span | None) -> str:
        c = lex.countries[iso3]
        return self.add("Country", iso3, c.name, span, iso3=iso3)


def _first(found: Found) -> int:
    return min(found.mentions)[0] if found.mentions else 0


def same_written(found: Found, short: Found) -> bool:
    """The same name written with other capitals ("Tuần lễ Cấp cao" and "Tuần lễ cấp cao"),
    mentioned earlier: the later one is merged into it."""
    return found.name.casefold() == short.name.casefold() and _first(found) < _first(short)


@lru_cache(maxsize=4096)
def event_words(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of an event's name as compared: brackets left out, letters without marks
    ("Mekông" is "Mekong"), ordinals in digits ("lần thứ ba" is "lần thứ 3"); and its numbers."""
    lex = lexicon()
    words = re.sub(r"\([^)]*\)", " ", name).casefold().split()
    words = [lex.ordinals.get(w, w) if n and words[n - 1] == "thứ" else w for n, w in enumerate(words)]
    folded = tuple(s for w in words if (s := slug(w)))
    return folded, frozenset(w for w in folded if w.isdigit())


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(slug(w) for w in lexicon().event_generic)


def same_event(found: Found, short: Found) -> bool:
    """Two names of one event: the same head, the same numbers (the shorter may leave them out),
    and otherwise only generic words apart ("Hội nghị BRICS mở rộng năm 2025", "Hội nghị Thượng
    đỉnh BRICS năm 2025"). The shorter (or, of two as long, the later) is merged into the other."""
    if found.type != "Event" or len(found.name) < len(short.name) or \
            len(found.name) == len(short.name) and _first(found) > _first(short):
        return False
    if event_identity(found.name) == event_identity(short.name):
        return True  # "Đại hội Đảng lần thứ XIII" and "Đại hội XIII của Đảng"
    (long_words, long_numbers), (short_words, short_numbers) = event_words(found.name), event_words(short.name)
    if long_words[:2] != short_words[:2] or not short_numbers <= long_numbers:
        return False
    generic = _generic_words()
    apart = set(long_words) ^ set(short_words)
    shared = set(long_words[2:]) & set(short_words[2:])
    return apart <= generic | long_numbers and bool(shared - generic - long_numbers)


def acronym_of(ents: Entities, short: Found) -> list[Found]:
    """"Hội nghị SOM" after "Hội nghị Quan chức cao cấp ASEAN (SOM)": a head word and the acronym
    that a longer name of the document gives in brackets is a short reference to it."""
    words = short.name.split()
    if not 2 <= len(words) <= 3 or not (acr := words[-1]).isupper() or len(acr) < 2 or not acr.isalpha():
        return []
    found = [f for f in ents.by_key.values() if f.type == short.type and f is not short
             and f.name.split()[0] == words[0] and (acr in f.aliases or f"({acr})" in f.name)]
    return found if len(found) == 1 else []


def merge_short_forms(ents: Entities) -> dict[str, str]:
    """Merge a name that the document also writes longer into the longer one:
    "Hội nghị Ngoại vụ toàn quốc" after "... lần thứ 18", "Đại sứ quán Việt Nam" after
    "Đại sứ quán Việt Nam tại Nhật Bản". Names known to the lexicon stay apart
    ("Chính phủ" is not "Chính phủ Anh"). Returns {merged key: kept key}."""
    merged: dict[str, str] = {}
    for short in list(ents.by_key.values()):
        if short.type not in WRITTEN_NAMES or short.props.get("id"):
            continue
        prefix = short.name.casefold() + " "
        longer = [f for f in ents.by_key.values()
                  if f.type == short.type and f is not short and f.key not in merged
                  and (f.name.casefold().startswith(prefix) or same_written(f, short) or same_event(f, short))]
        if not longer:
            longer = acronym_of(ents, short)
        if not longer:
            continue
        first = min(short.mentions)[0] if short.mentions else 0
        before = [f for f in longer if f.mentions and min(f.mentions)[0] < first]
        target = max(before or longer, key=lambda f: min(f.mentions)[0] if f.mentions else 0)
        target.mentions += short.mentions
        target.aliases = list(dict.fromkeys([*target.aliases, short.name, *short.aliases]))
        del ents.by_key[short.key]
        merged[short.key] = target.key
    for short, target in merged.items():  # A -> B -> C becomes A -> C
        while target in merged:
            target = merged[target]
        merged[short] = target
    return merged
