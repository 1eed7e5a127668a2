"""Documents for the unit tests of the mention rules (tests/test_mentions_*.py): tokenized,
matched against the lexicon and split into sentences by the pipeline, with a fresh
MentionContext from the kg_mentions component, before any mention rule has run."""

from __future__ import annotations

from kg.extract.mentions_context import MentionContext
from kg.extract.pipeline import load_nlp


def context(text: str) -> MentionContext:
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text  # as kg.extract.pipeline.prepared gives it
    for name in ("span_ruler", "kg_sentences"):
        doc = nlp.get_pipe(name)(doc)
    return nlp.get_pipe("kg_mentions").context(doc)


def token(ctx: MentionContext, words: str) -> int:
    """The index of the first token of the first place `words` are written."""
    want = words.split()
    texts = ctx.cur.texts
    return next(i for i in range(len(texts)) if texts[i:i + len(want)] == want)


def keys(ctx: MentionContext, type_: str | None = None) -> set[str]:
    return {k for k, f in ctx.ents.by_key.items() if type_ is None or f.type == type_}


def sentence(ctx: MentionContext, n: int = 0):
    return list(ctx.cur.doc.sents)[n]
