"""The `kg_mentions` component: entities of a document and the posts its people hold.

It reads the lexicon matches of `span_ruler` (doc.spans["kg_lexicon"]) and
resolves them into entities with document-level keys ("Country:VNM",
"Ministry:Bộ Ngoại giao|IDN", "Person:Lê Hoài Trung"), then parses title
chains ("Phó Thủ tướng, Bộ trưởng Ngoại giao Phạm Bình Minh") into
positions that `kg_relations` turns into HOLDS_POSITION and POSTED_TO.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract.text import Cursor
from kg.resources import Lexicon, lexicon

for _name in ("kg_entities", "kg_positions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Generic words before a place that say which kind of place it is.
PROVINCE_WORDS = {"tỉnh", "Tỉnh", "bang", "Bang"}
CITY_WORDS = {"phố", "TP", "TP.", "thủ", "Thủ", "xã"}  # thành phố, thủ đô, thị xã
MAX_NAME_TOKENS = 5


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
class Position:
    """A title held by a person, as one title chain of the text states it."""

    person: str  # entity key
    title: str
    tail: str  # entity key: the body, or the person's country
    sentence: tuple[int, int]
    posted_to: str | None = None  # entity key of the place of posting
    implicit: bool = False  # the text named no body: the tail is the person's country


class Entities:
    """Collects Found records by key, merging repeated mentions."""

    def __init__(self) -> None:
        self.by_key: dict[str, Found] = {}

    def add(self, type_: str, key: str, name: str, span: Span | None, **props) -> str:
        full = f"{type_}:{key}"
        found = self.by_key.get(full)
        if found is None:
            found = self.by_key[full] = Found(type_, full, name, {k: v for k, v in props.items() if v})
        if span is not None:
            found.mentions.append((span.start_char, span.end_char))
            if span.text != found.name and span.text not in found.aliases:
                found.aliases.append(span.text)
        return full


@Language.factory("kg_mentions", requires=["doc.spans", "token.is_sent_start"],
                  assigns=["doc._.kg_entities", "doc._.kg_positions"])
def make_mentions(nlp: Language, name: str) -> "MentionFinder":
    return MentionFinder(lexicon())


class MentionFinder:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.places = {p.id: p for p in lex.places}
        self.ministries = {m.id: m for m in lex.ministries}
        self.ministry_names = {n: m for m in lex.ministries for n in m.names}
        self.orgs = {o.id: o for o in lex.orgs}
        self.titles = {t.title: t for t in lex.titles}

    def __call__(self, doc: Doc) -> Doc:
        cur = Cursor(doc, doc.spans.get("kg_lexicon", []))
        ents = Entities()
        positions: list[Position] = []
        person_tokens: set[int] = set()
        for sent in doc.sents:
            positions += self._title_chains(cur, sent, ents, person_tokens)
        self._places(cur, ents, person_tokens)
        self._ministries(cur, ents)
        self._orgs(cur, ents)
        doc._.kg_entities = ents.by_key
        doc._.kg_positions = positions
        return doc

    # -- places ------------------------------------------------------------------

    def _places(self, cur: Cursor, ents: Entities, skip: set[int]) -> None:
        chosen = cur.longest({L.COUNTRY, L.PLACE}, skip)
        # A name that is both a division and a city: the generic word before any
        # of its mentions decides, for the whole document.
        kind_of: dict[str, str] = {}
        for span in chosen:
            if span.label_ == L.PLACE:
                kind = self._generic_kind(cur.doc, span)
                if kind:
                    kind_of.setdefault(span.text, kind)
        for span in chosen:
            if span.label_ == L.COUNTRY:
                c = self.lex.countries[span.id_]
                ents.add("Country", c.country, c.name, span, iso3=c.country)
                continue
            place = self._pick_place(cur.ids(span), kind_of.get(span.text))
            ents.add(place.type, place.id, place.name, span, country=place.country)
            ents.add("Country", place.country, self.lex.countries[place.country].name, None,
                     iso3=place.country) if place.country in self.lex.countries else None

    def _generic_kind(self, doc: Doc, span: Span) -> str | None:
        prev = doc[span.start - 1].text if span.start else ""
        if prev in PROVINCE_WORDS:
            return "Province"
        if prev in CITY_WORDS:
            return "City"
        return None

    def _pick_place(self, ids: list[str], kind: str | None):
        places = [self.places[i] for i in ids if i in self.places]
        for wanted in (kind, "City", "Province"):
            for p in places:
                if p.type == wanted:
                    return p
        return places[0]

    # -- ministries and organizations -------------------------------------------

    def _ministries(self, cur: Cursor, ents: Entities) -> None:
        for i, token in enumerate(cur.doc):
            if cur.taken(i):
                continue
            if token.text == "Bộ" or cur.at(i, {L.MINISTRY}):
                found = self.ministry_at(cur, i, ents)
                if found:
                    cur.take(found[1], found[2])

    def ministry_at(self, cur: Cursor, i: int, ents: Entities) -> tuple[str, int, int] | None:
        """A ministry named at token i: 'Bộ X [và Y] [Country]' or a known VN ministry.
        Returns (entity key, start, end)."""
        doc = cur.doc
        end = i
        known = cur.at(i, {L.MINISTRY})
        if doc[i].text == "Bộ":
            j = i + 1
            while True:
                word = cur.at(j, {L.MINISTRY_WORD})
                if not word:
                    break
                end = j = word.end
                if j < len(doc) and doc[j].text in {",", "và", "-", "–"} and cur.at(j + 1, {L.MINISTRY_WORD}):
                    j += 1
        if known and known.end >= end:
            end = known.end
        if end <= i + 0 or (end == i and not known):
            return None
        if end == i:
            return None
        country = cur.at(end, {L.COUNTRY})
        name = doc[i:end].text
        vn = self.ministry_names.get(name)
        iso3 = self.lex.countries[country.id_].country if country else "VNM"
        span_end = country.end if country else end
        span = doc[i:span_end]
        if iso3 == "VNM" and vn:
            key = ents.add("Ministry", f"{vn.name}|VNM", vn.name, span, country="VNM", id=vn.id)
        else:
            key = ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3)
        if country:
            c = self.lex.countries[country.id_]
            ents.add("Country", c.country, c.name, country, iso3=c.country)
        return key, i, span_end

    def _orgs(self, cur: Cursor, ents: Entities) -> None:
        for span in cur.longest({L.ORG}, set()):
            if cur.taken(span.start):
                continue
            org = self.orgs[span.id_]
            ents.add("Organization", org.name, org.name, span, kind=org.kind, id=org.id)

    # -- people and their posts ---------------------------------------------------

    def _title_chains(self, cur: Cursor, sent: Span, ents: Entities, person_tokens: set[int]) -> list[Position]:
        out: list[Position] = []
        i = sent.start
        while i < sent.end:
            title = cur.at(i, {L.TITLE})
            if not title:
                i += 1
                continue
            units, j = self._chain(cur, i, sent.end, ents)
            j = cur.skip(j, {L.HONORIFIC})
            name_end = self._name_end(cur, j, sent.end)
            if name_end - j >= 2:
                name = cur.doc[j:name_end]
                person = ents.add("Person", name.text, name.text, name)
                person_tokens.update(range(j, name_end))
                out += self._positions(person, units, sent)
                i = name_end
            else:
                i = j if j > i else i + 1
        return out

    def _chain(self, cur: Cursor, i: int, end: int, ents: Entities):
        """Titles separated by commas, each with an optional body: returns (units, next token)."""
        units = []
        while i < end:
            title = cur.at(i, {L.TITLE})
            if not title:
                break
            t = self.titles[title.id_]
            body, j = self._body(cur, title.end, end, t.scope, ents)
            units.append((t, title.text, body))
            i = j
            if i + 1 < end and cur.doc[i].text == "," and cur.at(i + 1, {L.TITLE}):
                i += 1
                continue
            break
        return units, i

    def _body(self, cur: Cursor, i: int, end: int, scope: str, ents: Entities):
        """The body a title names right after it; returns ((key, posted_to), next token)."""
        doc = cur.doc
        if i >= end:
            return None, i
        if doc[i].text == "Chính" and i + 1 < end and doc[i + 1].text == "phủ" and scope == "country":
            return None, i + 2  # "Thủ tướng Chính phủ" is still the country's head of government
        ministry = self.ministry_at(cur, i, ents)
        if ministry:
            return (ministry[0], None), ministry[2]
        short = cur.at(i, {L.MINISTRY_SHORT})
        if short and scope == "ministry":
            m = self.ministries[short.id_]
            country = cur.at(short.end, {L.COUNTRY})
            if country and country.id_ != "VNM":
                c = self.lex.countries[country.id_]
                ents.add("Country", c.country, c.name, country, iso3=c.country)
                key = ents.add("Ministry", f"{m.name}|{c.country}", m.name, None, country=c.country)
                return (key, None), country.end
            key = ents.add("Ministry", f"{m.name}|VNM", m.name, short, country="VNM", id=m.id)
            return (key, None), (country.end if country else short.end)
        org = cur.at(i, {L.ORG})
        if org:
            o = self.orgs[org.id_]
            key = ents.add("Organization", o.name, o.name, org, kind=o.kind, id=o.id)
            return (key, None), org.end
        country = cur.at(i, {L.COUNTRY})
        if country:
            c = self.lex.countries[country.id_]
            key = ents.add("Country", c.country, c.name, country, iso3=c.country)
            j, posted = country.end, None
            if scope == "mission" and j < end and doc[j].text == "tại":
                place = cur.at(j + 1, {L.COUNTRY, L.PLACE})
                if place:
                    posted = self._place_key(cur, place, ents)
                    j = place.end
            return (key, posted), j
        return None, i

    def _place_key(self, cur: Cursor, span: Span, ents: Entities) -> str:
        if span.label_ == L.COUNTRY:
            c = self.lex.countries[span.id_]
            return ents.add("Country", c.country, c.name, span, iso3=c.country)
        place = self._pick_place(cur.ids(span), self._generic_kind(cur.doc, span))
        return ents.add(place.type, place.id, place.name, span, country=place.country)

    def _name_end(self, cur: Cursor, i: int, end: int) -> int:
        """End of a personal name starting at i: capitalized words, not a title or a known body."""
        doc = cur.doc
        j = i
        while j < end and j - i < MAX_NAME_TOKENS:
            text = doc[j].text
            if not text[:1].isupper() or not text.replace("’", "").replace("'", "").replace("-", "").isalpha():
                break
            if len(text) > 1 and text.isupper():  # acronyms: UBND, TTXVN
                break
            if cur.at(j, {L.TITLE, L.ORG, L.MINISTRY}) or (j == i and cur.at(j, {L.COUNTRY, L.PLACE})):
                break
            j += 1
        return j

    def _positions(self, person: str, units, sent: Span) -> list[Position]:
        """One position per body; titles without a body borrow the next unit's body
        ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"), else point to the country."""
        out: list[Position] = []
        pending: list[str] = []
        country = next((b[0] for _, _, b in units if b and b[0].startswith("Country:")), "Country:VNM")
        where = (sent.start_char, sent.end_char)
        for n, (title, written, body) in enumerate(units):
            pending.append(written)
            if body is None and title.scope != "country" and n + 1 < len(units):
                continue
            tail = body[0] if body and title.scope != "country" else country
            if title.scope == "country" and body and body[0].startswith("Country:"):
                tail = body[0]
            implicit = body is None and title.scope != "country"
            out.append(Position(person, ", ".join(pending), tail, where, body[1] if body else None, implicit))
            pending = []
        return out
