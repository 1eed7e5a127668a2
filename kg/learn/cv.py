"""Cross-validation: the figure that says what to expect on articles the tool has never seen.

Each fold's articles are scored with a model trained on the other four folds (the
rules, which learn nothing, run on all); the per-fold outputs are pooled and scored
by the guide's scorer (kg.evaluate), exactly as `kg eval` scores one run.
"""

from __future__ import annotations

from typing import Sequence

from kg.evaluate import Counts, score
from kg.extract.pipeline import to_extraction, to_score_record
from kg.extract.relation_model import RelationModel, document_relations, relations_of
from kg.learn.corpus import Example
from kg.learn.folds import fold_of
from kg.learn.train import C, train


def predict(model: RelationModel | None, example: Example, threshold: float | None = None) -> dict:
    """The score record of one example under `model` (None: the rules alone)."""
    doc = example.doc
    doc._.kg_relations = list(example.rules)
    if model is not None:
        probs = model.probabilities(model.scores(example.candidates))
        decided = document_relations(doc, example.candidates, probs, model.rule_precision)
        doc._.kg_relations = relations_of(doc, decided, model.thresholds_by_kind() if threshold is None else threshold)
    record = to_score_record(to_extraction(doc, example.document))
    doc._.kg_relations = list(example.rules)
    return record


def cross_validate(examples: Sequence[Example], c: float = C,
                   threshold: float | None = None) -> tuple[dict[str, Counts], list[RelationModel]]:
    """Scores of the pooled out-of-fold predictions, and the model of each fold."""
    records, models = [], []
    for fold in sorted({fold_of(e.document.name) for e in examples}):
        model = train([e for e in examples if fold_of(e.document.name) != fold], c)
        models.append(model)
        records += [predict(model, e, threshold) for e in examples if fold_of(e.document.name) == fold]
    return score(records, [e.gold for e in examples]), models


def evaluate(model: RelationModel | None, examples: Sequence[Example], threshold: float | None = None) -> dict[str, Counts]:
    return score([predict(model, e, threshold) for e in examples], [e.gold for e in examples])

