"""Score extractions against gold annotations, the way ANNOTATION.md ("How it is scored") describes.

Per document, gold and system entities are matched one to one within a type; a relation
counts when its type, head and tail match (either order for the symmetric types).
Precision, recall and F1 are micro-averaged over the documents, per type and overall.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Optional, Union

ENTITY_TYPES = ("Person", "Country", "Province", "Ministry", "Organization", "Agreement", "Event", "City")
RELATION_TYPES = ("HOLDS_POSITION", "POSTED_TO", "VISITED", "MET", "SIGNED", "PARTICIPATED_IN",
                  "COOPERATES_WITH", "PART_OF")
SYMMETRIC = frozenset({"MET", "COOPERATES_WITH"})
FUZZY = frozenset({"Organization", "Agreement", "Event"})  # also match on containment or word overlap
DEFAULT_COUNTRY = "VNM"  # a Ministry without a country is Viet Nam's

# Generic words in front of a name, per type ("tỉnh Quảng Ninh" is "Quảng Ninh"), tried in order.
GENERIC_PREFIXES = {
    "Province": ("thành phố trực thuộc trung ương ", "thành phố ", "tp. ", "tp.", "tp ", "tỉnh ", "thủ đô ",
                 "bang ", "khu tự trị ", "vùng "),
    "City": ("thành phố ", "tp. ", "tp.", "tp ", "thủ đô ", "thị xã "),
    "Person": ("ông ", "bà ", "ngài ", "đồng chí ", "ts. ", "gs. ", "pgs. ", "gs.ts. ", "ths. "),
}

# A tone mark written on the second vowel of oa, oe, uy ("hoà", "thuỷ") moves to the first ("hòa", "thủy").
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONE_MOVES = {
    first + unicodedata.normalize("NFC", second + mark): unicodedata.normalize("NFC", first + mark) + second
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in _TONE_MARKS
}
_QUOTES_AND_BRACKETS = re.compile(r"[\"'“”‘’()\[\]]")

Key = Union[str, tuple[str, str]]  # a Ministry's key is (name, country), others a string


def normalize(text: str, kind: Optional[str] = None) -> str:
    """The comparable form of a name: NFC, casefolded, one tone-mark placement, no quotes or
    brackets, single spaces, no trailing punctuation, and no generic leading word of `kind`."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    for old, new in _TONE_MOVES.items():
        text = text.replace(old, new)
    text = " ".join(_QUOTES_AND_BRACKETS.sub(" ", text).split()).strip(" .,;:-–")
    prefixes = GENERIC_PREFIXES.get(kind, ())
    while True:
        prefix = next((p for p in prefixes if text.startswith(p) and len(text) > len(p)), None)
        if prefix is None:
            return text
        text = text[len(prefix):].strip()


