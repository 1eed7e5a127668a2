"""Language resources shipped with the package: gazetteers and lexicons in kg/data/*.tsv.

Each file is tab-separated with one header row; `#` lines record its sources.
Cells holding several values separate them with `|`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Iterator

DATA = files("kg") / "data"


def rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of kg/data/NAME as dicts, comment lines skipped, cells NFC-normalized."""
    text = (DATA / name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}


def split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def slug(text: str) -> str:
    """ASCII slug: 'Lê Hoài Trung' -> 'le-hoai-trung', for the gazetteers' place ids and for comparing
    words whatever their marks; ids made from names keep their letters (`ident`)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# Tone marks (in NFD): grave, acute, tilde, hook above, dot below
_TONE = "[\u0300\u0301\u0303\u0309\u0323]"
# The old placement on the second vowel of "oa", "oe", "uy" ending a syllable ("hoà", "khoẻ", "thuỷ");
# the "u" of "qu" is part of the consonant ("quý").
_OLD_TONE = re.compile(f"(o)([ae])({_TONE})(?!\\w)|(?<!q)(u)(y)({_TONE})(?!\\w)")


def ident(text: str) -> str:
    """Id part that keeps what tells Vietnamese names apart: 'Nguyễn Văn Hưng' -> 'nguyễn-văn-hưng',
    not 'Nguyễn Văn Hùng'. NFC, lower case, "Ð" (U+00D0) read as "Đ", tone marks placed one way
    ("hoà" and "hòa" -> "hòa"), and every run of other characters one '-'."""
    text = unicodedata.normalize("NFD", text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").lower())
    text = _OLD_TONE.sub(lambda m: m[1] + m[3] + m[2] if m[1] else m[4] + m[6] + m[5], text)
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", text)).strip("-")


@dataclass(frozen=True)
class Place:
    """A country, a first-level division or a city."""

    type: str  # Country | Province | City
    id: str  # canonical node id
    name: str
    country: str  # ISO3
    names: tuple[str, ...]  # every written form, name first
    name_en: str = ""
    wikidata: str = ""
    gso_code: str = ""
    kind: str = ""  # a Vietnamese province's: tinh | thanh_pho
    # a Vietnamese province's timeline: ISO dates where known, and the unit it joined in 2025, by what act
    valid_from: str = ""
    valid_to: str = ""
    merged_into: str = ""  # node id
    merged_by: str = ""


@dataclass(frozen=True)
class Ministry:
    id: str
    name: str
    names: tuple[str, ...]
    short: tuple[str, ...]
    name_en: str = ""
    wikidata: str = ""


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    names: tuple[str, ...]
    kind: str
    country: str = ""
    name_en: str = ""
    wikidata: str = ""


@dataclass(frozen=True)
class Title:
    title: str
    forms: tuple[str, ...]
    gloss_en: str
    rank: int
    scope: str  # country | ministry | mission | organization | party
    head_of_mission: bool = False  # heads an embassy, a consulate general or a permanent mission


@dataclass(frozen=True)
class Head:
    """A word that opens a name: 'Cục', 'Đại sứ quán', 'Hiệp định', 'Hội nghị' (kg/data/name_heads.tsv)."""

    head: str
    type: str  # Organization | Agreement | Event
    kind: str
    tail: str  # unit | words | mission | local | phrase


@dataclass(frozen=True)
class Trigger:
    """A word that states a relation (kg/data/triggers.tsv)."""

    form: str
    relation: str
    attribute: str = ""
    value: str = ""

    @property
    def id(self) -> str:
        return f"{self.relation}|{self.attribute}|{self.value}"


@dataclass
class Lexicon:
    """Everything the extractor knows by name, loaded once per process."""

    countries: dict[str, Place] = field(default_factory=dict)  # iso3 ->
    compound: dict[str, str] = field(default_factory=dict)  # 'Việt' -> 'VNM'
    places: list[Place] = field(default_factory=list)  # provinces and cities
    ministries: list[Ministry] = field(default_factory=list)
    ministry_words: list[str] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    heads: dict[str, Head] = field(default_factory=dict)
    name_stops: dict[str, frozenset[str]] = field(default_factory=dict)  # word -> syllables it may follow
    blockers: list[str] = field(default_factory=list)
    places_by_id: dict[str, Place] = field(default_factory=dict)
    triggers: list[Trigger] = field(default_factory=list)
    surnames: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    person_stops: frozenset[str] = frozenset()  # 'Bộ', 'Tỉnh': never the first word of a personal name  # 'bin', 'de', 'van': inside foreign personal names
    ordinals: dict[str, str] = field(default_factory=dict)  # 'ba' -> '3' (after "thứ")
    tens: dict[str, int] = field(default_factory=dict)  # 'mươi' -> 10: "hai mươi" is 20
    local_bodies: dict[str, str] = field(default_factory=dict)  # ident of "Tỉnh ủy" -> "{name} {province}"
    event_generic: frozenset[str] = frozenset()  # syllables two names of one event may differ by
    event_organizers: dict[str, str] = field(default_factory=dict)  # org id -> its word in event ids: 'Đảng'

    def place(self, place_id: str) -> Place | None:
        return self.places_by_id.get(place_id)


@cache
def lexicon() -> Lexicon:
    lex = Lexicon()
    for r in rows("countries.tsv"):
        iso3 = r["iso3"].upper()
        names = tuple(dict.fromkeys([r["name_vi"], *split(r["variants"])]))
        lex.countries[iso3] = Place(
            "Country", f"country:{iso3}", r["name_vi"], iso3, names, r["name_en"], r["wikidata"]
        )
        for form in split(r.get("compound", "")):
            lex.compound[form] = iso3
    for r in rows("provinces_vn.tsv"):
        names = tuple(dict.fromkeys([r["name"], *split(r["variants"])]))
        lex.places.append(
            Place(
                "Province", f"province:{r['id']}", r["name"], "VNM", names,
                r["name_en"], r["wikidata"], r["gso_code"], r["kind"], r["valid_from"], r["valid_to"],
                r["merged_into"] and f"province:{r['merged_into']}", r["merged_by"],
            )
        )
    for fname, kind in (("divisions.tsv", "Province"), ("cities.tsv", "City")):
        for r in rows(fname):
            iso3 = r["country"].upper()
            names = tuple(dict.fromkeys([r["name_vi"], *split(r["variants"])]))
            pid = f"{kind.lower()}:{iso3}:{slug(r['name_vi'])}"
            lex.places.append(Place(kind, pid, r["name_vi"], iso3, names, r["name_en"], r["wikidata"]))
    for r in rows("ministries_vn.tsv"):
        names = tuple(dict.fromkeys([r["name"], *split(r["variants"])]))
        lex.ministries.append(
            Ministry(f"ministry:VNM:{r['id']}", r["name"], names, tuple(split(r["short"])),
                     r["name_en"], r["wikidata"])
        )
    for r in rows("ministry_words.tsv"):
        lex.ministry_words += [r["field"], *split(r["variants"])]
    for r in rows("organizations.tsv"):
        names = tuple(dict.fromkeys([r["name"], *split(r["aliases"])]))
        lex.orgs.append(
            Org(f"org:{r['id']}", r["name"], names, r["kind"], r["country"].upper(),
                r["name_en"], r["wikidata"])
        )
    for r in rows("titles.tsv"):
        forms = tuple(dict.fromkeys([r["title"], *split(r["variants"])]))
        lex.titles.append(Title(r["title"], forms, r["gloss_en"], int(r["rank"]), r["scope"], r["head_of_mission"] == "yes"))
    for r in rows("honorifics.tsv"):
        lex.honorifics += [r["form"], *split(r["variants"])]
    for r in rows("name_heads.tsv"):
        lex.heads[r["head"]] = Head(r["head"], r["type"], r["kind"], r["tail"])
    lex.name_stops = {r["word"]: frozenset(split(r["not_after"])) for r in rows("name_stops.tsv")}
    lex.blockers = [r["phrase"] for r in rows("blockers.tsv")]
    lex.places_by_id = {p.id: p for p in lex.places}
    lex.surnames = frozenset(r["surname"] for r in rows("surnames_vn.tsv"))
    lex.name_particles = frozenset(r["particle"] for r in rows("name_particles.tsv"))
    lex.person_stops = frozenset(r["word"] for r in rows("person_stops.tsv"))
    event_words = list(rows("event_words.tsv"))
    lex.ordinals = {r["word"]: r["value"] for r in event_words if r["kind"] == "number"}
    lex.tens = {r["word"]: int(r["value"]) for r in event_words if r["kind"] == "tens"}
    lex.event_generic = frozenset(r["word"] for r in event_words if r["kind"] == "generic")
    lex.event_organizers = {f"org:{r['word']}": r["value"] for r in event_words if r["kind"] == "organizer"}
    lex.local_bodies = {ident(r["name"]): r["qualified"] for r in rows("local_bodies.tsv")}
    lex.triggers = [Trigger(r["form"], r["relation"], r["attribute"], r["value"]) for r in rows("triggers.tsv")]
    return lex
