"""The `kg_relations` component: relations between the entities `kg_mentions` found.

Each relation carries the sentence it was read from (character offsets into the
document text) and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import Found
from kg.resources import lexicon

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


@dataclass
class FoundRelation:
    type: str
    source: str
    target: str
    sentence: tuple[int, int]
    props: dict = field(default_factory=dict)
    confidence: float = 1.0


@Language.component("kg_relations", requires=["doc._.kg_entities", "doc._.kg_positions"],
                    assigns=["doc._.kg_relations"])
def find_relations(doc: Doc) -> Doc:
    entities = doc._.kg_entities
    relations: list[FoundRelation] = []
    countries = lexicon().countries

    def ensure(key: str) -> None:
        # A post whose body the text leaves implicit points to the person's country,
        # which then is an entity of the document even where it is not named.
        if key not in entities and key.startswith("Country:"):
            iso3 = key.split(":", 1)[1]
            entities[key] = Found("Country", key, countries[iso3].name, {"iso3": iso3})

    # "Thứ trưởng Trung" after "Thứ trưởng Ngoại giao Lê Hoài Trung": a bare title
    # repeats a post the document already placed in a body.
    placed = {(p.person, p.title) for p in doc._.kg_positions if not p.implicit}
    for pos in doc._.kg_positions:
        if pos.implicit and (pos.person, pos.title) in placed:
            continue
        ensure(pos.tail)
        relations.append(
            FoundRelation("HOLDS_POSITION", pos.person, pos.tail, pos.sentence, {"title": pos.title}, 0.9)
        )
        if pos.posted_to:
            relations.append(FoundRelation("POSTED_TO", pos.person, pos.posted_to, pos.sentence, {}, 0.85))
    doc._.kg_relations = relations
    return doc
