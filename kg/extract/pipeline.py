"""Run the spaCy extraction pipeline over Documents and return Extraction records."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the modules registers the components and the pattern reader.
from kg.extract import lexicon, mentions, relation_model, relations, ruler, sentences  # noqa: F401
from kg.model import Document, Extraction, LoadError


# The relation model shipped with the package, as `kg train` writes it.
MODEL_DIR = Path(str(files("kg.extract") / "relation-model"))


@cache
def load_nlp() -> Language:
    """The pipeline built from kg/extract/config.cfg and initialized with the lexicon."""
    config = spacy.util.load_config_from_str((files("kg.extract") / "config.cfg").read_text("utf-8"))
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    if MODEL_DIR.is_dir():  # the relation model `kg train` wrote; without it the rules decide alone
        nlp.get_pipe("kg_relation_model").from_disk(MODEL_DIR)
    # The lexicon's tables (about 90,000 objects) live as long as the process: leave them out of
    # every later collection, which would otherwise walk them all again.
    gc.collect()
    gc.freeze()
    return nlp


def extract(documents: Iterable[Document], *, batch_size: int = 32,
            on_error: Callable[[LoadError], None] | None = None,
            min_confidence: float | None = None) -> Iterator[Extraction]:
    """One Extraction per Document, in order. A document the pipeline fails on is
    reported to `on_error` (or raises, without one) and the others go on. Relations below
    `min_confidence` are left out (None: the threshold the relation model was trained with)."""
    nlp = load_nlp()
    nlp.get_pipe("kg_relation_model").threshold = min_confidence

    def failed(proc_name: str, proc, docs: list[Doc], error: Exception) -> None:
        if on_error is None:
            raise error
        for doc in docs:
            source = doc._context.source if isinstance(doc._context, Document) else "?"
            on_error(LoadError(source=source, reason=f"extraction failed in {proc_name}: "
                                                      f"{type(error).__name__}: {error}"))

    nlp.set_error_handler(failed)

    with _few_collections():
        for doc, document in nlp.pipe(prepared(nlp, documents, on_error), as_tuples=True, batch_size=batch_size):
            extraction = to_extraction(doc, document)
            # The Spans the components cached in user_data point back to the Doc: without that cycle
            # reference counting frees the Doc here, not the cyclic collector after walking it.
            doc.user_data.clear()
            yield extraction


@contextmanager
def _few_collections(threshold: int = 50_000) -> Iterator[None]:
    """Extraction makes many short-lived containers: at the default first-generation threshold
    (700) the cyclic collector runs about once per document, and every few runs it walks all the
    caller holds, such as every Extraction so far. Raised while extracting, restored after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], threshold), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def prepared(nlp: Language, documents: Iterable[Document],
             on_error: Callable[[LoadError], None] | None = None) -> Iterator[tuple[Doc, Document]]:
    """Tokenized Docs with what the components read besides the text, paired with their Documents."""
    for document in documents:
        try:  # the tokenizer runs outside nlp.pipe and its error handler
            doc = nlp.make_doc(document.text)
        except Exception as error:  # a lone surrogate ("\ud800") in the text
            if on_error is None:
                raise
            on_error(LoadError(source=document.source, reason=f"extraction failed in tokenizer: "
                                                              f"{type(error).__name__}: {error}"))
            continue
        doc.user_data["published"] = document.published  # dates without a year are read against it
        doc.user_data["kg_text"] = document.text
        yield doc, document


def to_extraction(doc: Doc, document: Document) -> Extraction:
    text = document.text
    # Plain dicts validated in one call: one validator run per record is several times slower.
    entities = [
        {"key": f.key, "type": f.type, "name": f.name, "props": f.props, "aliases": f.aliases,
         "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in f.mentions]}
        for f in doc._.kg_entities.values()
    ]
    seen: set[tuple] = set()
    rels = []
    for r in doc._.kg_relations:
        ident = (r.type, r.source, r.target, tuple(sorted(r.props.items())))
        if ident in seen:
            continue
        seen.add(ident)
        start, end = r.sentence
        rels.append({"type": r.type, "source": r.source, "target": r.target, "props": r.props,
                     "evidence": {"doc_id": document.id, "sentence": text[start:end], "start": start, "end": end},
                     "confidence": r.confidence})
    return Extraction.model_validate({"doc": document, "entities": entities, "relations": rels})


def to_score_record(ex: Extraction) -> dict:
    """The line ANNOTATION.md asks for: {"doc", "entities": [...], "relations": [...]}."""
    return {
        "doc": ex.doc.name,
        "entities": [
            {"id": e.key, "type": e.type, "name": e.name, "props": e.props, "aliases": e.aliases}
            for e in ex.entities
        ],
        "relations": [
            {"type": r.type, "source": r.source, "target": r.target, "props": r.props,
             "evidence": {"sentence": r.evidence.sentence, "start": r.evidence.start, "end": r.evidence.end},
             "confidence": r.confidence}
            for r in ex.relations
        ],
    }
