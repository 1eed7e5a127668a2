"""Training the relation model: one logistic regression per relation type, calibrated on
out-of-fold predictions, with the probability threshold that maximizes out-of-fold F1.

Deterministic: the feature list is sorted, liblinear is run with a fixed seed, and the
folds are the committed ones, so two runs on the same corpus write the same weights.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import numpy
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from kg.extract.relation_model import RelationModel, best_per_pair, document_relations
from kg.learn.corpus import Example, relation_key
from kg.learn.folds import fold_of
from kg.schema import RELATION_TYPES

C = 0.3  # inverse L2 strength: the articles are few and the features many
MIN_COUNT = 2  # a feature seen once teaches nothing that transfers
SEED = 0
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


def vocabulary(examples: Iterable[Example], min_count: int = MIN_COUNT) -> list[str]:
    counts = Counter(f for e in examples for c in e.candidates for f in set(c.features))
    return sorted(f for f, n in counts.items() if n >= min_count)


def design(examples: Sequence[Example], index: dict[str, int]) -> tuple[csr_matrix, numpy.ndarray, numpy.ndarray]:
    """Feature matrix, labels and the mask of relation types each candidate's entity types allow."""
    indptr, cols, labels, allowed = [0], [], [], []
    for e in examples:
        for c in e.candidates:
            cols.extend(sorted({index[f] for f in c.features if f in index}))
            indptr.append(len(cols))
            allowed.append([rel in c.types for rel in RELATION_TYPES])
            labels.append([rel in c.types and relation_key(rel, c.head, c.tail) in e.positives
                           for rel in RELATION_TYPES])
    x = csr_matrix((numpy.ones(len(cols), dtype="float32"), cols, indptr), shape=(len(indptr) - 1, len(index)))
    return x, numpy.array(labels, dtype=bool).reshape(-1, len(RELATION_TYPES)), \
        numpy.array(allowed, dtype=bool).reshape(-1, len(RELATION_TYPES))


def fit_weights(x: csr_matrix, y: numpy.ndarray, mask: numpy.ndarray, c: float = C) -> tuple[numpy.ndarray, numpy.ndarray]:
    weights = numpy.zeros((x.shape[1], len(RELATION_TYPES)), dtype="float32")
    bias = numpy.full(len(RELATION_TYPES), -10.0, dtype="float32")  # a type never seen is never predicted
    for k in range(len(RELATION_TYPES)):
        rows = numpy.flatnonzero(mask[:, k])
        if rows.size == 0 or not y[rows, k].any() or y[rows, k].all():
            continue
        lr = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000)
        lr.fit(x[rows], y[rows, k])
        weights[:, k] = lr.coef_[0]
        bias[k] = lr.intercept_[0]
    return weights, bias


def rule_precision(examples: Iterable[Example]) -> dict[str, float]:
    """Per type, how often the rules' relations are right (add-one smoothed)."""
    right, total = Counter(), Counter()
    for e in examples:
        for key in {relation_key(r.type, r.source, r.target) for r in e.rules}:
            total[key[0]] += 1
            right[key[0]] += key in e.positives
    return {rel: round((right[rel] + 1) / (total[rel] + 2), 4) for rel in RELATION_TYPES}


def _raw_model(examples: Sequence[Example], features: list[str], c: float) -> RelationModel:
    x, y, mask = design(examples, {f: i for i, f in enumerate(features)})
    weights, bias = fit_weights(x, y, mask, c)
    identity = numpy.tile([1.0, 0.0], (len(RELATION_TYPES), 1))
    return RelationModel(features, weights, bias, identity, rule_precision(examples))


Scored = list[tuple[Example, RelationModel, numpy.ndarray]]


def out_of_fold(examples: Sequence[Example], c: float) -> Scored:
    """Every example with the model of the other folds and its raw candidate scores under that model."""
    out = []
    features = vocabulary(examples)
    for fold in sorted({fold_of(e.document.name) for e in examples}):
        model = _raw_model([e for e in examples if fold_of(e.document.name) != fold], features, c)
        out += [(e, model, model.scores(e.candidates)) for e in examples if fold_of(e.document.name) == fold]
    return out


def calibrate(scored: Scored) -> numpy.ndarray:
    """Platt scaling per type, fitted on the out-of-fold best score of each document's entity pairs."""
    platt = numpy.tile([1.0, 0.0], (len(RELATION_TYPES), 1))
    pairs = [(e, best_per_pair(e.candidates, scores)) for e, _, scores in scored]
    for k, rel in enumerate(RELATION_TYPES):
        xs = [(d.p, key in e.positives) for e, best in pairs for key, d in best.items()
              if key[0] == rel and numpy.isfinite(d.p)]
        if len({y for _, y in xs}) < 2:
            continue
        lr = LogisticRegression(C=1e4, random_state=SEED)
        lr.fit(numpy.array([x for x, _ in xs]).reshape(-1, 1), [y for _, y in xs])
        platt[k] = (lr.coef_[0, 0], lr.intercept_[0])
    return platt


def best_threshold(scored: Scored, platt: numpy.ndarray) -> tuple[float, float]:
    """The threshold with the best out-of-fold F1 over all relations (gold ones that no pair of
    found entities can reach count as missed), and that F1."""
    items: list[tuple[float, bool]] = []
    gold = 0
    for e, model, scores in scored:
        model.platt = platt
        e.doc._.kg_relations = e.rules
        decided = document_relations(e.doc, e.candidates, model.probabilities(scores), model.rule_precision)
        gold += len(e.gold.get("relations", []))
        items += [(d.p, key in e.positives) for key, d in decided.items()]
    best = (0.5, 0.0)
    for t in THRESHOLDS:
        tp = sum(1 for p, right in items if p >= t and right)
        system = sum(1 for p, _ in items if p >= t)
        f1 = 2 * tp / (system + gold) if system + gold else 0.0
        if f1 > best[1] + 1e-9:
            best = (t, f1)
    return best


def train(examples: Sequence[Example], c: float = C) -> RelationModel:
    """The model for `examples`: weights from all of them, calibration and threshold from their folds."""
    scored = out_of_fold(examples, c) if len({fold_of(e.document.name) for e in examples}) > 1 else []
    model = _raw_model(examples, vocabulary(examples), c)
    if scored:
        model.platt = calibrate(scored)
        model.threshold, f1 = best_threshold(scored, model.platt)
    else:
        f1 = None
    model.meta = {"documents": len(examples), "C": c,
                  "features": len(model.features), "out_of_fold_relation_f1": f1 and round(f1, 4),
                  "candidates": sum(len(e.candidates) for e in examples)}
    return model

