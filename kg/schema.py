"""The graph schema: node labels, relationship types and the patterns they may join.

One declaration drives pruning, the Cypher the stores send (labels and types are
only ever taken from here, never from input text) and the RDF export.
"""

from __future__ import annotations

from typing import get_args

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
