"""What the relation rules (kg/extract/relations_*.py) share while they read one document.

A `RelationContext` is made anew for each document by `RelationContext.of`: the entities
and mentions `kg_mentions` found, the countries people come from and are posted to, what
one rule leaves for a later one (the last event, agreement and pair of people named), and
the relations found so far, which every rule adds to through `add`. The small readings
many rules make (the people between two offsets, a place right after one, the date of a
sentence) are its methods.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterator
from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract import relations_countries as countries
from kg.extract.dates import sentence_date
from kg.extract.entities import Found
from kg.extract.relations_common import PLACES, SENTENCE_DATE, FoundRelation, Mention
from kg.extract.relations_mentions import mentions
from kg.extract.relations_references import GENERIC_REFERENCES, ShortReferences
from kg.extract.text import Match, doc_text
from kg.extract.text import sentences as sentences_of
from kg.schema import allowed

# between a verb of motion or "tại" and its place
# "sân bay Nội Bài (Hà Nội)": an airport's own name, then its city in brackets
PLACE_LEAD = re.compile(r"\s*(?:(?:[Tt]hủ đô|[Tt]hành phố|TP\.?|[Tt]ỉnh|[Bb]ang|[Ss]ân bay(?: quốc tế)?(?:(?: [A-ZĐ]\w*){1,3} \()?|"
                        r"[Vv]ương quốc|[Cc]ộng hòa|nước|[Hh]uyện đảo|[Đđ]ặc khu)\s*)*")
# between two members of a list of places: "A, B và C", "tỉnh A và tỉnh B", "A; thành phố B"
LIST_GAP = re.compile(r"\s*(?:,|và|-|–|;|, và)?\s*(?:(?:các\s+)?(?:tỉnh|thành phố|TP\.?|bang|thủ đô)\s*)?")


@dataclass(eq=False)
class RelationContext:
    doc: Doc
    text: str
    lexicon: list[Match]  # the lexicon matches of the document
    entities: dict[str, Found]
    mentions: list[Mention] = field(default_factory=list)  # by start, outer names first
    out: list[FoundRelation] = field(default_factory=list)  # the relations found so far
    references: list[Mention] = field(default_factory=list)  # short references resolved to named events
    country_of: dict[str, str] = field(default_factory=dict)  # person -> the country they come from
    provinces_of: dict[str, set[str]] = field(default_factory=dict)  # person -> provinces and cities of their posts
    posted: dict[str, str] = field(default_factory=dict)  # ambassador or consul -> country of posting
    led_from: dict[str, str] = field(default_factory=dict)  # leader of a delegation -> its body's country
    led_body: dict[str, str] = field(default_factory=dict)  # leader of a delegation -> its body
    sides: list[str] = field(default_factory=list)  # the two countries of a bilateral article
    mission_place: dict[str, str] = field(default_factory=dict)  # mission -> the place it is in
    # companion -> (leader, sentence, rule): who travels with whom (kg/extract/relations_trips.py)
    companions: dict[str, tuple[str, tuple[int, int], str]] = field(default_factory=dict)
    last_event: str | None = None  # the event the text is about, for "Hội nghị", "buổi lễ"
    last_events: list[str] = field(default_factory=list)  # the last several events one sentence named
    last_pair: tuple[str, str] | None = None  # the two people who last met: "hai Bộ trưởng"
    last_agreement: str | None = None
    documents_signed: list[str] = field(default_factory=list)  # who exchanged documents the next sentence lists
    event_refs: ShortReferences | None = None
    agreement_refs: ShortReferences | None = None
    _dates: dict[tuple[int, int], str | None] = field(default_factory=dict)
    _index_of: list[Span] | None = None
    _index: dict[str, list[Span]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, matches: list[Match]) -> RelationContext:
        """The context of `doc` before any relation rule has run. The order matters: each
        reading of where people come from may use those made before it."""
        ctx = cls(doc, doc_text(doc), matches, doc._.kg_entities)
        ctx.mentions = mentions(ctx)
        ctx.country_of = countries.countries_of_people(ctx)
        ctx.provinces_of = countries.local_places(ctx)
        # where each ambassador or consul is posted, as a country ("Tổng Lãnh sự tại Côn Minh": CHN)
        ctx.posted = {p.person: ctx.country_of_place(p.posted_to) for p in doc._.kg_positions
                      if p.posted_to and p.posted_to in ctx.entities}
        ctx.country_of.update(countries.countries_before_names(ctx))
        for p in doc._.kg_positions:  # a resident ambassador does not visit the country of posting
            if p.person not in ctx.posted and p.tail in ctx.entities and countries.ambassador_in_vnm(ctx, p):
                ctx.posted[p.person] = "Country:VNM"
        led = countries.delegation_leaders(ctx)
        ctx.led_from = {leader: country for leader, (_, country) in led.items()}
        ctx.led_body = {leader: body for leader, (body, _) in led.items()}
        ctx.country_of.update(ctx.led_from)
        ctx.sides = countries.sides(ctx)
        # where each mission is: "Tổng Lãnh sự quán Việt Nam tại Houston" -> Houston
        ctx.mission_place = {n.key: n.inner[-1] for n in doc._.kg_names if n.kind == "mission"
                             and len(n.inner) > 1 and n.inner[-1] in ctx.entities
                             and ctx.entities[n.inner[-1]].type in PLACES}
        ctx.event_refs = ShortReferences(ctx, "Event", GENERIC_REFERENCES, lambda: ctx.last_event)
        ctx.agreement_refs = ShortReferences(ctx, "Agreement", {}, lambda: ctx.last_agreement, capitalized=True)
        return ctx

    def sentences(self) -> Iterator[tuple[Span, list[Mention], list[Span]]]:
        """Each sentence with its mentions and trigger words, in reading order; sentences with
        neither are skipped: no sentence rule reads them."""
        starts = [m.start for m in self.mentions]
        triggers = sorted((m.span for m in self.lexicon if m.label == L.TRIGGER), key=lambda s: s.start)
        trigger_starts = [t.start for t in triggers]
        for sent in sentences_of(self.doc):
            ms = self.mentions[bisect_left(starts, sent.start_char):bisect_left(starts, sent.end_char)]
            ts = triggers[bisect_left(trigger_starts, sent.start):bisect_left(trigger_starts, sent.end)]
            if ts or ms:
                yield sent, ms, ts

    def add(self, rel: str, source: str, target: str, sent: Span | tuple[int, int], confidence: float,
            rule: str = "", **props) -> bool:
        """Keep a relation the schema allows between two entities of the document."""
        if source == target or source not in self.entities or target not in self.entities:
            return False
        if not allowed(rel, self.entities[source].type, self.entities[target].type):
            return False
        where = sent if isinstance(sent, tuple) else (sent.start_char, sent.end_char)
        if props.get("date") is SENTENCE_DATE:  # read only for relations that are kept
            props["date"] = self.date(where)
        self.out.append(FoundRelation(rel, source, target, where,
                                      {k: v for k, v in props.items() if v}, confidence, rule))
        return True

    def triggered(self, triggers: list[Span], relation: str) -> list[Span]:
        """The trigger words of a sentence that signal `relation` (kg/data/triggers.tsv)."""
        if self._index_of is not triggers:  # one index per sentence: the rules ask often
            self._index_of, self._index = triggers, {}
            for t in triggers:
                self._index.setdefault(t.id_.split("|", 1)[0], []).append(t)
        return list(self._index.get(relation, ()))

    def date(self, sent: Span | tuple[int, int]) -> str | None:
        """The sentence's own date, else the article's: news reports what just happened."""
        where = sent if isinstance(sent, tuple) else (sent.start_char, sent.end_char)
        if where not in self._dates:  # several rules ask for the date of one sentence
            published = self.doc.user_data.get("published")
            self._dates[where] = sentence_date(self.text[where[0]:where[1]], published) or published
        return self._dates[where]

    @staticmethod
    def people(ms: list[Mention], start: int, end: int) -> list[Mention]:
        return [m for m in ms if m.type == "Person" and start <= m.start < end]

    def last_visitor(self) -> list[str]:
        """The person the text last said visited somewhere (a delegation's head), as a list of one or none."""
        return [r.source for r in self.out if r.type == "VISITED" and r.source.startswith("Person:")][-1:]

    def foreign_countries(self) -> list[str]:
        return [k for k, f in self.entities.items() if f.type == "Country" and k != "Country:VNM"]

    def joined(self, a: Mention, b: Mention) -> bool:
        """Two mentions joined by 'và' or ',' in a list of subjects."""
        lo, hi = sorted((a, b), key=lambda m: m.start)
        between = self.text[lo.end:hi.start]
        return len(between) < 120 and (" và " in between or between.strip().startswith(","))

    def list_from(self, ms: list[Mention]) -> list[Mention]:
        """The first mention and those listed with it ('Fukuoka và Tokyo', 'Wellington, New Zealand')."""
        out = ms[:1]
        for m in ms[1:]:
            if not LIST_GAP.fullmatch(self.text[out[-1].end:m.start]):
                break
            out.append(m)
        return out

    def in_brackets(self, m: Mention, sent: Span) -> bool:
        before = self.text[sent.start_char:m.start]
        return before.count("(") > before.count(")")

    def place_right_after(self, at: int, places: list[Mention]) -> Mention | None:
        """The place that follows position `at` with only generic words between ('thủ đô', 'sân bay')."""
        for m in places:
            if at <= m.start <= at + 40:
                return m if PLACE_LEAD.fullmatch(self.text[at:m.start]) else None
        return None

    @staticmethod
    def longest(spans: list[Span]) -> list[Span]:
        """Trigger forms inside longer ones go: 'chuyến thăm' speaks, not its 'thăm'."""
        return [t for t in spans if not any(o is not t and o.start <= t.start and t.end <= o.end
                                            and len(o) > len(t) for o in spans)]

    def country_code(self, key: str) -> str | None:
        props = self.entities[key].props
        return props.get("country") or props.get("iso3")

    def country_of_place(self, key: str) -> str:
        return key if self.entities[key].type == "Country" else f"Country:{self.country_code(key)}"
