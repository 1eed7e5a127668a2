"""The graph schema: node labels, relationship types and the patterns they may join.

One declaration drives pruning, the Cypher the stores send (labels and types are
only ever taken from here, never from input text) and the RDF export.
"""

from __future__ import annotations

from typing import NamedTuple, get_args

from kg.model import EntityType, RelationType

ENTITY_LABELS: tuple[str, ...] = get_args(EntityType)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
SYMMETRIC = frozenset({"MET", "COOPERATES_WITH"})
# Relationships from the gazetteers, not read in any article: a province absorbed in the 2025
# reform -> the province it joined. Kept out of RELATION_TYPES, which extraction predicts.
REFERENCE_TYPES: tuple[str, ...] = ("MERGED_INTO",)
STORED_TYPES: tuple[str, ...] = RELATION_TYPES + REFERENCE_TYPES  # what the stores write and export

PLACES = {"Country", "Province", "City"}
BODIES = {"Country", "Province", "City", "Ministry", "Organization"}

# relationship type -> (allowed head labels, allowed tail labels), from ANNOTATION.md
PATTERNS: dict[str, tuple[set[str], set[str]]] = {
    "HOLDS_POSITION": ({"Person"}, {"Ministry", "Organization", "Country", "Province", "City"}),
    "POSTED_TO": ({"Person"}, PLACES),
    "VISITED": ({"Person", "Organization", "Ministry"}, PLACES),
    "MET": ({"Person"}, {"Person"}),
    "SIGNED": (BODIES | {"Person"}, {"Agreement"}),
    "PARTICIPATED_IN": ({"Person", "Country", "Province", "Ministry", "Organization"}, {"Event"}),
    "COOPERATES_WITH": (BODIES, BODIES),
    "PART_OF": ({"Organization"}, {"Ministry", "Organization", "Province", "City"}),
}

# How entity ids are made (kg.resolve.canonical_id), stored on every Article: a store whose articles
# were written under another scheme would not join new facts to its old nodes.
# 1: names folded to ASCII as written; 2: events keyed by their numbers, without "lần thứ" or "của";
# 3: names keep their letters, tone and vowel marks (kg.resources.ident: Hùng and Hưng are two people);
# a province's bodies named without it ("Tỉnh ủy") take its name, or an id of their article's own;
# 4: a person with a Vietnamese-shaped name placed in one foreign country's posts is keyed with it
# (person:lý-cường:CHN), apart from a Vietnamese namesake; 5: a body inside an event's name is read
# as its acronym or organizer word (kg.event_names: "Hiệp hội các quốc gia Đông Nam Á" is ASEAN);
# 6: a body of a foreign place named like a Vietnamese province is keyed with its country
# (org:chính-quyền-tỉnh-hà-nam:CHN).
ID_SCHEME = 6

# The properties that tell two facts of one type between the same ends apart:
# a title held in 2016 and another in 2024 are two relationships.
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "HOLDS_POSITION": ("title",),
    "VISITED": ("date",),
    "MET": ("date", "kind"),
    "SIGNED": ("date",),
    "PARTICIPATED_IN": ("role",),
}

# CAMEO verb codes (as used by GDELT and ICEWS) for the event-like relations.
CAMEO = {"VISITED": "042", "MET": "040", "SIGNED": "057"}
CAMEO_MET_KIND = {"phone_call": "041", "video_call": "041", "talks": "046", "meeting": "040", "reception": "040"}


def allowed(rel_type: str, head: str, tail: str) -> bool:
    heads, tails = PATTERNS[rel_type]
    return head in heads and tail in tails


# -- the stored properties ------------------------------------------------------------------------
# What a Cypher reader finds on each label and relationship type, declared once: docs/graph-model.md
# documents exactly these, and tests/test_graph_model_doc.py checks both the doc and a real build
# against them. Types are Cypher's (a date is an ISO 8601 STRING, as precise as the text: "2015-11").


class Prop(NamedTuple):
    type: str  # STRING, INTEGER, FLOAT, BOOLEAN or LIST<STRING>
    meaning: str
    optional: bool = False  # absent where unknown; a property not optional is on every node/relationship


