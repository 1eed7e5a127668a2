"""The `kg_mentions` component: the entities of a document and the posts its people hold.

It reads the lexicon matches of `span_ruler` (doc.spans["kg_lexicon"]) and
resolves them into entities with document-level keys ("Country:VNM",
"Ministry:Bộ Ngoại giao|IDN", "Person:Lê Hoài Trung"), reads names opened by
head words (kg.extract.names), and parses title chains into positions that
`kg_relations` turns into HOLDS_POSITION and POSTED_TO.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract.names import Name, NameReader, field_spans, fields_end, joined_field_end, ministry_end
from kg.extract.people import (
    APPOSITION_LINKS, QUALIFIER_START, Position, Unit, blocked, is_vietnamese, name_end, positions_of,
    resolve_short_names,
)
from kg.extract.text import LEXICON_KEY, Cursor, doc_text, lexicon_matches, span_text, token_texts
from kg.resources import Lexicon, lexicon, slug

for _name in ("kg_entities", "kg_positions", "kg_names"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Generic words before a place that say which kind of place it is.
PROVINCE_WORDS = {"tỉnh", "Tỉnh", "bang", "Bang"}
CITY_WORDS = {"phố", "TP", "TP.", "thủ", "Thủ", "xã"}  # thành phố, thủ đô, thị xã
# Below the first level: "huyện Sơn Tây" is a district, not the Chinese province.
DISTRICT_WORDS = {"huyện", "quận", "phường", "trấn", "Huyện", "Quận", "Phường"}
WRITTEN_NAMES = {"Organization", "Agreement", "Event"}  # named as the document writes them
TOWN_WORDS = {"thành phố", "thị trấn", "thị xã", "TP", "TP."}
TOWN_LISTS = ("thành phố", "thị trấn", "thị xã", "huyện lỵ", "đô thị")  # "các huyện lỵ ... gồm: A, B"
LIST_OPENERS = {":", "gồm", "như"}
DASHES = {"-", "–", "—"}
CREDIT_BEFORE = {"/", "(", "Theo", "theo", "viên", "Nguồn:", "Ảnh:"}  # "phóng viên TTXVN"
CREDIT_WORDS = {"Ảnh", "Nguồn", "Ảnh:", "Nguồn:", "Video", "Clip"}
MISSION_TAILS = {"mission", "body"}  # name_heads.tsv tails: the head, then its country
PLACE_GENERIC = {"tỉnh", "Tỉnh", "bang", "Bang", "thành phố", "Thành phố", "TP", "TP.", "thủ đô", "Thủ đô", "vùng"}
BODY_WORDS = 12  # words of a body the lexicon could not read, between a title and its holder's name
BODY_BREAKS = {"và", "các", "những", "với", "tại", "cho", "là"}  # not inside a body before a name
TITLE_LABEL = {L.TITLE}
OF_WORDS = {"của", "thuộc"}  # "Ủy ban Đối ngoại của Quốc hội Peru": a body of its own inside a name
LIST_TITLE_LINKS = {",", "-", "–"}  # "Nguyễn Văn A, Giám đốc ...", "Trần Thị B - Chánh Văn phòng ..."
LIST_ITEM_OPENERS = {":", ";"}
DIVISION_WORDS = {"bang", "Bang", "vùng", "Vùng"}  # before a foreign first-level division
FOREIGN_MINISTER = {"Ngoại trưởng", "Phó Ngoại trưởng", "Trợ lý Ngoại trưởng"}  # titles.tsv: of "Bộ Ngoại giao"


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


def headline_acronym(cur: Cursor, span: Span) -> bool:
    """An acronym inside a headline written in capitals ("NAM" in "THĂM VIỆT NAM") is no acronym."""
    texts = cur.texts
    if not span_text(span).isupper():
        return False
    near = [texts[k] for k in (span.start - 1, span.end) if 0 <= k < len(texts) and texts[k].isalpha()]
    return any(t.isupper() and len(t) > 1 for t in near)


def credit(cur: Cursor, span: Span) -> bool:
    """Whether a news medium is cited as a source or credit, not named as a body:
    "(TTXVN)", "Theo TTXVN", "phóng viên TTXVN tại ...", "Ảnh: Tuấn Anh/TTXVN", "AFP/TTXVN"."""
    texts, start = cur.texts, span.start
    prev = texts[start - 1] if start else ""
    nxt = texts[span.end] if span.end < len(texts) else ""
    return (prev in CREDIT_BEFORE or nxt in ("/", ")") or prev == ":" and start > 1 and texts[start - 2] in CREDIT_WORDS
            or any(t in CREDIT_WORDS for t in texts[max(0, start - 6):start]))


def country_after(cur: Cursor, k: int) -> Span | None:
    """The country named at token k, also after "nước" ("Bộ Ngoại giao nước Cộng hòa ...")."""
    if k < len(cur.texts) and cur.texts[k] == "nước":
        return cur.at(k + 1, {L.COUNTRY})
    return cur.at(k, {L.COUNTRY})


def written_place(text: str) -> str:
    """A place as the document writes it, keyed without a generic word glued to it: "TPHCM",
    "TP.HCM" -> "HCM" (ANNOTATION.md: keys keep the written form)."""
    for prefix in ("TP. ", "TP.", "TP "):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):]
    if text.startswith("TP") and text[2:].isupper() and len(text) > 3:
        return text[2:]
    return text


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
                  and (f.name.casefold().startswith(prefix) or same_written(f, short))]
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


@Language.factory("kg_mentions", requires=["doc.spans", "token.is_sent_start"],
                  assigns=["doc._.kg_entities", "doc._.kg_positions", "doc._.kg_names"],
                  default_config={"spans_key": LEXICON_KEY})
def make_mentions(nlp: Language, name: str, spans_key: str) -> "MentionFinder":
    return MentionFinder(lexicon(), spans_key)


class MentionFinder:
    def __init__(self, lex: Lexicon, spans_key: str = LEXICON_KEY) -> None:
        self.lex = lex
        self.spans_key = spans_key
        self.ministries = {m.id: m for m in lex.ministries}
        self.ministry_names = {n: m for m in lex.ministries for n in m.names}
        self.orgs = {o.id: o for o in lex.orgs}
        self.org_names = {n: o for o in lex.orgs for n in o.names}
        self.titles = {t.title: t for t in lex.titles}
        self.names = NameReader(lex)

    def __call__(self, doc: Doc) -> Doc:
        cur = self._cur = Cursor(doc, lexicon_matches(doc, self.spans_key))
        ents = Entities(doc_text(doc))
        marks = sorted((s.start, s.id_) for found in cur.by_start.values() for s in found
                       if s.label_ == L.COUNTRY and s.id_ != "VNM")
        self._foreign_at = [m[0] for m in marks]
        self._foreign_iso = [m[1] for m in marks]
        self._unplaced: dict[int, Span] = {}
        self._government: list[tuple[int, int]] = []  # "Chính phủ" after "Thủ tướng" in the chain being read
        self._missions: dict[tuple, str] = {}  # (head, place ids) -> key of a mission or state body
        self.found_names: dict[int, FoundName] = {}
        positions: list[Position] = []
        person_tokens: set[int] = set()
        shorts: list[tuple[str, Span, list[Unit], Span]] = []  # (word, span, units, sentence)
        self._person_tokens = person_tokens
        for sent in doc.sents:
            positions += self._people(cur, sent, ents, person_tokens, shorts)
        positions += self._resolve_shorts(ents, shorts)
        self._places(cur, ents, person_tokens)
        self._unlisted_cities(cur, ents, person_tokens)
        self._ministries(cur, ents)
        self._names(cur, ents, person_tokens)
        self._orgs(cur, ents)
        names = sorted(self.found_names.values(), key=lambda n: n.start)
        for short, full in merge_short_forms(ents).items():
            for pos in positions:
                pos.tail = full if pos.tail == short else pos.tail
            for name in names:
                name.key = full if name.key == short else name.key
                name.inner = [full if k == short else k for k in name.inner]
        doc._.kg_entities = ents.by_key
        doc._.kg_positions = positions
        doc._.kg_names = names
        return doc

    # -- places ------------------------------------------------------------------

    def _places(self, cur: Cursor, ents: Entities, skip: set[int]) -> None:
        chosen = [s for s in cur.longest({L.COUNTRY, L.PLACE, L.BLOCK}, skip) if s.label_ != L.BLOCK]
        # A name that is both a division and a city: the generic word before any
        # of its mentions decides, for the whole document.
        kind_of: dict[str, str] = {}
        for span in chosen:
            if span.label_ == L.PLACE and (kind := self._generic_kind(cur.doc, span)):
                kind_of.setdefault(span_text(span), kind)
        in_org = {k for o in cur.longest({L.ORG}, set()) for k in range(o.start + 1, o.end)}
        texts = cur.texts
        for span in chosen:
            if span.start >= 2 and texts[span.start - 2] == "(" and texts[span.start - 1] == "từ":
                continue  # a byline: "Nguyễn Văn A (từ New Delhi)"
            if span.label_ == L.COUNTRY:
                ents.country(self.lex, span.id_, span)
            elif span.start in in_org and not self._generic_kind(cur.doc, span):
                continue  # "Thượng Hải" in "Tổ chức Hợp tác Thượng Hải": a place inside a name
            elif self._company_before(cur, span.start):
                continue  # "Tổng công ty Thái Bình": a company named after a place
            elif kind_of.get(span_text(span)) != "District":
                self._place_key(cur, span, ents, kind_of.get(span_text(span)))

    def _company_before(self, cur: Cursor, i: int) -> bool:
        """Whether a company's head word ("Công ty", "Tổng công ty", "Tập đoàn") ends right before token i."""
        for k in range(max(0, i - 3), i):
            head = cur.at(k, {L.HEAD})
            if head is not None and head.end == i and self.lex.heads[head.id_].kind == "company":
                return True
        return False

    def _unlisted_cities(self, cur: Cursor, ents: Entities, skip: set[int]) -> None:
        """Towns the gazetteer lacks, where the text says they are towns: "thành phố Sakaiminato",
        "các thị trấn ven biển gồm: Aaa, Bbb, Ccc". Their country is that of the
        nearest place the document names."""
        doc = cur.doc
        known = [(s, f.props.get("country") or f.props.get("iso3")) for f in ents.by_key.values()
                 if f.type in ("Country", "Province", "City") for s, _ in f.mentions]
        if not known:
            return
        found: list[Span] = []
        texts = cur.texts
        for i, text in enumerate(texts):
            if text in TOWN_WORDS or i and f"{texts[i - 1]} {text}" in TOWN_WORDS:
                found += self._capitalized_run(cur, i + 1, skip)[:1]
            if text in LIST_OPENERS and any(w in " ".join(texts[max(0, i - 8):i]) for w in TOWN_LISTS):
                j = i + 1
                while (items := self._capitalized_run(cur, j, skip)):
                    found.append(items[0])
                    j = items[0].end
                    if j < len(doc) and cur.texts[j] in (",", "và"):
                        j += 1
                    else:
                        break
        for span in found:
            iso3 = min(known, key=lambda k: abs(k[0] - span.start_char))[1]
            if iso3 in self.lex.countries:
                ents.add("City", f"city:{iso3}:{slug(span_text(span))}", span_text(span), span, country=iso3)

    def _capitalized_run(self, cur: Cursor, i: int, skip: set[int]) -> list[Span]:
        """[the unknown capitalized name starting at token i], or []."""
        doc, j = cur.doc, i
        while j < len(doc) and j - i < 4 and doc[j].is_alpha and cur.texts[j][0].isupper() \
                and j not in skip and not cur.by_start.get(j):
            j += 1
            # "San-ti-a-gô": syllables of a transliteration joined by hyphens without spaces
            while j > i and j + 1 < len(doc) and cur.texts[j] in ("-", "‐") and not doc[j - 1].whitespace_ \
                    and not doc[j].whitespace_ and doc[j + 1].is_alpha and cur.texts[j + 1].islower():
                j += 2
        return [doc[i:j]] if j > i else []

    def _generic_kind(self, doc: Doc, span: Span) -> str | None:
        prev = token_texts(doc)[span.start - 1] if span.start else ""
        if prev in PROVINCE_WORDS:
            return "Province"
        if prev in CITY_WORDS:
            return "City"
        if prev in DISTRICT_WORDS:
            return "District"
        return None

    def _place_key(self, cur: Cursor, span: Span, ents: Entities, kind: str | None = None) -> str:
        if span.label_ == L.COUNTRY:
            return ents.country(self.lex, span.id_, span)
        places = [p for i in cur.ids(span) if (p := self.lex.place(i))]
        kind = kind or self._generic_kind(cur.doc, span)
        place = next((p for wanted in (kind, "City", "Province") for p in places if p.type == wanted), places[0])
        if place.country in self.lex.countries and place.country != "VNM":
            # a foreign place brings its country (a visit there visits the country); Viet Nam,
            # where the news is written, is an entity only where the text names it
            ents.country(self.lex, place.country, None)
        return ents.add(place.type, place.id, written_place(span_text(span)), span, country=place.country)

    # -- ministries and organizations -------------------------------------------

    def _ministries(self, cur: Cursor, ents: Entities) -> None:
        for i, text in enumerate(cur.texts):
            if not cur.taken(i) and (text == "Bộ" or cur.at(i, {L.MINISTRY})):
                if found := self.ministry_at(cur, i, ents):
                    cur.take(found[1], found[2])

    def ministry_at(self, cur: Cursor, i: int, ents: Entities) -> tuple[str, int, int] | None:
        """A ministry named at token i: 'Bộ X [, Y] [và Z] [Country]' or a known VN ministry.
        Returns (entity key, start, end)."""
        doc = cur.doc
        end = ministry_end(cur, i)
        if end == i:
            return None
        if i and cur.texts[i - 1] in ("các", "những") and cur.texts[i] == "Bộ":
            if listed := self._listed_ministries(cur, i, ents):
                return listed
        if end > i + 1 and cur.texts[i] == "Bộ" and cur.text(i, end) not in self.ministry_names:
            end = joined_field_end(cur, end)
        country = country_after(cur, end)
        name = cur.text(i, end)
        vn = self.ministry_names.get(name)
        iso3 = country.id_ if country else "VNM"
        if not country and not vn:
            # Viet Nam has no ministry of that name: it is a foreign one named before
            # ("Bộ Thương mại và Du lịch" after "... Australia") or of the country the text is about.
            iso3 = self._same_ministry(ents, name) or self.foreign_before(i) or "VNM"
        span_end = country.end if country else end
        span = doc[i:span_end]
        if country:
            ents.country(self.lex, iso3, country)
        if iso3 == "VNM" and vn:
            key = ents.add("Ministry", f"{vn.name}|VNM", vn.name, span, country="VNM", id=vn.id)
            if not country:
                self._unplaced[i] = span
        else:
            key = ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3)
        return key, i, span_end

    def _listed_ministries(self, cur: Cursor, i: int, ents: Entities) -> tuple[str, int, int] | None:
        """'các Bộ Quốc phòng, Công Thương': one ministry per field (a known name such as
        'Văn hóa, Thể thao và Du lịch' stays whole). Returns the first as ministry_at does."""
        doc = cur.doc
        fields = field_spans(cur, i + 1)
        if len(fields) < 2 or not any(cur.texts[a - 1] == "," for a, _ in fields[1:]):
            return None
        end = fields[-1][1]
        country = country_after(cur, end)
        if country:
            ents.country(self.lex, country.id_, country)
        keys, p = [], 0
        while p < len(fields):
            for q in range(len(fields), p, -1):
                name = "Bộ " + cur.text(fields[p][0], fields[q - 1][1])
                if q == p + 1 or name in self.ministry_names:
                    break
            vn = self.ministry_names.get(name)
            iso3 = country.id_ if country else ("VNM" if vn else self.foreign_before(i) or "VNM")
            span = doc[fields[p][0]:fields[q - 1][1]]
            if iso3 == "VNM" and vn:
                keys.append(ents.add("Ministry", f"{vn.name}|VNM", vn.name, span, country="VNM", id=vn.id))
            else:
                keys.append(ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3))
            p = q
        return keys[0], i, (country.end if country else end)

    def foreign_before(self, i: int) -> str | None:
        """The foreign country named last before token i."""
        k = bisect_left(self._foreign_at, i)
        while k and self._foreign_at[k - 1] in self._person_tokens:  # "Anh" in "Trần Tuấn Anh"
            k -= 1
        return self._foreign_iso[k - 1] if k else None

    @staticmethod
    def _same_ministry(ents: Entities, name: str) -> str | None:
        """The country of the one foreign ministry of that name the document has named."""
        found = {f.props.get("country") for f in ents.by_key.values()
                 if f.type == "Ministry" and f.name == name and f.props.get("country") != "VNM"}
        return found.pop() if len(found) == 1 else None

    def _place_ministries(self, ents: Entities, person: str, units: list[Unit], at: int) -> None:
        """A foreign official's ministry written with no country ("Bộ trưởng Bộ Quốc phòng" before a
        Chilean name) is that of the foreign country the text is about, not Viet Nam's."""
        if is_vietnamese(person):
            return
        for unit in units:
            if unit.unplaced is None or not unit.body or not unit.body.endswith("|VNM"):
                continue
            iso3 = self.foreign_before(at)
            if iso3 is None or iso3 not in self.lex.countries:
                continue
            span = unit.unplaced
            old = ents.by_key.get(unit.body)
            if old is not None and (span.start_char, span.end_char) in old.mentions:
                old.mentions.remove((span.start_char, span.end_char))
                if not old.mentions:
                    del ents.by_key[unit.body]
            name = old.name if old is not None else unit.body.split(":", 1)[1].split("|")[0]
            ents.country(self.lex, iso3, None)
            unit.body = ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3)

    def _orgs(self, cur: Cursor, ents: Entities) -> None:
        for span in cur.longest({L.ORG}, set()):
            if cur.taken(span.start) or self.orgs[span.id_].kind == "media" and credit(cur, span):
                continue
            if blocked(cur, span.start) or headline_acronym(cur, span):
                continue  # "Hội đồng liên Chính phủ"; "NAM" in "... CHÍNH THỨC VIỆT NAM"
            self._known_org(cur, span, ents)

    def _known_org(self, cur: Cursor, span: Span, ents: Entities) -> tuple[str, int]:
        """A known organization at `span`, read on when another known one starts inside it and ends
        later ("Ban Chấp hành Trung ương" + "Đảng Nhân dân Cách mạng Lào": the Lao party's committee).
        Returns (entity key, end token)."""
        for k in range(span.start + 1, span.end):
            for later in cur.by_start.get(k, ()):
                if later.label_ == L.ORG and later.end > span.end and later.id_ != span.id_:
                    whole = cur.doc[span.start:later.end]
                    self._org_key(later, ents)
                    cur.take(span.start, later.end)
                    key = ents.add("Organization", span_text(whole), span_text(whole), whole, kind=self.orgs[later.id_].kind)
                    return key, later.end
        return self._org_key(span, ents), span.end

    def _beyond_org(self, cur: Cursor, i: int, org: Span) -> Name | None:
        """'Chính phủ Lào', 'Quốc hội New Zealand': a body named with its country reads on past the
        known name ('Chính phủ' is Viet Nam's); the known one is then no entity of its own."""
        name = self.names.read(cur, i)
        if name is None or name.head.tail not in MISSION_TAILS or name.end <= org.end:
            return None
        cur.take(org.start, org.end)
        return name

    def _org_key(self, span: Span, ents: Entities, org_id: str | None = None) -> str:
        org = self.orgs[org_id or span.id_]
        key = ents.add("Organization", org.id, span_text(span), span, kind=org.kind, id=org.id)
        by_start = self._cur.by_start
        for k in range(span.start + 1, span.end):  # "Hội đồng Bảo an Liên hợp quốc" also names the UN
            for inner in by_start.get(k, ()):
                if inner.label_ == L.ORG and inner.end <= span.end and inner.id_ != org.id:
                    self._org_key(inner, ents)
                    break
        return key

    def _names(self, cur: Cursor, ents: Entities, skip: set[int]) -> None:
        doc = cur.doc
        i = inside = 0  # inside: end of the agreement or event title being read
        org_ends: set[int] = set()  # ends of the organization names read
        org_inside = 0  # end of the organization names read
        by_start = cur.by_start
        while i < len(doc):
            if i not in by_start or cur.taken(i) or i in skip:  # a name opens at a head or a known body
                i += 1
                continue
            if org := cur.at(i, {L.ORG}):
                name = self._beyond_org(cur, i, org)
                if name is None:
                    i += 1
                    continue
            else:
                name = self.names.read(cur, i)
            if name is None:
                i += 1
                continue
            inner_org = cur.at(cur.at(name.start, {L.HEAD}).end, {L.ORG})
            if name.head.kind == "forum" and inner_org is not None and inner_org.end == name.end:
                self._org_key(cur.doc[name.start:name.end], ents, inner_org.id_)  # "Diễn đàn APEC" is APEC
                i = name.end
                continue
            if name.head.kind == "forum" and (known := next((self.org_names[a] for a in name.aliases
                                                             if a in self.org_names), None)):
                # "Diễn đàn hợp tác kinh tế ... (APEC)": the organization its acronym names
                self._org_key(cur.doc[name.start:name.end], ents, known.id)
                i = name.end
                continue
            if name.head.kind == "media" and credit(cur, doc[name.start:name.end]):
                i = name.end
                continue
            if name.head.type == "Organization" and name.end in org_ends and cur.texts[i - 1] not in OF_WORDS:
                i += 1  # "Lãnh sự quán ..." inside "Tổng Lãnh sự quán ...": the same body
                continue
            if name.head.type != "Organization" and name.start < org_inside:
                i += 1  # "Ủy ban Hiệp ước ...": no agreement or event inside an organization's name
                continue
            if name.head.type == "Organization":
                org_ends.add(name.end)
                org_inside = max(org_inside, name.end)
            if name.head.type == "Organization" or not inside or name.start >= inside:
                self._name_key(cur, name, ents)
            if name.head.type != "Organization":
                inside = max(inside, name.end)  # only organizations are read inside a title
            i += 1

    def _name_key(self, cur: Cursor, name: Name, ents: Entities) -> str:
        if name.start in self.found_names:
            return self.found_names[name.start].key
        doc = cur.doc
        span = doc[name.start:name.end]
        raw = span_text(span)
        if name.head.tail in MISSION_TAILS:  # "Quốc hội Bulgaria" is "Quốc hội Cộng hòa Bulgaria"
            head = cur.at(name.start, {L.HEAD})
            places, k = [], head.end
            while k < name.end:
                p = cur.at(k, {L.COUNTRY, L.PLACE})
                places.append(p.id_) if p else None
                k = p.end if p else k + 1
            raw = self._missions.setdefault((name.head.head, *places), raw)
        key = ents.add(name.head.type, raw, span_text(span), span, kind=name.head.kind)
        for alias in name.aliases:
            if alias not in ents.by_key[key].aliases:
                ents.by_key[key].aliases.append(alias)
        inner = []
        k = name.start + 1
        while k < name.end:
            if cur.texts[k] == "Bộ" or cur.at(k, {L.MINISTRY}):
                if found := self.ministry_at(cur, k, ents):
                    inner.append(found[0])
                    k = found[2]
                    continue
            nested = cur.at(k, {L.COUNTRY, L.PLACE, L.ORG})
            if nested is not None and nested.label_ != L.ORG and (blocked(cur, k) or cur.at(k, {L.BLOCK})):
                nested = None  # "Thái Bình" in "... xuyên Thái Bình Dương" is no place
            if nested is None:
                k += 1
            elif self._generic_kind(doc, nested) == "District" or nested.label_ != L.ORG \
                    and self._company_before(cur, k):
                k = nested.end  # "Tổng công ty Thái Bình": no place of the document
            elif nested.label_ == L.ORG:
                inner.append(self._org_key(nested, ents))
                k = nested.end
            else:
                inner.append(self._place_key(cur, nested, ents))
                k = nested.end
        sent = span.sent
        self.found_names[name.start] = FoundName(key, name.head.type, name.head.kind, name.start, name.end,
                                                 inner, (sent.start_char, sent.end_char))
        return key

    # -- people and their posts ---------------------------------------------------

    def _people(self, cur: Cursor, sent: Span, ents: Entities, person_tokens: set[int], shorts) -> list[Position]:
        out: list[Position] = []
        i = sent.start
        by_start = cur.by_start
        while i < sent.end:
            if i not in by_start:  # no lexicon match here: no title, no honorific
                i += 1
                continue
            title = cur.at(i, TITLE_LABEL)
            if title and (self._in_event_name(cur, i) or blocked(cur, i)):
                i = title.end  # "Hội nghị Bộ trưởng Ngoại giao Mekong ...": no person
                continue
            if title:
                self._government = []
                units, j = self._chain(cur, i, sent.end, ents)
                j = cur.skip(j, {L.HONORIFIC})
                if j + 2 < sent.end and cur.texts[j] in DASHES and cur.doc[j - 1].whitespace_ \
                        and cur.doc[j].whitespace_ and name_end(cur, j + 1, sent.end) - j > 2:
                    j += 1  # "Bí thư Tỉnh ủy X - Nguyễn Văn A"
            elif (hon := cur.at(i, {L.HONORIFIC})) and not ((known := cur.at(i, {L.PLACE, L.COUNTRY, L.ORG}))
                                                             and known.end > hon.end):
                units, j = [], hon.end  # not "Bà" in "Bà Rịa - Vũng Tàu"
            else:
                i += 1
                continue
            end = name_end(cur, j, sent.end)
            if end == j and units and (later := self._name_behind(cur, j, sent.end)) is not None:
                j, end = later  # "Thứ trưởng thường trực Bộ ngoại giao Nguyễn Văn A": behind a long body
            if end - j >= 2:
                name = cur.doc[j:end]
                original, end = self._original(cur, end, sent.end)
                person = ents.person(name, original)
                person_tokens.update(range(j, end))
                for start, stop in self._government:
                    cur.take(start, stop)
                self._government = []
                more, end = self._apposition(cur, end, sent.end, ents)
                self._place_ministries(ents, person, units + more, i)
                out += positions_of(person, units, sent) + positions_of(person, more, sent)
                i = end
            elif end - j == 1:
                shorts.append((cur.texts[j], cur.doc[j:end], units, sent))
                person_tokens.add(j)
                i = end
            else:
                if units and (before := self._listed_before(cur, i, sent, person_tokens)) is not None:
                    person = ents.person(before)
                    person_tokens.update(range(before.start, before.end))
                    self._place_ministries(ents, person, units, i)
                    out += positions_of(person, units, sent)
                i = max(j, i + 1)
        return out

    def _name_behind(self, cur: Cursor, j: int, end: int) -> tuple[int, int] | None:
        """A personal name a few words after a title chain whose body the lexicon could not read
        to its end ("Bộ trưởng Thương mại quốc tế Jane Doe", "... về đối ngoại John Smith",
        "Bộ trưởng Bộ Công Thương, Nguyễn Văn A"): two or more capitalized words that no lexicon
        knows, followed by no further capital."""
        texts, stops = cur.texts, self.lex.name_stops
        k = j
        while k < end and k - j < BODY_WORDS:
            text = texts[k]
            if text == "," and k == j and k + 1 < end:
                k += 1
                continue
            if text in stops or text in BODY_BREAKS or cur.at(k, {L.TITLE, L.HONORIFIC}) or not text[:1].isalpha():
                return None
            if known := cur.by_start.get(k):
                k = max(s.end for s in known)  # "Trung Quốc": no name starts inside a known name
                continue
            if text[:1].isupper():
                stop = name_end(cur, k, end)
                after = texts[stop] if stop < end else ""
                if stop - k >= 2 and not after[:1].isupper() \
                        and (text in self.lex.surnames  # "Trần Tuấn Anh": "Anh" is no country there
                             or not any(cur.by_start.get(m) for m in range(k + 1, stop))):
                    return k, stop
                while k < end and texts[k][:1].isupper():  # "Phủ Giáo Hoàng": not a name from its middle
                    k += 1
                continue
            k += 1
        return None

    def _in_event_name(self, cur: Cursor, i: int) -> bool:
        """Whether the title at i follows an event's head word ("Hội nghị Bộ trưởng ...")."""
        for k in range(max(0, i - 3), i):
            head = cur.at(k, {L.HEAD})
            if head is not None and head.end == i and self.lex.heads[head.id_].type == "Event":
                return True
        return False

    def _original(self, cur: Cursor, i: int, end: int) -> tuple[Span | None, int]:
        """'Cờ-rếc Chít-tích (Craig Chittick)': the name in brackets after a transliterated one."""
        if i + 3 < end and cur.texts[i] == "(":
            k = name_end(cur, i + 1, end)
            if k - i > 2 and k < end and cur.texts[k] == ")":
                return cur.doc[i + 1:k], k + 1
        return None, i

    def _listed_before(self, cur: Cursor, i: int, sent: Span, person_tokens: set[int]) -> Span | None:
        """A name before its title in a list: "có các đồng chí: Nguyễn Văn A, Giám đốc Sở X;
        Trần Thị B - Chánh Văn phòng ...": the name opens the sentence or follows ':' or ';'."""
        texts = cur.texts
        if i < 3 or texts[i - 1] not in LIST_TITLE_LINKS:
            return None
        s = i - 2
        while s > sent.start and i - s < 14 and texts[s - 1] not in LIST_ITEM_OPENERS \
                and (texts[s - 1][:1].isupper() or texts[s - 1] in ("-", "‐") or texts[s - 1].islower()
                     and texts[s - 1].isalpha()):
            s -= 1
        if not (s == sent.start or texts[s - 1] in LIST_ITEM_OPENERS):
            return None
        if name_end(cur, s, i - 1) != i - 1 or i - 1 - s < 2 or not person_tokens.isdisjoint(range(s, i - 1)):
            return None
        return cur.doc[s:i - 1]

    def _apposition(self, cur: Cursor, i: int, end: int, ents: Entities) -> tuple[list[Unit], int]:
        """Titles after a name: 'John Smith, Hiệu trưởng Đại học Sydney, đồng thời là ...'."""
        doc = cur.doc
        units: list[Unit] = []
        while i + 1 < end and (cur.texts[i] == "," or cur.texts[i] in DASHES and doc[i - 1].whitespace_
                               and doc[i].whitespace_):  # "John Smith - Thống đốc bang X"
            k = i + 1
            for link in APPOSITION_LINKS:  # ", đồng thời là Chủ tịch ...", ", kiêm Bộ trưởng ..."
                words = link.split()
                if cur.texts[k:k + len(words)] == words:
                    k += len(words)
                    break
            if not cur.at(k, {L.TITLE}):
                break
            more, j = self._chain(cur, k, end, ents)
            if name_end(cur, cur.skip(j, {L.HONORIFIC}), end) > j:
                break  # a title chain followed by a name is the next person of a list
            units += more
            i = j
        return units, i

    def _chain(self, cur: Cursor, i: int, end: int, ents: Entities) -> tuple[list[Unit], int]:
        """Titles separated by commas, each with an optional body: (units, next token)."""
        units: list[Unit] = []
        while i < end and (title := cur.at(i, {L.TITLE})):
            t = self.titles[title.id_]
            j = title.end
            written = span_text(title)
            if j < end and cur.texts[j] in QUALIFIER_START:  # "phụ trách châu Á": part of the title
                q = j
                while q < end and cur.texts[q] not in (",", "của") and not self._body_starts(cur, q):
                    q += 1
                written, j = cur.text(title.start, q), q
            if j + 1 < end and cur.texts[j] in (",", "của") and self._body_starts(cur, j + 1) \
                    and not cur.at(j + 1, {L.TITLE}):
                j += 1
            at = j
            body, posted, j = self._body(cur, j, end, t.scope, ents)
            unplaced = self._unplaced.get(at)
            if body and j + 2 < end and cur.texts[j] == "(":  # "Quỹ Nhi đồng Liên hợp quốc (UNICEF) Jane Doe"
                _, close = self.names._parenthesis(cur, j)
                j = close + 1 if close > j else j
            if t.scope == "mission" and body and not posted and j + 1 < end and cur.texts[j] == "tại" \
                    and (place := cur.at(j + 1, {L.COUNTRY, L.PLACE})):
                posted, j = self._place_key(cur, place, ents), place.end
            if t.title in FOREIGN_MINISTER and body and body.startswith("Country:"):
                iso3 = body.split(":", 1)[1]  # "Ngoại trưởng Hoa Kỳ" names the US foreign ministry
                body = ents.add("Ministry", f"Bộ Ngoại giao|{iso3}", "Bộ Ngoại giao", None, country=iso3)
            units.append(Unit(t.scope, written, body, posted, unplaced))
            i = j
            if i + 1 < end and cur.texts[i] == "," and cur.at(i + 1, {L.TITLE}) and cur.texts[i + 1][0].isupper():
                i += 1
                continue
            if i + 1 < end and cur.texts[i] == "kiêm" and cur.at(i + 1, {L.TITLE}):
                i += 1  # "Phó Thủ tướng phụ trách kinh tế kiêm Bộ trưởng ..."
                continue
            break
        return units, i

    def _body_starts(self, cur: Cursor, i: int) -> bool:
        return bool(cur.texts[i] == "Bộ" or cur.at(i, {L.MINISTRY, L.ORG, L.COUNTRY})
                    or (cur.at(i, {L.HEAD}) and cur.texts[i][0].isupper()))

    def _body(self, cur: Cursor, i: int, end: int, scope: str, ents: Entities):
        """The body a title names right after it: (entity key, posted-to key, next token)."""
        doc = cur.doc
        if i >= end:
            return None, None, i
        if cur.texts[i] == "Chính" and i + 1 < end and cur.texts[i + 1] == "phủ" and scope == "country":
            # "Thủ tướng Chính phủ [Việt Nam]" is still the country's head of government, and the
            # government is no body of the document there
            j = i + 2
            if country := cur.at(j, {L.COUNTRY}):
                key, j = ents.country(self.lex, country.id_, country), country.end
            else:
                key = None
            self._government.append((i, j))  # no body, when the chain names a person
            return key, None, j
        if ministry := self.ministry_at(cur, i, ents):
            cur.take(ministry[1], ministry[2])
            return ministry[0], None, ministry[2]
        short = cur.at(i, {L.MINISTRY_SHORT})
        fields = fields_end(cur, i, i) if scope == "ministry" else i
        if short and scope == "ministry" and short.end >= fields:
            m = self.ministries[short.id_]
            country = country_after(cur, short.end)
            if country and country.id_ != "VNM":
                ents.country(self.lex, country.id_, country)
                key = ents.add("Ministry", f"{m.name}|{country.id_}", m.name, None, country=country.id_)
                return key, None, country.end
            key = ents.add("Ministry", f"{m.name}|VNM", m.name, short, country="VNM", id=m.id)
            if not country:
                self._unplaced[i] = short
            return key, None, (country.end if country else short.end)
        if fields > i:  # "Bộ trưởng Công nghiệp, Thương mại và Năng lượng Hàn Quốc": a foreign ministry
            name = "Bộ " + cur.text(i, fields)
            country = country_after(cur, fields)
            iso3 = country.id_ if country else (self._same_ministry(ents, name) or self.foreign_before(i))
            # a foreign country named after the fields makes the ministry foreign, also where Viet Nam
            # has one of that name ("Bộ trưởng Nông nghiệp và PTNT Rumani")
            if iso3 and iso3 != "VNM" and iso3 in self.lex.countries and (country or name not in self.ministry_names):
                ents.country(self.lex, iso3, country)
                key = ents.add("Ministry", f"{name}|{iso3}", name, doc[i:country.end if country else fields],
                               country=iso3)
                return key, None, (country.end if country else fields)
            if iso3 == "VNM" and country and (vn := self.ministry_names.get(name)):
                ents.country(self.lex, iso3, country)  # "Bộ trưởng Nông nghiệp và PTNT Việt Nam"
                key = ents.add("Ministry", f"{vn.name}|VNM", vn.name, doc[i:country.end], country="VNM", id=vn.id)
                return key, None, country.end
        if (org := cur.at(i, {L.ORG})) and self._beyond_org(cur, i, org) is None:
            key, j = self._known_org(cur, org, ents)
            return key, None, j
        if (name := self.names.read(cur, i)) and name.head.type == "Organization":
            key = self._name_key(cur, name, ents)
            inner = self.found_names[name.start].inner
            posted = inner[-1] if name.head.tail in MISSION_TAILS and len(inner) > 1 else None
            return key, posted, name.end
        k = i + 1 if cur.texts[i] in PLACE_GENERIC else i + 2 if cur.text(i, i + 2) in PLACE_GENERIC else i
        if (scope != "mission" or k > i) and k < end and (place := cur.at(k, {L.PLACE})) \
                and not (k == i and cur.at(i, {L.COUNTRY})) and not blocked(cur, k):
            # "Thống đốc bang X", "Tỉnh trưởng tỉnh X", "Phó Thị trưởng Ankara": a place as the body
            if self._generic_kind(doc, place) != "District":
                return self._place_key(cur, place, ents), None, place.end
        if k == i + 1 and cur.texts[i] in DIVISION_WORDS and (division := self._unknown_division(cur, k, end)):
            # "Phó Thống đốc bang Goias Daniel Vilela": a division the gazetteer lacks, then the holder
            iso3 = self.foreign_before(i)
            if iso3 in self.lex.countries and iso3 != "VNM":
                key = ents.add("Province", f"province:{iso3}:{slug(span_text(division))}", span_text(division), division,
                               country=iso3)
                return key, None, division.end
        if country := cur.at(i, {L.COUNTRY}):
            key = ents.country(self.lex, country.id_, country)
            j, posted = country.end, None
            if scope == "mission" and j < end and cur.texts[j] == "tại":
                if place := cur.at(j + 1, {L.COUNTRY, L.PLACE}):
                    posted = self._place_key(cur, place, ents)
                    j = place.end
            return key, posted, j
        return None, None, i

    @staticmethod
    def _lone_surname(ents: Entities, word: str, units: list[Unit], full: list[str]) -> bool:
        """A foreign surname written alone after an honorific or a head of state's title ("Ông
        Ichikawa", "Tổng thống Obama"), where the document gives no fuller name: a word in plain
        Latin letters that the text never writes in lower case (no Vietnamese syllable), after no
        body (not a place: "Phó Thị trưởng Asdod", "Chủ tịch Quốc hội Bulgari")."""
        if not (word.isascii() and word.isalpha() and len(word) > 3 and word[0].isupper() and word[1:].islower()):
            return False
        if any(word in f.split() for f in full) or word.lower() in ents.lower_words():
            return False
        return not units or all(u.body is None and u.scope == "country" for u in units)

    @staticmethod
    def _unknown_division(cur: Cursor, k: int, end: int) -> Span | None:
        """One capitalized word no lexicon knows at k, its hyphenated parts joined ("Auvergne-Rhône-Alpes"),
        followed by a personal name of two words or more: the division's name, before its holder's."""
        doc, texts = cur.doc, cur.texts
        if k >= end or not texts[k][:1].isupper() or not texts[k].isalpha() or cur.by_start.get(k):
            return None
        j = k + 1
        while j + 1 < end and texts[j] in ("-", "‐") and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
                and texts[j + 1][:1].isupper() and texts[j + 1].isalpha():
            j += 2
        if j < end and name_end(cur, j, end) - j >= 2:  # "bang Ken Alex": the state left unsaid
            return doc[k:j]
        return None

    def _resolve_shorts(self, ents: Entities, shorts) -> list[Position]:
        """'Thứ trưởng Trung', 'ông Thâu': a one-word name stands for a full name of the document."""
        full = [f.name for f in ents.by_key.values() if f.type == "Person"]
        out: list[Position] = []
        for word, span, units, sent in shorts:
            name = resolve_short_names(full, word)
            if name is None and self._lone_surname(ents, word, units, full):
                name = word  # "Tổng thống Obama" with no fuller name in the document: the name as written
            if name is None:
                continue
            person = ents.add("Person", name, name, span)
            out += positions_of(person, units, sent)
        return out
