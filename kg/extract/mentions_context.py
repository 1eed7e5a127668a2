"""What the mention rules (kg/extract/mentions_*.py) share while they read one document.

A `MentionContext` is made anew for each document: its lexicon matches, the entities found
so far and what one rule leaves for another, so that no rule keeps state on the component
between documents. `MentionTables`, the lexicon indexed the way the rules look it up, is
built once per component.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract.entities import Entities, FoundName
from kg.extract.names import NameReader
from kg.extract.people import Unit
from kg.extract.text import Cursor, Match, doc_text
from kg.resources import Head, Lexicon, Ministry, Org, Title


@dataclass(frozen=True)
class MentionTables:
    lex: Lexicon
    ministries: dict[str, Ministry]  # by id
    ministry_names: dict[str, Ministry]  # by each name Viet Nam's ministries are written with
    orgs: dict[str, Org]  # by id
    org_names: dict[str, Org]
    titles: dict[str, Title]  # by title
    names: NameReader

    @classmethod
    def of(cls, lex: Lexicon) -> MentionTables:
        return cls(lex, {m.id: m for m in lex.ministries}, {n: m for m in lex.ministries for n in m.names},
                   {o.id: o for o in lex.orgs}, {n: o for o in lex.orgs for n in o.names},
                   {t.title: t for t in lex.titles}, NameReader(lex))


@dataclass
class MentionContext:
    cur: Cursor
    tables: MentionTables
    ents: Entities
    # tokens of the personal names read: no place, name or foreign country is read inside them
    person_tokens: set[int] = field(default_factory=set)
    # one-word names after a title or honorific, resolved once all full names are read:
    # (word, its span, the title chain's units, sentence)
    shorts: list[tuple[str, Span, list[Unit], Span]] = field(default_factory=list)
    # Viet Nam's ministries written with no country, by first token: a foreign holder's instead
    unplaced: dict[int, Span] = field(default_factory=dict)
    # (person, ministry name) -> the foreign country whose ministry of that name the person holds
    held_abroad: dict[tuple[str, str], str] = field(default_factory=dict)
    # "Chính phủ" after "Thủ tướng" in the chain being read: no body once the chain names a person
    government: list[tuple[int, int]] = field(default_factory=list)
    missions: dict[tuple, str] = field(default_factory=dict)  # (head, place ids) -> key of a mission or state body
    found_names: dict[int, FoundName] = field(default_factory=dict)  # by first token
    foreign_at: list[int] = field(default_factory=list)  # first tokens of foreign countries' mentions
    foreign_iso: list[str] = field(default_factory=list)  # and their codes

    @classmethod
    def of(cls, doc: Doc, matches: Iterable[Match], tables: MentionTables) -> MentionContext:
        cur = Cursor(doc, matches)
        marks = sorted((s.start, s.id_) for found in cur.by_start.values() for s in found
                       if s.label_ == L.COUNTRY and s.id_ != "VNM")
        return cls(cur, tables, Entities(doc_text(doc)),
                   foreign_at=[m[0] for m in marks], foreign_iso=[m[1] for m in marks])

    @property
    def lex(self) -> Lexicon:
        return self.tables.lex

    def heads_before(self, i: int) -> Iterator[Head]:
        """The lexicon entries of head words ("Công ty", "Hội nghị") that end right before token i."""
        for head in self.cur.ending_at(i, {L.HEAD}):
            yield self.lex.heads[head.id_]

    def foreign_before(self, i: int) -> str | None:
        """The foreign country named last before token i."""
        k = bisect_left(self.foreign_at, i)
        while k and self.foreign_at[k - 1] in self.person_tokens:  # "Anh" in "Trần Tuấn Anh"
            k -= 1
        return self.foreign_iso[k - 1] if k else None