def accent_free(text: str) -> str:
    """A fallback form for names typed without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def same_name(kind: str, a: str, b: str) -> bool:
    """Two normalized names of the same type denote the same entity."""
    if a == b or accent_free(a) == accent_free(b):
        return True
    if kind not in FUZZY:
        return False
    if len(a) >= 4 and len(b) >= 4 and (a in b or b in a):
        return True
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def same_key(kind: str, gold: Key, system: Key) -> bool:
    if kind == "Country":
        return gold == system
    if kind == "Ministry":
        return gold[1] == system[1] and same_name(kind, gold[0], system[0])
    return same_name(kind, gold, system)


def gold_key(kind: str, key: str, country: str = DEFAULT_COUNTRY) -> Key:
    """The key of a gold entity or alias ("CHN", ("bộ ngoại giao", "VNM"), "quảng ninh")."""
    if kind == "Country":
        return key.upper()
    if kind == "Ministry":
        name, _, code = key.partition("|")
        return normalize(name), (code or country).upper()
    return normalize(key, kind)


def system_key(entity: dict) -> Optional[Key]:
    """The key of a system entity; None for a Country without its ISO3 code (not scored)."""
    kind, props, name = entity.get("type"), entity.get("props") or {}, entity.get("name") or ""
    if kind == "Country":
        return str(props.get("iso3") or "").upper() or None
    if kind == "Ministry":
        return normalize(name), str(props.get("country") or DEFAULT_COUNTRY).upper()
    return normalize(name, kind)


def same_exact(kind: str, gold: Key, system: Key) -> bool:
    """Equal after normalization (or without diacritics): no containment, no word overlap."""
    if kind == "Ministry":
        return gold[1] == system[1] and same_name("Ministry", gold[0], system[0])
    return gold == system or (kind != "Country" and accent_free(gold) == accent_free(system))


def match(kind: str, gold: dict[Key, list[Key]], system: list[Key]) -> dict[Key, Key]:
    """One-to-one matching, gold in order, each taking the first free system key that matches
    its key or one of its aliases. Exact matches are paired first and fuzzy ones only among what
    is left, so a containment never takes the partner of an exact match. Returns {system key: gold key}."""
    matched: dict[Key, Key] = {}
    paired: set[Key] = set()
    for test in (same_exact, same_key):
        for key, aliases in gold.items():
            if key in paired:
                continue
            for candidate in system:
                if candidate not in matched and any(test(kind, g, candidate) for g in (key, *aliases)):
                    matched[candidate] = key
                    paired.add(key)
                    break
    return matched


@dataclass
class Counts:
    tp: int = 0
    gold: int = 0
    system: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, gold: int, system: int) -> None:
        self.tp += tp
        self.gold += gold
        self.system += system

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "gold": self.gold, "system": self.system, "tp": self.tp}


class Mistake(NamedTuple):
    doc: str
    verdict: str  # "missed" (gold only) or "spurious" (system only)
    what: str  # "entity:Person", "relation:MET"
    item: str  # the name, or "head -> tail", as written


def _score_document(gold: dict, system: dict, counts: dict[str, Counts], mistakes: Optional[list]) -> None:
    doc = str(gold.get("doc"))

    def tally(what: str, gold_items: dict, system_items: dict, gold_hits: set, system_hits: set) -> None:
        counts.setdefault(what, Counts()).add(len(gold_hits), len(gold_items), len(system_items))
        if mistakes is not None:
            mistakes.extend(Mistake(doc, "missed", what, label)
                            for k, label in gold_items.items() if k not in gold_hits)
            mistakes.extend(Mistake(doc, "spurious", what, label)
                            for k, label in system_items.items() if k not in system_hits)

    # entities per type, each key once (first occurrence wins): gold {key: aliases}, both {key: label}
    gold_aliases: dict[str, dict[Key, list[Key]]] = {}
    gold_entities: dict[str, dict[Key, str]] = {}
    for e in gold.get("entities", []):
        kind, key = e["type"], gold_key(e["type"], e["key"])
        country = key[1] if kind == "Ministry" else DEFAULT_COUNTRY
        gold_aliases.setdefault(kind, {}).setdefault(key, [gold_key(kind, a, country) for a in e.get("aliases", [])])
        gold_entities.setdefault(kind, {}).setdefault(key, e["key"])
    system_entities: dict[str, dict[Key, str]] = {}
    refs: dict[str, tuple[str, Key]] = {}  # system id -> (type, key)
    for e in system.get("entities", []):
        key = system_key(e)
        if key is not None:
            refs[e.get("id")] = (e.get("type"), key)
            system_entities.setdefault(e.get("type"), {}).setdefault(key, e.get("name") or "")
    resolved: dict[tuple[str, Key], Key] = {}  # (type, system key) -> gold key
    for kind in gold_entities.keys() | system_entities.keys():
        g, s = gold_entities.get(kind, {}), system_entities.get(kind, {})
        matched = match(kind, gold_aliases.get(kind, {}), list(s))
        resolved.update(((kind, sk), gk) for sk, gk in matched.items())
        tally(f"entity:{kind}", g, s, set(matched.values()), set(matched))

    # relations, compared on gold keys; an end without a gold match never matches
    def relation(kind: str, head: tuple, tail: tuple) -> tuple:
        return (kind, frozenset((head, tail))) if kind in SYMMETRIC else (kind, head, tail)

    gold_relations: dict[str, dict[tuple, str]] = {}
    for r in gold.get("relations", []):
        (hk, _, hkey), (tk, _, tkey) = r["head"].partition(":"), r["tail"].partition(":")
        rel = relation(r["type"], (hk, gold_key(hk, hkey)), (tk, gold_key(tk, tkey)))
        gold_relations.setdefault(r["type"], {}).setdefault(rel, f"{r['head']} -> {r['tail']}")
    system_relations: dict[str, dict[tuple, str]] = {}
    for r in system.get("relations", []):
        ends = [refs.get(r.get("source")), refs.get(r.get("target"))]
        if None in ends:
            continue
        rel = relation(r.get("type"), *((k, resolved[(k, key)]) if (k, key) in resolved else (k, key, "unmatched")
                                       for k, key in ends))
        label = " -> ".join(f"{k}:{system_entities[k][key]}" for k, key in ends)
        system_relations.setdefault(r.get("type"), {}).setdefault(rel, label)
    for kind in gold_relations.keys() | system_relations.keys():
        g, s = gold_relations.get(kind, {}), system_relations.get(kind, {})
        hits = g.keys() & s.keys()
        tally(f"relation:{kind}", g, s, hits, hits)


def score(system: Iterable[dict], gold: Iterable[dict], mistakes: Optional[list[Mistake]] = None) -> dict[str, Counts]:
    """Counts per type ("entity:Person", "relation:MET", ... for the types that occur) and
    overall ("entity", "relation"). `system` holds score records ({"doc", "entities",
    "relations"}), `gold` the gold files' JSON; a gold document without a system record
    counts as empty output. Pass a list as `mistakes` to collect missed and spurious items."""
    by_doc = {str(record.get("doc")): record for record in system}
    counts: dict[str, Counts] = {}
    for g in gold:
        _score_document(g, by_doc.get(str(g.get("doc")), {}), counts, mistakes)
    result = {f"entity:{t}": counts[f"entity:{t}"] for t in ENTITY_TYPES if f"entity:{t}" in counts}
    result.update({f"relation:{t}": counts[f"relation:{t}"] for t in RELATION_TYPES if f"relation:{t}" in counts})
    for group in ("entity", "relation"):
        total = Counts()
        for name, c in list(result.items()):
            if name.startswith(group + ":"):
                total.add(c.tp, c.gold, c.system)
        result[group] = total
    return result


def load_gold(folder: Path) -> list[dict]:
    """The gold files of a folder (`<doc>.json`), sorted by name; `doc` defaults to the file name."""
    gold = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["doc"] = data.get("doc") or path.stem
        gold.append(data)
    return gold
