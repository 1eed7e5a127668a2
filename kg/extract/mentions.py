"""The `kg_mentions` component: the entities of a document and the posts its people hold.

It reads the lexicon matches of `span_ruler` (doc.spans["kg_lexicon"]) and
resolves them into entities with document-level keys ("Country:VNM",
"Ministry:Bộ Ngoại giao|IDN", "Person:Lê Hoài Trung"), reads names opened by
head words (kg.extract.names), and parses title chains into positions that
`kg_relations` turns into HOLDS_POSITION and POSTED_TO.

The rules live in modules of their own that share one MentionContext per document
(kg/extract/mentions_context.py): mentions_people (with mentions_titles for title chains),
mentions_places, mentions_ministries, mentions_names and mentions_orgs. A new construction
is a function in one of them, or a module of its own called from `MentionFinder.__call__`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.entities import merge_short_forms
from kg.extract.mentions_context import MentionContext, MentionTables
from kg.extract.mentions_ministries import find_ministries
from kg.extract.mentions_names import find_acronyms, find_names
from kg.extract.mentions_orgs import find_orgs
from kg.extract.mentions_people import find_people, resolve_shorts
from kg.extract.mentions_places import find_places, find_unlisted_cities
from kg.extract.people import Position
from kg.extract.text import LEXICON_KEY, lexicon_matches, sentences
from kg.resources import Lexicon, lexicon

for _name in ("kg_entities", "kg_positions", "kg_names"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("kg_mentions", requires=["doc.spans", "token.is_sent_start"],
                  assigns=["doc._.kg_entities", "doc._.kg_positions", "doc._.kg_names"],
                  default_config={"spans_key": LEXICON_KEY})
def make_mentions(nlp: Language, name: str, spans_key: str) -> MentionFinder:
    return MentionFinder(lexicon(), spans_key)


class MentionFinder:
    def __init__(self, lex: Lexicon, spans_key: str = LEXICON_KEY) -> None:
        self.tables = MentionTables.of(lex)
        self.spans_key = spans_key

    def context(self, doc: Doc) -> MentionContext:
        """A new context for `doc`: the rules keep what they learn of a document there."""
        return MentionContext.of(doc, lexicon_matches(doc, self.spans_key), self.tables)

    def __call__(self, doc: Doc) -> Doc:
        ctx = self.context(doc)
        # People first: their names are no places, and their title chains read the bodies
        # the later steps must not read again.
        positions: list[Position] = []
        for sent in sentences(doc):
            positions += find_people(ctx, sent)
        positions += resolve_shorts(ctx)
        find_places(ctx)
        find_unlisted_cities(ctx)  # placed by the known places read before
        find_ministries(ctx)
        find_names(ctx)
        find_orgs(ctx)
        find_acronyms(ctx)
        names = sorted(ctx.found_names.values(), key=lambda n: n.start)
        for short, full in merge_short_forms(ctx.ents).items():
            for pos in positions:
                pos.tail = full if pos.tail == short else pos.tail
            for name in names:
                name.key = full if name.key == short else name.key
                name.inner = [full if k == short else k for k in name.inner]
        doc._.kg_entities = ctx.ents.by_key
        doc._.kg_positions = positions
        doc._.kg_names = names
        return doc
