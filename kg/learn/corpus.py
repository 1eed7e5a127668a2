"""Training examples: annotated articles run through the rule pipeline and aligned with their gold.

Gold relations name entities by their keys, not by offsets, so they are carried onto the
document's candidates through the scorer's own entity matching (kg.evaluate): a candidate
is a positive example of a relation type when the gold holds that relation between the
entities its two ends matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from spacy.tokens import Doc

from kg.evaluate import DEFAULT_COUNTRY, gold_key, load_gold, match, system_key
from kg.extract.candidates import Candidate, candidates
from kg.extract.relation_model import relation_key
from kg.extract.relations import FoundRelation
from kg.model import Document, Entity, LoadError

RelKey = tuple[str, str, str]  # (type, head entity key, tail entity key)


@dataclass
class Example:
    document: Document
    doc: Doc  # after the rules, before the relation model
    rules: list[FoundRelation]  # the rules' relations, to restore before each prediction
    candidates: list[Candidate]
    gold: dict  # the gold file's JSON
    positives: set[RelKey]  # gold relations between entities we found, symmetric ones in both orders


def aligned_gold(gold: dict, entities: Iterable[Entity]) -> set[RelKey]:
    """The gold relations whose two ends match entities we found, under our entity keys."""
    gold_aliases: dict[str, dict] = {}
    for e in gold.get("entities", []):
        kind, key = e["type"], gold_key(e["type"], e["key"])
        country = key[1] if kind == "Ministry" else DEFAULT_COUNTRY
        gold_aliases.setdefault(kind, {}).setdefault(key, [gold_key(kind, a, country) for a in e.get("aliases", [])])
    ours: dict[str, dict] = {}  # type -> system key -> our entity keys
    for ent in entities:
        sk = system_key({"type": ent.type, "name": ent.name, "props": ent.props})
        if sk is not None:
            ours.setdefault(ent.type, {}).setdefault(sk, []).append(ent.key)
    found: dict[tuple[str, object], list[str]] = {}  # (type, gold key) -> our entity keys
    for kind, by_key in ours.items():
        for sk, gk in match(kind, gold_aliases.get(kind, {}), list(by_key)).items():
            found.setdefault((kind, gk), []).extend(by_key[sk])
    out: set[RelKey] = set()
    for r in gold.get("relations", []):
        (hk, _, hkey), (tk, _, tkey) = r["head"].partition(":"), r["tail"].partition(":")
        for h in found.get((hk, gold_key(hk, hkey)), []):
            for t in found.get((tk, gold_key(tk, tkey)), []):
                if h != t:
                    out.add(relation_key(r["type"], h, t))
    return out


def examples(docs_dir: Path, gold_dir: Path, on_error: Callable[[LoadError], None] | None = None) -> list[Example]:
    """Every annotated document of `docs_dir` that has a gold file in `gold_dir`, run through the rules."""
    from kg.extract.pipeline import load_nlp, prepared, to_extraction
    from loaders import iter_documents

    gold = {g["doc"]: g for g in load_gold(gold_dir)}
    documents = []
    for item in iter_documents([docs_dir]):
        if isinstance(item, LoadError):
            if on_error:
                on_error(item)
        elif item.name in gold:
            documents.append(item)
    nlp = load_nlp()
    out: list[Example] = []
    with nlp.select_pipes(disable=["kg_relation_model"]):
        for doc, document in nlp.pipe(prepared(nlp, documents, on_error), as_tuples=True):
            entities = to_extraction(doc, document).entities
            out.append(Example(document, doc, list(doc._.kg_relations), candidates(doc), gold[document.name],
                               aligned_gold(gold[document.name], entities)))
    return out
