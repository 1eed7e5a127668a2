"""The `kg_relation_model` component: a learned classifier over candidate relations.

For each relation type a logistic regression over the sparse features of
kg.extract.candidates scores every candidate pair the type allows; a pair's
score in the document is its best sentence's, mapped to a probability by a
Platt calibration fitted on out-of-fold predictions (`kg train`). The rules'
relations are features of the model and they stand: their probability is the
larger of the model's and the precision their rule had in training. The model
adds the relations the rules missed whose probability reaches the threshold
chosen for their type by cross-validated F1. Every relation keeps its
probability as `confidence`; `min_confidence` (`--min-confidence`) filters all
of them alike.

The weights are numpy arrays and a feature list (no pickle): `to_disk`/`from_disk`
write and read `weights.npz` and `model.json` in a folder, the way spaCy's own
components serialize.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import NamedTuple

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import lexicon as L
from kg.extract.candidates import Candidate, candidates
from kg.extract.dates import sentence_date
from kg.extract.relations import FoundRelation
from kg.extract.text import LEXICON_KEY, doc_text, lexicon_matches
from kg.schema import RELATION_TYPES, SYMMETRIC

FORMAT = 1
COLUMN = {rel: n for n, rel in enumerate(RELATION_TYPES)}  # relation type -> its column in scores


@dataclass
class RelationModel:
    """Weights of one logistic regression per relation type over a shared feature list."""

    features: list[str]
    weights: numpy.ndarray  # (len(features), len(RELATION_TYPES)) float32
    bias: numpy.ndarray  # (len(RELATION_TYPES),)
    platt: numpy.ndarray  # (len(RELATION_TYPES), 2): p = sigmoid(a * score + b)
    rule_precision: dict[str, float]  # "TYPE" or "TYPE:rule" -> precision of the rules' relations in training
    threshold: float = 0.5
    # per relation type: the probability a relation the model alone proposes needs
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.features)}
        # a row of zeros after the last feature's, for features unseen in training
        self._rows = numpy.vstack([self.weights, numpy.zeros((1, self.weights.shape[1]), self.weights.dtype)])

    def scores(self, cands: list[Candidate]) -> numpy.ndarray:
        """Raw scores, (len(cands), len(RELATION_TYPES)); -inf where the pair's types forbid the relation."""
        out = numpy.full((len(cands), len(RELATION_TYPES)), -numpy.inf, dtype="float32")
        if not cands:
            return out
        # All feature ids in one pass, then each candidate's run of weight rows summed in feature
        # order, as a loop would; an unseen feature adds the row of zeros.
        features = [f for c in cands for f in c.features]
        ids = numpy.fromiter(map(self.index.get, features, repeat(len(self.features))), dtype="int64",
                             count=len(features))
        starts = numpy.fromiter(accumulate((len(c.features) for c in cands[:-1]), initial=0), dtype="int64",
                                count=len(cands))
        sums = numpy.add.reduceat(self._rows[ids], starts, axis=0)
        sums += self.bias
        allowed = numpy.array([_columns(c.types) for c in cands])
        out[allowed] = sums[allowed]
        return out

    def thresholds_by_kind(self) -> dict[str, float]:
        """"TYPE" (found by the rules) and "TYPE+" (by the model alone) -> threshold: the rules'
        relations stand, the model's own must reach the threshold training chose for the type."""
        out = {rel: 0.0 for rel in RELATION_TYPES}
        out.update({rel + "+": self.thresholds.get(rel, self.threshold) for rel in RELATION_TYPES})
        return out

    def probabilities(self, scores: numpy.ndarray) -> numpy.ndarray:
        with numpy.errstate(over="ignore"):
            return 1.0 / (1.0 + numpy.exp(-(self.platt[:, 0] * scores + self.platt[:, 1])))

    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        numpy.savez_compressed(path / "weights.npz", weights=self.weights.astype("float32"),
                               bias=self.bias.astype("float32"), platt=self.platt.astype("float64"))
        (path / "model.json").write_text(json.dumps({
            "format": FORMAT, "relation_types": list(RELATION_TYPES), "threshold": self.threshold,
            "thresholds": self.thresholds,
            "rule_precision": self.rule_precision, "meta": self.meta, "features": self.features,
        }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> "RelationModel":
        path = Path(path)
        info = json.loads((path / "model.json").read_text(encoding="utf-8"))
        if info.get("format") != FORMAT or info.get("relation_types") != list(RELATION_TYPES):
            raise ValueError(f"{path}: a relation model of another format or schema; run `kg train` again")
        arrays = numpy.load(path / "weights.npz")
        return cls(info["features"], arrays["weights"], arrays["bias"], arrays["platt"],
                   info["rule_precision"], info["threshold"], info.get("thresholds", {}), info.get("meta", {}))


@cache
def _columns(types: tuple[str, ...]) -> tuple[bool, ...]:
    """Which columns of the scores the relation types are."""
    return tuple(rel in types for rel in RELATION_TYPES)


class Decision(NamedTuple):
    p: float  # probability (raw score before calibration, in training)
    sentence: tuple[int, int]
    ruled: bool = False  # the rules found it too


def relation_key(rel: str, head: str, tail: str) -> tuple[str, str, str]:
    """One key per relation: symmetric ones under their ends in sorted order."""
    return (rel, tail, head) if rel in SYMMETRIC and tail < head else (rel, head, tail)


def best_per_pair(cands: list[Candidate], values: numpy.ndarray) -> dict[tuple[str, str, str], Decision]:
    """(type, head, tail) -> the pair's best sentence and its value, symmetric types under one order."""
    best: dict[tuple[str, str, str], Decision] = {}
    rows = values.tolist()  # Python floats at once: indexing a numpy array one value at a time is slow
    for c, row in zip(cands, rows):
        for rel in c.types:
            v = row[COLUMN[rel]]
            key = relation_key(rel, c.head, c.tail)
            if key not in best or v > best[key].p:
                best[key] = Decision(v, c.sentence)
    return best


def document_relations(doc: Doc, cands: list[Candidate], probs: numpy.ndarray,
                       rule_precision: dict[str, float]) -> dict[tuple[str, str, str], Decision]:
    """(type, head, tail) -> Decision for the document. A relation the rules found is at least as
    probable as the rules of its type were precise in training: where they are precise they stand,
    where they are not the model must confirm them."""
    best = best_per_pair(cands, probs)
    for r in doc._.kg_relations or []:
        key = relation_key(r.type, r.source, r.target)
        prior = rule_precision.get(f"{r.type}:{r.rule}", rule_precision.get(r.type, r.confidence))
        seen = best.get(key)
        if seen is None:
            best[key] = Decision(prior, r.sentence, True)
        elif prior > seen.p or not seen.ruled:
            best[key] = Decision(max(prior, seen.p), seen.sentence, True)
    return best


@Language.factory("kg_relation_model", requires=["doc._.kg_entities", "doc._.kg_relations"],
                  assigns=["doc._.kg_relations"], default_config={"threshold": None, "spans_key": LEXICON_KEY})
def make_relation_model(nlp: Language, name: str, threshold: float | None, spans_key: str) -> "RelationModelComponent":
    return RelationModelComponent(name, threshold, spans_key)


class RelationModelComponent:
    """Replaces the rules' relations with the model's decision over every candidate.
    Without weights (before `kg train` has written any) it leaves the rules' relations as they are."""

    def __init__(self, name: str, threshold: float | None = None, spans_key: str = LEXICON_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.model: RelationModel | None = None
        self._threshold = threshold

    @property
    def threshold(self) -> float | dict[str, float]:
        """The probability a relation needs: the one set, else the model's own."""
        if self._threshold is not None or self.model is None:
            return self._threshold or 0.0
        return self.model.thresholds_by_kind()

    @threshold.setter
    def threshold(self, value: float | None) -> None:
        self._threshold = value

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        cands = candidates(doc, self.spans_key)
        probs = self.model.probabilities(self.model.scores(cands)) if cands else numpy.zeros((0, len(RELATION_TYPES)))
        decided = document_relations(doc, cands, probs, self.model.rule_precision)
        doc._.kg_relations = relations_of(doc, decided, self.threshold, self.spans_key)
        return doc

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        if self.model is not None:
            self.model.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude=()) -> "RelationModelComponent":
        self.model = RelationModel.from_disk(path)
        return self


def relations_of(doc: Doc, decided: dict[tuple[str, str, str], Decision],
                 threshold: float | dict[str, float], spans_key: str = LEXICON_KEY) -> list[FoundRelation]:
    """The relations at or above the threshold (one, or one per type and kind: see
    RelationModel.thresholds), with the rules' attributes where the rules found the same relation,
    else attributes read from the sentence."""
    by_rules: dict[tuple[str, str, str], FoundRelation] = {}
    for r in doc._.kg_relations or []:
        by_rules.setdefault(relation_key(r.type, r.source, r.target), r)
    sentences: _SentenceLexicon | None = None
    out: list[FoundRelation] = []
    for key, (p, sentence, ruled) in decided.items():
        rel, head, tail = key
        if p < (threshold[rel if ruled else rel + "+"] if isinstance(threshold, dict) else threshold):
            continue
        rule = by_rules.get(key)
        if rule is not None:
            out.append(FoundRelation(rel, rule.source, rule.target, rule.sentence, dict(rule.props), round(p, 4)))
        else:
            sentences = sentences or _SentenceLexicon(doc, spans_key)
            out.append(FoundRelation(rel, head, tail, sentence, sentences.props(rel, head, sentence), round(p, 4)))
    # a body does not cooperate with what the rules read it is part of ("UBND tỉnh X" and "tỉnh X")
    parts = {frozenset(key[1:]) for key, d in decided.items() if key[0] == "PART_OF" and d.ruled}
    # nobody visits their own country (ANNOTATION.md): the country of the posts the title chains gave
    homes = {p.person: p.tail for p in doc._.kg_positions or () if p.tail.startswith("Country:") and not p.implicit}
    return [r for r in out if (r.type != "COOPERATES_WITH" or frozenset((r.source, r.target)) not in parts)
            and (r.type != "VISITED" or homes.get(r.source) != r.target)]


class _SentenceLexicon:
    """Triggers and titles by sentence, to read the attributes of relations only the model found."""

    def __init__(self, doc: Doc, spans_key: str) -> None:
        self.doc = doc
        spans = sorted((m.span for m in lexicon_matches(doc, spans_key) if m.label in (L.TRIGGER, L.TITLE)),
                       key=lambda s: s.start_char)
        self.spans = spans
        self.starts = [s.start_char for s in spans]

    def props(self, rel: str, head: str, sentence: tuple[int, int]) -> dict:
        lexicon = self.spans[bisect_left(self.starts, sentence[0]):bisect_left(self.starts, sentence[1])]
        triggers = [s.id_.split("|") for s in lexicon if s.label_ == L.TRIGGER]
        props: dict = {}
        if rel in ("VISITED", "MET", "SIGNED"):
            published = self.doc.user_data.get("published")
            props["date"] = sentence_date(doc_text(self.doc)[sentence[0]:sentence[1]], published) or published
        if rel == "VISITED":
            props["status"] = "planned" if any(t[0] == "PLANNED" for t in triggers) else "done"
        elif rel == "MET":
            props["kind"] = next((t[2] for t in triggers if t[0] == "MET" and len(t) > 2), "meeting")
        elif rel == "PARTICIPATED_IN":
            props["role"] = next((t[2] for t in triggers if t[0] == "PARTICIPATED_IN" and len(t) > 2), "participant")
        elif rel == "HOLDS_POSITION":  # the title nearest before the person's first mention in the sentence
            first = min((s for s, _ in self.doc._.kg_entities[head].mentions if sentence[0] <= s < sentence[1]),
                        default=None)
            titles = [s for s in lexicon if s.label_ == L.TITLE and first is not None and s.end_char <= first]
            if titles:
                props["title"] = titles[-1].text
        return {k: v for k, v in props.items() if v}
