"""Training the relation model: one logistic regression per relation type, calibrated on
out-of-fold predictions, with the probability threshold per type, for the relations the model
adds to the rules', that together maximize the out-of-fold F1 of all relations.

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
MIN_RULE = 5  # firings of one rule that make its own precision worth more than its type's
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
    """How often the rules' relations are right (add-one smoothed), per type ("VISITED") and per
    rule of a type ("VISITED:delegation_member") where that rule fired at least MIN_RULE times."""
    right, total = Counter(), Counter()
    for e in examples:
        found: dict[tuple, set[str]] = {}
        for r in e.rules:
            found.setdefault(relation_key(r.type, r.source, r.target), set()).add(r.rule)
        for key, rules in found.items():
            for name in {key[0]} | {f"{key[0]}:{rule}" for rule in rules if rule}:
                total[name] += 1
                right[name] += key in e.positives
    out = {rel: round((right[rel] + 1) / (total[rel] + 2), 4) for rel in RELATION_TYPES}
    out.update({name: round((right[name] + 1) / (n + 2), 4) for name, n in sorted(total.items())
                if ":" in name and n >= MIN_RULE})
    return out


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


def best_thresholds(scored: Scored, platt: numpy.ndarray) -> tuple[dict[str, float], float]:
    """Per type, the threshold a relation the model alone proposes needs, the thresholds chosen
    together for the best out-of-fold F1 of all relations (the rules' relations stand; gold
    relations that no pair of found entities can reach count as missed); and that F1."""
    items: dict[str, list[tuple[float, bool, bool]]] = {rel: [] for rel in RELATION_TYPES}
    gold = Counter()
    for e, model, scores in scored:
        model.platt = platt
        e.doc._.kg_relations = e.rules
        decided = document_relations(e.doc, e.candidates, model.probabilities(scores), model.rule_precision)
        gold.update(r["type"] for r in e.gold.get("relations", []))
        for key, d in decided.items():
            items[key[0]].append((d.p, d.ruled, key in e.positives))
    grid = numpy.array(THRESHOLDS)
    curves: dict[str, tuple[numpy.ndarray, numpy.ndarray]] = {}  # per type: TP and system size per threshold
    for rel, found in items.items():
        p, ruled, right = (numpy.array([x[k] for x in found]).reshape(-1, 1) for k in range(3))
        ruled, right = ruled.astype(bool), right.astype(bool)
        added = (p >= grid) & ~ruled  # the model's own relations kept, for each threshold of the grid
        curves[rel] = ((ruled & right).sum() + (added & right).sum(0), ruled.sum() + added.sum(0))
    total = sum(gold.values())
    # Per type, the threshold that maximizes the F1 of all types together, given the others' (two
    # rounds of coordinate ascent): a weak type must not buy its recall with the whole graph's precision.
    best = {rel: int(numpy.argmax(2 * tp / numpy.maximum(system + gold[rel], 1))) for rel, (tp, system) in curves.items()}

    def kept(skip: str | None = None) -> tuple[int, int]:
        """TP and system size of all types under `best`, but `skip`."""
        return (sum(int(tp[best[r]]) for r, (tp, _) in curves.items() if r != skip),
                sum(int(system[best[r]]) for r, (_, system) in curves.items() if r != skip))

    for _ in range(2):
        for rel, (tp, system) in curves.items():
            tp_rest, system_rest = kept(rel)
            best[rel] = int(numpy.argmax(2 * (tp_rest + tp) / numpy.maximum(system_rest + system + total, 1)))
    tp_all, system_all = kept()
    chosen = {rel: float(grid[b]) for rel, b in best.items()}
    return chosen, (2 * tp_all / (system_all + total) if system_all + total else 0.0)


def train(examples: Sequence[Example], c: float = C) -> RelationModel:
    """The model for `examples`: weights from all of them, calibration and threshold from their folds."""
    scored = out_of_fold(examples, c) if len({fold_of(e.document.name) for e in examples}) > 1 else []
    model = _raw_model(examples, vocabulary(examples), c)
    if scored:
        model.platt = calibrate(scored)
        model.thresholds, f1 = best_thresholds(scored, model.platt)
        model.threshold = min(model.thresholds.values())
    else:
        f1 = None
    model.meta = {"documents": len(examples), "C": c,
                  "features": len(model.features), "out_of_fold_relation_f1": f1 and round(f1, 4),
                  "candidates": sum(len(e.candidates) for e in examples)}
    return model

