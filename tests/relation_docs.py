"""Documents for the unit tests of the relation rules (tests/test_relations_*.py): run by the
pipeline up to kg_mentions (entities, title chains, names), with a fresh RelationContext
before any relation rule has run."""

from __future__ import annotations

from kg.extract.pipeline import load_nlp
from kg.extract.relations_context import RelationContext
from kg.extract.text import lexicon_matches


def context(text: str, published: str | None = None) -> RelationContext:
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text  # as kg.extract.pipeline.prepared gives it
    if published:
        doc.user_data["published"] = published
    for name in ("span_ruler", "kg_sentences", "kg_mentions"):
        doc = nlp.get_pipe(name)(doc)
    return RelationContext.of(doc, lexicon_matches(doc))


def sentences(ctx: RelationContext) -> list:
    """(sentence, its mentions, its trigger words), as `run` gives them to the sentence rules."""
    return list(ctx.sentences())


def read(ctx: RelationContext, *rules) -> RelationContext:
    """`ctx` after each sentence rule (called as rule(ctx, sent, mentions, triggers)) has read every
    sentence in reading order, as `run` calls them."""
    for sent, ms, triggers in ctx.sentences():
        for rule in rules:
            rule(ctx, sent, ms, triggers)
    return ctx


def first(ctx: RelationContext) -> tuple:
    return sentences(ctx)[0]


def on_first(rule, text: str) -> RelationContext:
    """A context after `rule` has read the first sentence of `text`."""
    ctx = context(text)
    rule(ctx, *first(ctx))
    return ctx


def name(ctx: RelationContext, key: str) -> str:
    return ctx.entities[key].name


def found(ctx: RelationContext, type_: str | None = None) -> set[tuple[str, str, str]]:
    """The relations found so far as (type, source name, target name)."""
    return {(r.type, name(ctx, r.source), name(ctx, r.target)) for r in ctx.out if type_ in (None, r.type)}


def rules(ctx: RelationContext) -> set[str]:
    return {r.rule for r in ctx.out}