# Node label -> property -> Prop. An entity node carries `Entity`'s properties and its own label's.
NODE_PROPERTIES: dict[str, dict[str, Prop]] = {
    "Entity": {
        "id": Prop("STRING", "canonical id (kg.resolve.canonical_id), unique"),
        "name": Prop("STRING", "the first name read (for places and known bodies the lexicon's)"),
        "aliases": Prop("LIST<STRING>", "other written names, possibly empty"),
        "caption": Prop("STRING", "the name, with the country where names collide"),
        "mention_count": Prop("INTEGER", "mentions over all articles", optional=True),
        "first_seen": Prop("STRING", "publication date of the earliest dated article mentioning it", optional=True),
        "last_seen": Prop("STRING", "publication date of the latest dated article mentioning it", optional=True),
    },
    "Article": {
        "id": Prop("STRING", "'article:' + hash of the url, else of the text"),
        "name": Prop("STRING", "file name without extension, or the JSONL id"),
        "source": Prop("STRING", "path of the file read"),
        "sha256": Prop("STRING", "sha256 of the body text"),
        "id_scheme": Prop("INTEGER", "ID_SCHEME the entity ids were made under"),
        "url": Prop("STRING", "the page's address", optional=True),
        "title": Prop("STRING", "the page's headline", optional=True),
        "published": Prop("STRING", "publication date", optional=True),
    },
    "Person": {},
    "Country": {
        "iso3": Prop("STRING", "ISO 3166-1 alpha-3 code"),
        "name_en": Prop("STRING", "English name"),
        "wikidata": Prop("STRING", "Wikidata item", optional=True),
    },
    "Province": {
        "country": Prop("STRING", "ISO3 of its country"),
        "name_en": Prop("STRING", "English name", optional=True),
        "wikidata": Prop("STRING", "Wikidata item", optional=True),
        "gso_code": Prop("STRING", "Viet Nam's GSO code", optional=True),
        "valid_from": Prop("STRING", "date the unit began", optional=True),
        "valid_to": Prop("STRING", "date the unit ended (the 2025 merger)", optional=True),
    },
    "City": {
        "country": Prop("STRING", "ISO3 of its country"),
        "name_en": Prop("STRING", "English name", optional=True),
        "wikidata": Prop("STRING", "Wikidata item", optional=True),
    },
    "Ministry": {
        "country": Prop("STRING", "ISO3 of the government it belongs to"),
        "name_en": Prop("STRING", "English name with the country", optional=True),
        "wikidata": Prop("STRING", "Wikidata item (Viet Nam's ministries)", optional=True),
    },
    "Organization": {
        "kind": Prop("STRING", "agency, state_body, mission, international, party, education, company, media, other"),
        "name_en": Prop("STRING", "English name", optional=True),
        "wikidata": Prop("STRING", "Wikidata item", optional=True),
    },
    "Agreement": {"kind": Prop("STRING", "agreement, memorandum, treaty, ... (kg/data/name_heads.tsv)")},
    "Event": {"kind": Prop("STRING", "conference, summit, congress, ... (kg/data/name_heads.tsv)")},
}

# Every STORED_TYPES relationship (a fact) carries these besides its own.
FACT_PROPERTIES: dict[str, Prop] = {
    "key": Prop("STRING", "hash of type, ends and FACT_KEYS values: tells facts of one type apart"),
    "sources": Prop("LIST<STRING>", "ids of the articles that state it (empty for MERGED_INTO)"),
    "evidence": Prop("LIST<STRING>", "the sentences it was read in (empty for MERGED_INTO)"),
    "confidence": Prop("FLOAT", "calibrated probability that it is right (not on MERGED_INTO)", optional=True),
    "first_seen": Prop("STRING", "publication date of the earliest dated source", optional=True),
    "last_seen": Prop("STRING", "publication date of the latest dated source", optional=True),
}

# Relationship type -> its own properties.
RELATIONSHIP_PROPERTIES: dict[str, dict[str, Prop]] = {
    "MENTIONS": {"count": Prop("INTEGER", "times the article names the entity")},
    "HOLDS_POSITION": {
        "title": Prop("STRING", "the title as written, without the body", optional=True),
        "title_en": Prop("STRING", "English gloss of the title (kg/data/titles.tsv)", optional=True),
        "head_of_mission": Prop("BOOLEAN", "true for a head of an embassy, consulate or mission; else absent",
                                optional=True),
    },
    "POSTED_TO": {},
    "VISITED": {
        "date": Prop("STRING", "date of the visit: the sentence's, else the article's", optional=True),
        "status": Prop("STRING", "done or planned"),
        "cameo": Prop("STRING", "CAMEO code 042"),
    },
    "MET": {
        "date": Prop("STRING", "date of the meeting: the sentence's, else the article's", optional=True),
        "kind": Prop("STRING", "talks, meeting, reception, phone_call, video_call"),
        "cameo": Prop("STRING", "CAMEO code of the kind (CAMEO_MET_KIND)"),
    },
    "SIGNED": {
        "date": Prop("STRING", "date of the signing: the sentence's, else the article's", optional=True),
        "cameo": Prop("STRING", "CAMEO code 057"),
    },
    "PARTICIPATED_IN": {"role": Prop("STRING", "host, organizer, chair or participant")},
    "COOPERATES_WITH": {},
    "PART_OF": {},
    "MERGED_INTO": {
        "since": Prop("STRING", "first day in the province it joined", optional=True),
        "basis": Prop("STRING", "the act that merged them", optional=True),
    },
}
