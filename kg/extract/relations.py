"""The `kg_relations` component: relations between the entities `kg_mentions` found.

Posts come from title chains; PART_OF, SIGNED and COOPERATES_WITH also from
what names contain ("Bản ghi nhớ giữa Bộ A và Bộ B"); meetings, visits,
signings, participation and cooperation from trigger words
(kg/data/triggers.tsv) and the entities around them in one sentence. Each
relation carries its sentence (character offsets into the document text) and
a confidence and the name of the rule that found it (`FoundRelation.rule`).

Rule groups live in their own modules: rules_meetings (MET), rules_bodies (PART_OF by
juxtaposition, COOPERATES_WITH), rules_events (parties named in names, short references,
nominal and listed participation), rules_trips (delegations, spouses, the countries of
visited places). The conventions they follow are ANNOTATION.md's "Conventions for the hard cases".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract.dates import sentence_date
from kg.extract.entities import Found, FoundName
from kg.extract.people import is_vietnamese
from kg.extract.rules_bodies import BodyRules
from kg.extract.rules_common import SENTENCE_DATE
from kg.extract.rules_events import EventRules, ShortReferences
from kg.extract.rules_meetings import MeetingRules
from kg.extract.rules_trips import DELEGATION_OF, LEADS, Trips
from kg.extract.text import LEXICON_KEY, doc_text, lexicon_matches
from kg.resources import lexicon
from kg.schema import allowed

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)
# Short references the rules resolved ("hội nghị" -> the conference named before), as Mentions,
# so that the relation model pairs them as it pairs names.
if not Doc.has_extension("kg_references"):
    Doc.set_extension("kg_references", default=None)

BODIES = {"Country", "Province", "City", "Ministry", "Organization"}
PLACES = {"Country", "Province", "City"}
DELEGATION = ("đoàn", "Đoàn")
CO_ORGANIZE = {"phối hợp tổ chức", "đồng tổ chức", "phối hợp với"}
FRONTED = re.compile(r"(?:[Nn]hân dịp|[Tt]rong khuôn khổ|[Kk]hi|[Ss]au khi|[Tt]rước khi|[Tt]rong thời gian)\s*$")
AT_EVENT = re.compile(r"(?:\btại|[Bb]ên lề|[Nn]hân dịp|khuôn khổ)(?:\s+(?:các|cuộc|phiên|dịp|tham dự|dự))?\s*$")
PAIR_TITLES = {"nhà", "vị", "bộ", "thủ", "tổng", "chủ", "ngoại", "phó", "thứ", "đại", "lãnh"}  # "hai bộ trưởng"
# words that end a title chain: "chuyến thăm Hàn Quốc của Chủ tịch X" names no Korean
NOT_A_TITLE = {"của", "với", "và", "tới", "đến", "thăm", "sang", "tại", "ở", "cho", "đã", "sẽ", "đón", "tiếp"}
POSTING = re.compile(r"(?:Đại sứ|Lãnh sự|[Đđ]ại diện|[Tt]ùy viên|[Pp]hóng viên)[^,;.]*$")
# before "sang", "đến", "tới": goods, letters, attention travel, not the person ("xuất khẩu sang Úc")
# ("mời X sang": an invitation alone is no visit; "nhận lời mời ... sang thăm" is one)
NOT_TRAVEL = re.compile(r"(?:xuất khẩu|nhập khẩu|liên quan|quan tâm|gửi|chuyển|hướng|(?<!lời )mời|kể)[^,;.]*$")
# between two members of a list of places: "A, B và C", "tỉnh A và tỉnh B", "A; thành phố B"
LIST_GAP = re.compile(r"\s*(?:,|và|-|–|;|, và)?\s*(?:(?:các\s+)?(?:tỉnh|thành phố|TP\.?|bang|thủ đô)\s*)?")
AT = re.compile(r"\b[Tt]ại\b")
# between a verb of motion or "tại" and its place
PLACE_LEAD = re.compile(r"\s*(?:(?:[Tt]hủ đô|[Tt]hành phố|TP\.?|[Tt]ỉnh|[Bb]ang|[Ss]ân bay(?: quốc tế)?|[Vv]ương quốc|"
                        r"[Cc]ộng hòa|nước|[Hh]uyện đảo|[Đđ]ặc khu)\s*)*")
TRIP_PHRASES = ("chuyến thăm", "chuyến công tác", "khuôn khổ", "chuyển thăm")
# "hai bên", "hai nước", "hai Bộ trưởng": the two sides of a bilateral article.
BOTH_SIDES = {"hai"}
# the agreements two localities sign ("Biên bản hợp tác", "Bản ghi nhớ", "Thỏa thuận hợp tác")
LOCAL_RECORDS = {"Biên", "Bản", "Thỏa", "Thoả"}


@dataclass
class FoundRelation:
    """A relation a rule found. `confidence` approximates the precision of `rule` on the
    training corpus (entity errors included); a downstream model may use both as features."""

    type: str
    source: str
    target: str
    sentence: tuple[int, int]
    props: dict = field(default_factory=dict)
    confidence: float = 1.0
    rule: str = ""  # the rule that found it ("visit_trigger", "delegation_member", ...)


@dataclass
class Mention:
    start: int
    end: int
    key: str
    type: str
    nested: bool = False  # inside the name of another entity


@Language.factory("kg_relations", requires=["doc._.kg_entities", "doc._.kg_positions", "doc._.kg_names"],
                  assigns=["doc._.kg_relations"], default_config={"spans_key": LEXICON_KEY})
def make_relations(nlp: Language, name: str, spans_key: str):
    return partial(find_relations, spans_key=spans_key)


def find_relations(doc: Doc, spans_key: str = LEXICON_KEY) -> Doc:
    finder = RelationFinder(doc, spans_key)
    doc._.kg_relations = finder.run()
    doc._.kg_references = finder.references
    return doc


class RelationFinder(MeetingRules, BodyRules):
    def __init__(self, doc: Doc, spans_key: str = LEXICON_KEY) -> None:
        self.doc = doc
        self.lexicon = lexicon_matches(doc, spans_key)
        self.text = doc_text(doc)
        self.entities: dict[str, Found] = doc._.kg_entities
        self.out: list[FoundRelation] = []
        self.references: list[Mention] = []  # short references resolved to named events
        self.mentions = self._mentions()
        self.country_of = self._countries_of_people()
        # where each ambassador or consul is posted, as a country ("Tổng Lãnh sự tại Côn Minh": CHN)
        self.posted = {p.person: self._country_of_place(p.posted_to) for p in doc._.kg_positions
                       if p.posted_to and p.posted_to in self.entities}
        self.country_of.update(self._countries_before_names())
        for p in doc._.kg_positions:  # a resident ambassador does not visit the country of posting
            if p.person not in self.posted and p.tail in self.entities and self._ambassador_in_vnm(p):
                self.posted[p.person] = "Country:VNM"
        self.led_from = self._delegation_leaders_countries()
        self.country_of.update(self.led_from)
        self.sides = self._sides()
        # where each mission is: "Tổng Lãnh sự quán Việt Nam tại Houston" -> Houston
        self.mission_place = {n.key: n.inner[-1] for n in doc._.kg_names if n.kind == "mission"
                              and len(n.inner) > 1 and n.inner[-1] in self.entities
                              and self.entities[n.inner[-1]].type in PLACES}
        self.trips = Trips(self)
        self.last_event: str | None = None  # the event the text is about, for "Hội nghị", "buổi lễ"
        self.last_pair: tuple[str, str] | None = None  # the two people who last met: "hai Bộ trưởng"
        self.events = EventRules(self)
        self.last_agreement: str | None = None
        self.agreement_refs = ShortReferences(self, "Agreement", {}, lambda: self.last_agreement, capitalized=True)
        self._dates: dict[tuple[int, int], str | None] = {}
        self._index_of: list[Span] | None = None
        self._index: dict[str, list[Span]] = {}

    def run(self) -> list[FoundRelation]:
        self._positions()
        self._unplaced_titles()
        self._names()
        self._wholes_ending_names()
        leader: str | None = None
        starts = [m.start for m in self.mentions]
        all_triggers = sorted((m.span for m in self.lexicon if m.label == L.TRIGGER),
                              key=lambda s: s.start)
        trigger_starts = [t.start for t in all_triggers]
        for sent in self.doc.sents:
            ms = self.mentions[bisect_left(starts, sent.start_char):bisect_left(starts, sent.end_char)]
            triggers = all_triggers[bisect_left(trigger_starts, sent.start):bisect_left(trigger_starts, sent.end)]
            if not triggers and not ms:
                continue
            leader = self._delegation_leader(sent, ms) or leader
            self._met(sent, ms, triggers)
            self._visits(sent, ms, triggers, leader)
            self._mission_visits(sent, ms, triggers, leader)
            self._participation(sent, ms, triggers)
            self._signing(sent, ms, triggers)
            self._cooperation(sent, ms, triggers)
            self.trips.read(sent.start_char, sent.end_char, ms)
            self._units_of(sent, ms)
        self.trips.close()
        self._local_sides_sign()
        return self.out

    # -- context --------------------------------------------------------------------------

    def _mentions(self) -> list[Mention]:
        named = [Mention(s, e, f.key, f.type) for f in self.entities.values() for s, e in f.mentions]
        found = sorted(named + self._bare_titles(named), key=lambda m: (m.start, -m.end))
        outer_end = -1
        for m in found:
            m.nested = m.start < outer_end
            outer_end = max(outer_end, m.end)
        return found

    def _bare_titles(self, named: list[Mention]) -> list[Mention]:
        """'Thủ tướng cho biết ...' after 'Thủ tướng Lâm Quốc Hưng': a title written without a name
        is the one person of the document who holds it (ANNOTATION.md: short forms the reader
        resolves with certainty). Titles two people hold stay unresolved."""
        holders: dict[str, set[str]] = {}
        for pos in self.doc._.kg_positions:
            if len(pos.title.split()) >= 2:
                holders.setdefault(pos.title, set()).add(pos.person)
        unique = {t: next(iter(ps)) for t, ps in holders.items() if len(ps) == 1}
        if not unique:
            return []
        starts = sorted((m.start, m.end) for m in named)
        out: list[Mention] = []
        text = self.text
        for hit_start, title in self._occurrences(unique):
            hit_end = hit_start + len(title)
            following = text[hit_end:hit_end + 20].split()
            if following and following[0][:1].isupper():
                continue  # "Thủ tướng Lâm Quốc Hưng", "Thủ tướng Lào": a title chain, not a bare title
            before = text[max(0, hit_start - 5):hit_start].split()
            if before and before[-1] in ("Phó", "phó", "nguyên", "các", "những", "hai", "ba"):
                continue
            i = bisect_left(starts, (hit_start + 1, 0))
            if i and starts[i - 1][1] > hit_start:
                continue  # inside a name
            out.append(Mention(hit_start, hit_end, unique[title], "Person"))
        return out

    def _occurrences(self, titles) -> list[tuple[int, str]]:
        """Where each title is written as whole words (longest first at one place)."""
        text = self.text
        found: dict[int, str] = {}
        for title in sorted(titles, key=len, reverse=True):
            at = text.find(title)
            while at >= 0:
                end = at + len(title)
                whole = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")) and \
                    (end == len(text) or not (text[end].isalnum() or text[end] == "-"))
                if whole and at not in found:
                    found[at] = title
                at = text.find(title, end)
        return sorted(found.items())

    def _countries_of_people(self) -> dict[str, str]:
        out: dict[str, str] = {}
        # a post the chain placed in a body speaks before one whose country was only assumed
        for pos in sorted(self.doc._.kg_positions, key=lambda p: p.implicit):
            if pos.tail.startswith("Country:"):
                out.setdefault(pos.person, pos.tail)
            elif (tail := self.entities.get(pos.tail)) and tail.props.get("country"):
                out.setdefault(pos.person, f"Country:{tail.props['country']}")
            elif country := self._country_of_body(pos.tail):
                out.setdefault(pos.person, country)
        return out

    def _country_of_body(self, key: str) -> str | None:
        """The country of an organization: its lexicon id ('org:quoc-hoi-vnm'), else the place
        its name holds ('UBND tỉnh Lào Cai' -> VNM)."""
        body = self.entities.get(key)
        if body is None:
            return None
        code = str(body.props.get("id", "")).rsplit("-", 1)[-1].upper()
        if len(code) == 3 and f"Country:{code}" in self.entities:
            return f"Country:{code}"
        for name in self.doc._.kg_names:
            if name.key == key:
                for inner in name.inner:
                    found = self.entities.get(inner)
                    if found and found.type in PLACES:
                        code = found.props.get("iso3") or found.props.get("country")
                        return f"Country:{code}" if code else None
        return None

    def _countries_before_names(self) -> dict[str, str]:
        """'Thủ tướng nước Cộng hòa ... Ethiopia Abiy Ahmed Ali': a person whose post the title chains
        did not place comes from the country named right before their name (not 'tại X', a posting)."""
        out: dict[str, str] = {}
        countries = sorted((m for m in self.mentions if m.type == "Country"), key=lambda c: c.end)
        ends = [c.end for c in countries]
        for m in self.mentions:
            if m.type != "Person" or m.key in out or m.key in self.country_of:
                continue
            window = countries[bisect_left(ends, m.start - 45):bisect_left(ends, m.start + 1)]
            near = [c for c in window if m.start - 45 <= c.end <= m.start
                    and not re.search(r"[.;:]", self.text[c.end:m.start])
                    and not NOT_A_TITLE & set(self.text[c.end:m.start].split())
                    and self.text[max(0, c.start - 5):c.start].strip() not in ("tại", "ở")]
            if near:
                out[m.key] = near[-1].key
        return out

    def _delegation_leaders_countries(self) -> dict[str, str]:
        """'Đoàn đại biểu Bộ Công an Trung Quốc do ông X, Bộ trưởng, dẫn đầu': X comes from the
        country of the body whose delegation they lead."""
        out: dict[str, str] = {}
        text = self.text
        people = [m for m in self.mentions if m.type == "Person"]
        for m in self.mentions:
            if m.nested or m.type not in ("Organization", "Ministry"):
                continue
            if not DELEGATION_OF.search(text[max(0, m.start - 40):m.start]):
                continue
            country = self._country_of_body(m.key) or next(
                (f"Country:{self._country_code(o.key)}" for o in reversed(self.mentions)
                 if m.start <= o.start and o.end <= m.end and o.type in PLACES and self._country_code(o.key)), None)
            if m.type == "Ministry":
                country = f"Country:{m.key.rsplit('|', 1)[-1]}"
            if not country:
                continue
            clause = re.split(r"[.;]", text[m.end:m.end + 220], maxsplit=1)[0]
            by = re.match(r"(?:\s*\([^)]*\))?\s*do\b", clause)
            if not by or not LEADS.search(clause):
                continue
            leader = next((p for p in people if m.end + by.end() <= p.start < m.end + len(clause)), None)
            if leader:
                out.setdefault(leader.key, country)
        return out

    def _sides(self) -> list[str]:
        """The two countries of a bilateral article: Viet Nam and the foreign country named most."""
        counts = {k: len(f.mentions) for k, f in self.entities.items() if f.type == "Country" and k != "Country:VNM"}
        if "Country:VNM" not in self.entities or not counts:
            return []
        return ["Country:VNM", max(counts, key=counts.get)]

    def _add(self, rel: str, source: str, target: str, sent: Span | tuple[int, int], confidence: float,
             rule: str = "", **props) -> bool:
        if source == target or source not in self.entities or target not in self.entities:
            return False
        if not allowed(rel, self.entities[source].type, self.entities[target].type):
            return False
        where = sent if isinstance(sent, tuple) else (sent.start_char, sent.end_char)
        if props.get("date") is SENTENCE_DATE:  # read only for relations that are kept
            props["date"] = self._date(where)
        self.out.append(FoundRelation(rel, source, target, where,
                                      {k: v for k, v in props.items() if v}, confidence, rule))
        return True

    def _ensure_country(self, key: str) -> None:
        # A post whose body the text leaves implicit points to the person's country,
        # which then is an entity of the document even where it is not named.
        if key not in self.entities and key.startswith("Country:"):
            iso3 = key.split(":", 1)[1]
            self.entities[key] = Found("Country", key, lexicon().countries[iso3].name, {"iso3": iso3})

    # -- from title chains and names ----------------------------------------------------------

    def _positions(self) -> None:
        positions = self.doc._.kg_positions
        # "Thứ trưởng Trung" after "Thứ trưởng Ngoại giao Lê Hoài Trung": a bare title
        # repeats a post the document already placed in a body.
        placed = {p.person for p in positions if not p.implicit}
        missions = [n for n in self.doc._.kg_names if n.kind == "mission" and n.key in self.entities]
        for pos in positions:
            if pos.implicit and pos.person in placed:
                continue
            if pos.implicit and pos.scope == "mission" and len({m.key for m in missions}) == 1:
                # "Công sứ Nguyễn Đức Minh" in an article about one embassy: its diplomat
                mission = missions[0]
                places = [k for k in mission.inner if self.entities[k].type in PLACES]
                pos.tail, pos.posted_to = mission.key, (places[-1] if len(places) > 1 else None)
            if pos.implicit and pos.person in self.led_from and pos.tail.startswith("Country:"):
                pos.tail = self.led_from[pos.person]  # the leader of a foreign delegation
            self._ensure_country(pos.tail)
            sent = self.doc.char_span(*pos.sentence, alignment_mode="expand")
            self._add("HOLDS_POSITION", pos.person, pos.tail, sent, 0.8, "title_chain", title=pos.title)
            if pos.posted_to:
                self._add("POSTED_TO", pos.person, pos.posted_to, sent, 0.9, "title_chain")
            elif self._ambassador_in_vnm(pos):
                # "Đại sứ Australia John Doe" in the Vietnamese press: the ambassador in Viet Nam
                self._add("POSTED_TO", pos.person, "Country:VNM", sent, 0.6, "ambassador_in_vnm")

    def _unplaced_titles(self) -> None:
        """'Tổng thống John Doe' with no country in the chain: a foreign head of state or government
        holds the post in the country the text places them in, else in the one foreign country of
        the article. (The title chains give no post they cannot place.)"""
        held = {p.person for p in self.doc._.kg_positions}
        foreign = [k for k, f in self.entities.items() if f.type == "Country" and k != "Country:VNM"]
        scopes = {t.title: t.scope for t in lexicon().titles}
        titles = sorted((m.span for m in self.lexicon if m.label == L.TITLE
                         and scopes.get(m.id) == "country"), key=lambda s: s.end_char)
        if not titles:
            return
        ends = [t.end_char for t in titles]
        for key, found in self.entities.items():
            if found.type != "Person" or key in held or is_vietnamese(key):
                continue
            country = self.country_of.get(key) or (foreign[0] if len(foreign) == 1 else None)
            if country is None:
                continue
            for start, _ in found.mentions:
                i = bisect_left(ends, start - 1)
                if i < len(titles) and titles[i].end_char <= start and not self.text[titles[i].end_char:start].strip():
                    t = titles[i]
                    sent = self.doc.char_span(t.start_char, start, alignment_mode="expand").sent
                    self._add("HOLDS_POSITION", key, country, sent, 0.6, "title_unplaced", title=t.id_)
                    break

    def _wholes_ending_names(self) -> None:
        """'Ban Đối ngoại Trung ương Đảng X', 'Bộ Chính trị Đảng Y': an organization whose name ends
        with the name of another is a part of it (ANNOTATION.md: the part of a longer name)."""
        seen: set[tuple[str, str]] = set()
        for n, m in enumerate(self.mentions):
            if m.nested or m.type != "Organization" or self.entities[m.key].props.get("kind") == "mission":
                continue
            for inner in self.mentions[n + 1:]:
                if inner.start >= m.end:
                    break
                if inner.type == "Organization" and inner.end == m.end and inner.start > m.start \
                        and inner.key != m.key and (m.key, inner.key) not in seen \
                        and self.text[m.start:inner.start].split()[-1:] != ["liên"]:  # "Ủy ban liên Chính phủ"
                    seen.add((m.key, inner.key))
                    sent = self.doc.char_span(m.start, m.end, alignment_mode="expand").sent
                    self._add("PART_OF", m.key, inner.key, sent, 0.6, "name_ends_with_whole")

    def _names(self) -> None:
        name: FoundName
        for name in self.doc._.kg_names:
            sent = self.doc.char_span(*name.sentence, alignment_mode="expand")
            bodies = [k for k in name.inner if self.entities.get(k) and self.entities[k].type in BODIES]
            if name.type == "Organization" and name.kind != "mission" and bodies:
                self._add("PART_OF", name.key, bodies[-1], sent, 0.6, "name_inner")
            if name.type == "Event":
                self.events.event_name_parties(name, sent)
            if name.type == "Agreement":
                parties = self.events.name_parties(name)
                for party in parties:
                    self._add("SIGNED", party, name.key, sent, 0.7, "agreement_name_party",
                              date=self._date(sent))
                for a, b in combinations(parties, 2):
                    self._add("COOPERATES_WITH", a, b, sent, 0.7, "agreement_name_party")

    # -- from trigger words ------------------------------------------------------------------

    def _triggered(self, triggers: list[Span], relation: str) -> list[Span]:
        if self._index_of is not triggers:  # one index per sentence: the rules ask often
            self._index_of, self._index = triggers, {}
            for t in triggers:
                self._index.setdefault(t.id_.split("|", 1)[0], []).append(t)
        return list(self._index.get(relation, ()))

    def _date(self, sent: Span | tuple[int, int]) -> str | None:
        """The sentence's own date, else the article's: news reports what just happened."""
        where = sent if isinstance(sent, tuple) else (sent.start_char, sent.end_char)
        if where not in self._dates:  # several rules ask for the date of one sentence
            published = self.doc.user_data.get("published")
            self._dates[where] = sentence_date(self.text[where[0]:where[1]], published) or published
        return self._dates[where]

    def _people(self, ms: list[Mention], start: int, end: int) -> list[Mention]:
        return [m for m in ms if m.type == "Person" and start <= m.start < end]

    def _delegation_leader(self, sent: Span, ms: list[Mention]) -> str | None:
        if "dẫn đầu" in self.text[sent.start_char:sent.end_char] or "Trưởng đoàn" in self.text[sent.start_char:sent.end_char]:
            people = self._people(ms, sent.start_char, sent.end_char)
            return people[0].key if people else None
        return None

    def _visits(self, sent: Span, ms: list[Mention], triggers: list[Span], leader: str | None) -> None:
        places = [m for m in ms if m.type in PLACES and not m.nested]
        if not places:
            return
        visits = self._triggered(triggers, "VISITED")
        # "đến Hà Nội", "tới Thủ đô Vientiane": a verb of motion right before a place
        arrivals = [t for t in self._triggered(triggers, "ARRIVE") if self._place_right_after(t.end_char, places)
                    and not NOT_TRAVEL.search(self.text, max(sent.start_char, t.start_char - 45), t.start_char)]
        explicit = self._longest(sorted(visits + arrivals, key=lambda t: t.start_char))
        if explicit:
            self._explicit_visits(sent, ms, triggers, explicit, places, leader, arrivals)
        # "dự Hội nghị ... tổ chức tại New York và thăm Hoa Kỳ": both places
        self._implicit_visits(sent, ms, triggers, places)

    def _mission_visits(self, sent: Span, ms: list[Mention], triggers: list[Span], leader: str | None) -> None:
        """'Đoàn ... do X dẫn đầu đã làm việc với Tổng Lãnh sự quán Việt Nam tại Houston': whoever
        travels from home to meet their country's mission abroad visited the mission's place."""
        verbs = self._triggered(triggers, "MET") + self._triggered(triggers, "VISITED")
        if not verbs:
            return
        first = min(t.start_char for t in verbs)
        places = [m for m in ms if m.type in PLACES and not m.nested]
        targets: list[tuple[Mention, str]] = []
        for m in ms:
            if m.start <= first or m.nested or m.type != "Organization":
                continue
            place = self.mission_place.get(m.key)
            if place is None and self.entities[m.key].name.split()[:1] in (["Đại"], ["Tổng"], ["Lãnh"]) and \
                    "quán" in self.entities[m.key].name.split()[:4]:
                # "Tổng Lãnh sự quán Việt Nam tại thành phố X" read without its place
                at = AT.match(self.text, m.end + 1)
                found = self._place_right_after(at.end(), places) if at else None
                place = found.key if found else None
            if place:
                targets.append((m, place))
        if not targets:
            return
        visitors = [m.key for m in self._people(ms, sent.start_char, first) if not m.nested]
        if not visitors and leader and any(w in self.text[sent.start_char:first] for w in DELEGATION):
            visitors = [leader]
        date = self._date(sent)
        diplomats = {p.person for p in self.doc._.kg_positions if p.scope == "mission"}
        for key in dict.fromkeys(visitors):
            if key in diplomats:
                continue  # "Công sứ X trao đổi với Đại sứ quán ...": the mission's own staff
            home = self.country_of.get(key, "Country:VNM" if key.startswith("Person:") else None)
            for m, place in targets:
                country = self._country_of_place(place)
                if home is None or country in (home, self.posted.get(key)) or key in self.posted:
                    continue  # a diplomat of the mission, or someone at home
                if self._country_of_body(m.key) not in (home, None):
                    continue  # another country's mission
                self._add("VISITED", key, place, sent, 0.55, "visit_mission", status="done", date=date)

    def _explicit_visits(self, sent: Span, ms: list[Mention], triggers: list[Span], verbs: list[Span],
                         places: list[Mention], leader: str | None, arrivals: list[Span]) -> None:
        first = verbs[0]
        # "sẽ thăm", "dự kiến sang thăm": a planned visit, said right before the verb
        planned = self._triggered(triggers, "PLANNED")
        status = "planned" if any(0 <= first.start - t.end <= 3 for t in planned) else "done"
        date = SENTENCE_DATE
        anchor = first.start_char
        targets: list[Mention] = []
        arrived: list[int] = []  # places reached by a verb of motion: "về đến Hà Nội" is a return home
        nominal: list[tuple[list[Mention], list[Mention]]] = []  # "chuyến thăm Lào của X": (visitors, places)
        for n, t in enumerate(verbs):
            stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
            here = self._list_from([m for m in places if t.end_char <= m.start < stop])
            of = self.text.find(" của ", t.end_char, stop)
            if t.text.startswith("chuyến") and 0 <= of < t.end_char + 60:
                owners = self._people(ms, of, stop)[:1]
                owners += [m for m in self._people(ms, of, stop)[1:] if self._joined(m, owners[0])] if owners else []
                if owners:
                    nominal.append((owners, here or targets))
                    continue
            targets += [m for m in here if m not in targets]
            if t in arrivals:
                arrived += [m.start for m in here]
        for owners, where in nominal:
            self._visit(owners, where, sent, 0.7, "visit_nominal", status, date, [])
        if not targets:
            return
        visitors = self._people(ms, sent.start_char, anchor)[-1:]
        if visitors:
            nearest = visitors[0]
            visitors = [m for m in self._people(ms, sent.start_char, anchor)
                        if m.key == nearest.key or self._joined(m, nearest)]
        else:
            # "Trong chuyến thăm ..., A hội đàm với B": the subject after the verb, not whom A met
            after = [m for m in self._people(ms, anchor, sent.end_char)
                     if not any(m in owners for owners, _ in nominal) and not self._invited_by(m, triggers)]
            visitors = [m for m in after if after and (m.key == after[0].key or self._joined(after[0], m))]
        if not visitors and leader and any(w in self.text[sent.start_char:sent.end_char] for w in DELEGATION):
            visitors = [Mention(0, 0, leader, "Person")]
        arrival_only = len(arrived) == len(targets)
        self._visit(visitors, targets, sent, 0.55 if arrival_only else 0.7,
                    "visit_arrival" if arrival_only else "visit_trigger", status, date, arrived)

    @staticmethod
    def _longest(spans: list[Span]) -> list[Span]:
        """Trigger forms inside longer ones go: 'chuyến thăm' speaks, not its 'thăm'."""
        return [t for t in spans if not any(o is not t and o.start <= t.start and t.end <= o.end
                                            and len(o) > len(t) for o in spans)]

    def _invited_by(self, m: Mention, triggers: list[Span]) -> bool:
        """'theo lời mời của X': X hosts the visit."""
        return any(0 <= m.start - t.end_char <= 60 for t in self._triggered(triggers, "HOST"))

    def _visit(self, visitors: list[Mention], targets: list[Mention], sent: Span, confidence: float, rule: str,
               status: str, date: str | None, arrived: list[int]) -> None:
        for key in dict.fromkeys(m.key for m in visitors):
            home = self.country_of.get(key, "Country:VNM")
            for place in targets:
                country = f"Country:{self._country_code(place.key)}"
                if country == home and (place.type == "Country" or place.start in arrived):
                    continue  # a visitor does not visit their own country ("về đến Hà Nội")
                if place.type == "Country" and place.key == self.posted.get(key):
                    continue  # nor a resident ambassador the country of posting
                self._add("VISITED", key, place.key, sent, confidence, rule, status=status, date=date)

    def _implicit_visits(self, sent: Span, ms: list[Mention], triggers: list[Span], places: list[Mention]) -> None:
        """Talks 'tại X' abroad, 'đến dự ... tại X': the side from elsewhere travelled to X."""
        text = self.text
        if not AT.search(text, sent.start_char, sent.end_char):  # no "tại": nothing to do
            return
        opening_end = sent[:6].end_char
        acts = self._triggered(triggers, "MET") + self._triggered(triggers, "PARTICIPATED_IN")
        targets: list[Mention] = []
        for at in AT.finditer(text, sent.start_char, sent.end_char):
            if at.start() >= opening_end and not any(t.start_char < at.start() for t in acts):
                continue
            if POSTING.search(text, max(sent.start_char, at.start() - 30), at.start()):
                continue  # "Tổng Lãnh sự Ý tại TP Hồ Chí Minh": a post, not a visit
            place = self._place_right_after(at.end(), places)
            if place:
                targets = self._list_from([m for m in places if m.start >= place.start])
                break
        if not targets:
            return
        date = self._date(sent)
        for m in self._people(ms, sent.start_char, sent.end_char):
            home = self.country_of.get(m.key)
            if home is None or m.nested:
                continue  # whose country the text does not give may live there
            for place in targets:
                country = f"Country:{self._country_code(place.key)}"
                if country in (home, self.posted.get(m.key)):
                    continue
                self._add("VISITED", m.key, place.key, sent, 0.5, "visit_at_place", status="done", date=date)

    def _ambassador_in_vnm(self, pos) -> bool:
        """A foreign ambassador named with their country only ('Đại sứ Australia John Doe')."""
        return pos.scope == "mission" and not pos.posted_to and "Đại sứ" in pos.title \
            and "Country:VNM" in self.entities and not is_vietnamese(pos.person) \
            and self._country_of_place_or_body(pos.tail) not in (None, "Country:VNM")

    def _country_of_place_or_body(self, key: str) -> str | None:
        found = self.entities.get(key)
        if found is None:
            return None
        if found.type in PLACES:
            return self._country_of_place(key)
        if found.type == "Ministry":
            return f"Country:{key.rsplit('|', 1)[-1]}"
        return self._country_of_body(key)

    def _country_of_place(self, key: str) -> str:
        return key if self.entities[key].type == "Country" else f"Country:{self._country_code(key)}"

    def _country_code(self, key: str) -> str | None:
        props = self.entities[key].props
        return props.get("country") or props.get("iso3")

    def _place_right_after(self, at: int, places: list[Mention]) -> Mention | None:
        """The place that follows position `at` with only generic words between ('thủ đô', 'sân bay')."""
        for m in places:
            if at <= m.start <= at + 40:
                return m if PLACE_LEAD.fullmatch(self.text[at:m.start]) else None
        return None

    def _list_from(self, ms: list[Mention]) -> list[Mention]:
        """The first mention and those listed with it ('Fukuoka và Tokyo', 'Wellington, New Zealand')."""
        out = ms[:1]
        for m in ms[1:]:
            if not LIST_GAP.fullmatch(self.text[out[-1].end:m.start]):
                break
            out.append(m)
        return out

    def _joined(self, a: Mention, b: Mention) -> bool:
        """Two mentions joined by 'và' or ',' in a list of subjects."""
        lo, hi = sorted((a, b), key=lambda m: m.start)
        between = self.text[lo.end:hi.start]
        return len(between) < 120 and (" và " in between or between.strip().startswith(","))

    def _participation(self, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
        named = [m for m in ms if m.type == "Event" and not m.nested]
        refs = self.events.references(sent, ms)
        self.references += refs
        events = sorted(named + refs, key=lambda m: m.start)
        self.events.listed(sent, ms, events)
        if named:
            self.last_event = named[-1].key
        if not events:
            return
        self.events.nominal(sent, ms, events)
        acts = self._triggered(triggers, "PARTICIPATED_IN")
        # "phối hợp tổ chức" holds "tổ chức": the longer form speaks
        acts = self._longest(acts)
        for t in self._triggered(triggers, "HOST"):  # "theo lời mời của Thủ tướng X": X hosts
            hosts = [m for m in ms if m.start >= t.end_char and m.type in {"Person", "Country"}][:2]
            for e in [e for e in events if e.end <= t.start_char][-1:]:
                for h in hosts:
                    self._add("PARTICIPATED_IN", h.key, e.key, sent, 0.6, "host_invitation", role="host")
        verbs = sorted(self._triggered(triggers, "VISITED") + acts, key=lambda t: t.start_char)
        clause_start = verbs[0].start_char if verbs else sent.start_char
        for n, t in enumerate(acts):
            role = t.id_.split("|")[2]
            stop = acts[n + 1].start_char if n + 1 < len(acts) else sent.end_char
            targets = [e for e in events if t.end_char <= e.start < stop]
            if not targets:
                continue
            keys = self._subjects(sent, ms, min(clause_start, t.start_char))
            if not keys and (t.start - sent.start <= 2 or FRONTED.search(self.text, max(sent.start_char,
                                                                                   t.start_char - 25), t.start_char)):
                # "Phát biểu tại buổi lễ, Đại sứ X ...", "nhân dịp tham dự X, Thủ tướng Y ...":
                # the subject follows the fronted clause
                after = [m for m in self._people(ms, targets[-1].end, sent.end_char) if not m.nested]
                keys = [m.key for m in after if m.key == after[0].key or self._joined(after[0], m)]
            if t.text.lower() == "bên lề":  # "Bên lề Hội nghị X, A gặp B": whoever the sentence names was there
                keys = [m.key for m in self._people(ms, sent.start_char, sent.end_char) if not m.nested]
            if t.text.startswith("phối hợp"):  # "Với Trung Quốc, ... phối hợp tổ chức": both sides
                keys += [m.key for m in ms if m.type == "Country" and not m.nested
                         and self.text[max(0, m.start - 4):m.start].strip().lower() == "với"]
            for key in dict.fromkeys(keys):
                for e in targets:
                    self._add("PARTICIPATED_IN", key, e.key, sent, 0.6, "participation_trigger", role=role)
            if role in ("organizer", "host", "chair"):  # "A tổ chức Hội nghị X với tỉnh B": B takes part
                for e in targets:
                    partner = self._partner_after(e, ms, sent)
                    if partner:
                        self._add("PARTICIPATED_IN", partner.key, e.key, sent, 0.5, "event_partner",
                                  role="participant")
            if t.text in CO_ORGANIZE and keys:  # "A, B và C phối hợp tổ chức": the organizers cooperate
                bodies = [k for k in dict.fromkeys(keys) if self.entities[k].type in BODIES - {"Country"}]
                for a, b in combinations(bodies, 2):
                    self._add("COOPERATES_WITH", a, b, sent, 0.5, "co_organizers")
        self._met_at_event(sent, events)

    def _partner_after(self, event: Mention, ms: list[Mention], sent: Span) -> Mention | None:
        with_ = self.text.find(" với ", event.end - 1, min(sent.end_char, event.end + 6))
        if with_ < 0:
            return None
        return next((m for m in ms if with_ < m.start <= with_ + 20 and not m.nested
                     and m.type in BODIES and m.type != "City"), None)

    def _met_at_event(self, sent: Span, events: list[Mention]) -> None:
        """'A gặp B bên lề / tại / nhân dịp Hội nghị X': both were at X."""
        at = [e for e in events if AT_EVENT.search(self.text, max(sent.start_char, e.start - 22), e.start)]
        if not at:
            return
        where = (sent.start_char, sent.end_char)
        people = {k for r in self.out if r.type == "MET" and r.sentence == where for k in (r.source, r.target)}
        for key in sorted(people):
            for e in at:
                self._add("PARTICIPATED_IN", key, e.key, sent, 0.5, "met_at_event", role="participant")

    def _subjects(self, sent: Span, ms: list[Mention], before: int) -> list[str]:
        """Who does what the verb at `before` says: the people of the clause, or
        'ta' (Viet Nam), a delegation's country, or both sides ('hai bên', 'hai nước')."""
        words = self.text[sent.start_char:before].split()
        outside = [m for m in ms if m.end <= before and not m.nested and not self._in_brackets(m, sent)]
        people = [m.key for m in outside if m.type == "Person"]
        keys = list(people)
        if any(w in DELEGATION for w in words):
            keys += [m.key for m in outside if m.type == "Country"]
        if not keys:
            bodies = [m for m in outside if m.type in BODIES and not self._located(m)]
            if bodies:
                last = bodies[-1]
                keys = [m.key for m in bodies if m is last or (m.type == last.type and self._joined(m, last))]
        if "ta" in words and "Country:VNM" in self.entities:
            keys.insert(0, "Country:VNM")
        if not people and any(w.lower() in BOTH_SIDES for w in words) and self.sides:
            keys = list(self.sides)
        return keys

    def _located(self, m: Mention) -> bool:
        """'... tại Nhật Bản': a place that says where, not who."""
        return m.type in PLACES and self.text[max(0, m.start - 5):m.start].strip() in ("tại", "ở")

    def _in_brackets(self, m: Mention, sent: Span) -> bool:
        before = self.text[sent.start_char:m.start]
        return before.count("(") > before.count(")")

    def _signing(self, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
        signs = self._triggered(triggers, "SIGNED")
        agreements = [m for m in ms if m.type == "Agreement" and not m.nested]
        if agreements:
            self.last_agreement = agreements[-1].key
        if not signs:
            return
        if not agreements:  # "hai bộ trưởng đã ký Bản ghi nhớ": the one named before
            agreements = self.agreement_refs.references(sent, ms)
        if not agreements:
            return
        sign = signs[0]
        witness = [t for t in self._triggered(triggers, "WITNESS") if t.start_char < sign.start_char]
        start = witness[-1].end_char if witness else sent.start_char
        signers = [m.key for m in self._people(ms, start, sign.start_char) if not self._in_trip_phrase(m, sent)]
        parties = self._between_after(ms, agreements[-1].end, sent.end_char)
        words = self.text[sent.start_char:sign.start_char].split()
        if not signers and not parties and not witness and BOTH_SIDES & {w.lower() for w in words}:
            signers = self._both_sides(words)
        if not signers and not parties and not witness:
            # "Sở A và Văn phòng B nhất trí ký Thỏa thuận ...": the bodies that sign
            signers = [m.key for m in ms if m.type in ("Organization", "Ministry") and not m.nested
                       and m.start < sign.start_char and not self._in_brackets(m, sent)]
        if not signers and not parties and not witness:
            # "Với Trung Quốc, ta đã ký Hiệp định ...": the countries of the clause
            outside = [m for m in ms if m.type == "Country" and not m.nested and m.start < sign.start_char]
            signers = [m.key for m in outside]
            words = self.text[sent.start_char:sent.end_char][: sign.start_char - sent.start_char].split()
            if "ta" in words and "Country:VNM" in self.entities:
                signers.insert(0, "Country:VNM")
        date = self._date(sent)
        for agreement in agreements:
            if agreement.start < sign.start_char and not witness and not parties:
                continue
            for key in dict.fromkeys(signers + parties):
                self._add("SIGNED", key, agreement.key, sent, 0.45, "sign_trigger", date=date)
            for a, b in combinations(parties, 2):
                self._add("COOPERATES_WITH", a, b, sent, 0.6, "sign_between")
            named = any(r.type == "SIGNED" and r.target == agreement.key and r.rule == "agreement_name_party"
                        for r in self.out)
            if not parties and not named:  # the parties its name or the text give come first
                self._ministries_sign(signers, agreement.key, sent, date)

    def _local_sides(self) -> list[str]:
        """The two sides of an article between localities: its one Vietnamese province or city
        and its one foreign one ("tỉnh A và tỉnh B ký Biên bản ghi nhớ giữa hai bên")."""
        home, abroad = [], []
        for key, found in self.entities.items():
            if found.type in ("Province", "City"):
                (home if found.props.get("country") == "VNM" else abroad).append(key)
        return home + abroad if len(home) == 1 and len(abroad) == 1 else []

    def _local_sides_sign(self) -> None:
        """A record or memorandum of an article between two localities, with no party the rules
        found, is signed by both localities (ANNOTATION.md: "hai bên" resolve to
        the two sides the text has named)."""
        agreements = [k for k, f in self.entities.items() if f.type == "Agreement"
                      and f.name.split()[0] in LOCAL_RECORDS and any(w in f.name for w in ("hợp tác", "ghi nhớ"))]
        if not agreements:
            return
        sides = self._local_sides()
        if not sides:
            return
        signed = {r.target for r in self.out if r.type == "SIGNED"
                  and self.entities[r.source].type in ("Province", "City", "Organization")}
        for key in agreements:
            if key in signed:
                continue
            at = self.entities[key].mentions[0]
            sent = self.doc.char_span(at[0], at[1], alignment_mode="expand").sent
            for side in sides:
                self._add("SIGNED", side, key, sent, 0.5, "local_sides_sign", date=self._date(sent))

    def _in_trip_phrase(self, m: Mention, sent: Span) -> bool:
        """'Nhân chuyến thăm Rumani của Thủ tướng X, ... A và B đã ký': X made the trip, A and B signed."""
        before = self.text[sent.start_char:m.start]
        segment = before[before.rfind(",") + 1:]
        return any(cue in segment for cue in TRIP_PHRASES)

    def _both_sides(self, words: list[str]) -> list[str]:
        """'hai Bộ trưởng', 'hai Thủ tướng': the two people who met last. ('hai bên' does not name
        the countries as parties: countries sign only when the text names them.)"""
        after = [words[n + 1] for n, w in enumerate(words[:-1]) if w.lower() in BOTH_SIDES]
        if self.last_pair and any(w[:1].isupper() or w in PAIR_TITLES for w in after):
            return list(self.last_pair)
        return []

    def _ministries_sign(self, signers: list[str], agreement: str, sent: Span, date: str | None) -> None:
        """Ministers signing for their ministries: the ministries signed, and cooperate."""
        ministries = []
        for person in signers:
            if not person.startswith("Person:"):
                continue
            bodies = [r.target for r in self.out if r.type == "HOLDS_POSITION" and r.source == person
                      and self.entities[r.target].type == "Ministry"]
            ministries += bodies[:1]
        for ministry in dict.fromkeys(ministries):
            self._add("SIGNED", ministry, agreement, sent, 0.55, "signer_ministry", date=date)
        for a, b in combinations(dict.fromkeys(ministries), 2):
            self._add("COOPERATES_WITH", a, b, sent, 0.5, "signer_ministry")

    def _between_after(self, ms: list[Mention], start: int, end: int) -> list[str]:
        """'..., ký giữa Bộ A và Bộ B': the bodies after 'giữa' that follow an agreement."""
        at = self.text.find(" giữa ", start, end)
        if at < 0:
            return []
        return list(dict.fromkeys(m.key for m in ms if m.start > at and not m.nested
                                  and m.type in BODIES - {"Country"}))
