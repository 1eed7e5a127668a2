"""The `kg_relations` component: relations between the entities `kg_mentions` found.

Posts come from title chains; PART_OF, SIGNED and COOPERATES_WITH also from
what names contain ("Bản ghi nhớ giữa Bộ A và Bộ B"); meetings, visits,
signings, participation and cooperation from trigger words
(kg/data/triggers.tsv) and the entities around them in one sentence. Each
relation carries its sentence (character offsets into the document text) and
a confidence and the name of the rule that found it (`FoundRelation.rule`).

The rules live in modules of their own that share one RelationContext per document
(kg/extract/relations_context.py): relations_posts (HOLDS_POSITION, POSTED_TO),
relations_names (what names contain), relations_parts (PART_OF by juxtaposition),
relations_meetings (MET), relations_visits and relations_trips (VISITED),
relations_participation (PARTICIPATED_IN), relations_signing (SIGNED) and
relations_cooperation (COOPERATES_WITH). A new construction is a function in one of them,
or a module of its own called from `run`. The conventions they follow are ANNOTATION.md's
"Conventions for the hard cases".
"""

from __future__ import annotations

from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.relations_common import FoundRelation, Mention
from kg.extract.relations_context import RelationContext
from kg.extract.relations_cooperation import cooperation
from kg.extract.relations_meetings import co_chairs, met
from kg.extract.relations_names import names
from kg.extract.relations_participation import participation
from kg.extract.relations_parts import units_of, units_of_the_ministry, wholes_ending_names
from kg.extract.relations_posts import positions, unplaced_titles
from kg.extract.relations_signing import ceremony_parties, local_sides_sign, signers_at_ceremonies, signing
from kg.extract.relations_trips import close_trips, read_trips
from kg.extract.relations_visits import delegation_leader, hosted_visits, mission_visits, visits
from kg.extract.text import LEXICON_KEY, lexicon_matches

__all__ = ["FoundRelation", "Mention", "RelationContext", "find_relations", "run"]

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)
# Short references the rules resolved ("hội nghị" -> the conference named before), as Mentions,
# so that the relation model pairs them as it pairs names.
if not Doc.has_extension("kg_references"):
    Doc.set_extension("kg_references", default=None)


@Language.factory("kg_relations", requires=["doc._.kg_entities", "doc._.kg_positions", "doc._.kg_names"],
                  assigns=["doc._.kg_relations"], default_config={"spans_key": LEXICON_KEY})
def make_relations(nlp: Language, name: str, spans_key: str):
    return partial(find_relations, spans_key=spans_key)


def find_relations(doc: Doc, spans_key: str = LEXICON_KEY) -> Doc:
    ctx = RelationContext.of(doc, lexicon_matches(doc, spans_key))
    doc._.kg_relations = run(ctx)
    doc._.kg_references = ctx.references
    return doc


def run(ctx: RelationContext) -> list[FoundRelation]:
    """Every rule over the document, in an order that matters: the posts first (later rules
    read the ministries people hold posts in), then sentence by sentence in reading order
    (references mean what was named before), and last what needs the whole document."""
    positions(ctx)
    unplaced_titles(ctx)
    names(ctx)
    wholes_ending_names(ctx)
    leader: str | None = None
    for sent, ms, triggers in ctx.sentences():
        leader = delegation_leader(ctx, sent, ms) or leader
        met(ctx, sent, ms, triggers)
        visits(ctx, sent, ms, triggers, leader)
        mission_visits(ctx, sent, ms, triggers, leader)
        hosted_visits(ctx, sent, ms, triggers)
        participation(ctx, sent, ms, triggers)
        signing(ctx, sent, ms, triggers)
        ceremony_parties(ctx, sent, ms)
        cooperation(ctx, sent, ms, triggers)
        read_trips(ctx, sent.start_char, sent.end_char, ms)
        units_of(ctx, sent, ms)
    close_trips(ctx)
    co_chairs(ctx)
    units_of_the_ministry(ctx)
    local_sides_sign(ctx)
    signers_at_ceremonies(ctx)
    return ctx.out
