"""Candidate relations and their features, for the learned relation model.

A candidate is an ordered pair of entities of the document mentioned in one
sentence (the two closest mentions when either is named more than once), whose
types some relation type allows. Its features are strings that generalize across
articles: the entity types and their order, token distance, the words between the
two mentions, trigger words and where they stand, titles, a side named inside
another name, how prominent each entity is, whose country each side is, and what
the rules (`kg_relations`) found for the pair and which rule found it.
`kg train` and the `kg_relation_model` component both read candidates from here,
so training and prediction see the same features.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate, compress
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract import lexicon as L
from kg.extract.text import LEXICON_KEY, lexicon_matches, sentences, token_texts
from kg.schema import PATTERNS, SYMMETRIC

# type pair -> the relation types it may hold, e.g. ("Person", "Country") -> HOLDS_POSITION, POSTED_TO, VISITED
TYPES_FOR: dict[tuple[str, str], tuple[str, ...]] = {}
for _rel, (_heads, _tails) in PATTERNS.items():
    for _h in _heads:
        for _t in _tails:
            TYPES_FOR.setdefault((_h, _t), ())
            TYPES_FOR[(_h, _t)] += (_rel,)

MAX_GAP = 7  # words between two mentions beyond which a pair the rules left alone is no candidate

# Relations a sentence must state with a trigger word (kg/data/triggers.tsv) for the model to
# read them there, unless one entity is named inside the other or the rules found the pair.
GATED = frozenset({"MET", "VISITED", "SIGNED", "PARTICIPATED_IN"})
# Relations a sentence states from afar ("X ... đã hội kiến Y", a long title between): measured,
# far pairs of the other types are nearly all wrong.
FAR = frozenset({"MET"})
PLACES = frozenset({"Province", "City"})
BODIES = frozenset({"Organization", "Ministry"})
STATES = {"HOST": "PARTICIPATED_IN", "WITNESS": "PARTICIPATED_IN"}  # other trigger kinds that state one


def bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16+"


@dataclass(slots=True)
class Candidate:
    head: str  # entity keys
    tail: str
    types: tuple[str, ...]  # relation types the pair's entity types allow
    sentence: tuple[int, int]  # character offsets
    features: list[str]


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets
    end: int
    key: str
    type: str


def home_countries(doc: Doc) -> dict[str, str]:
    """Entity key -> ISO3 of the country it belongs to: a person's from their posts,
    a body's or place's from its props."""
    out: dict[str, str] = {}
    entities = doc._.kg_entities
    for key, found in entities.items():
        iso3 = found.props.get("iso3") or found.props.get("country")
        if iso3:
            out[key] = iso3
    for pos in doc._.kg_positions or []:
        tail = pos.tail
        if tail in out:
            out.setdefault(pos.person, out[tail])
        elif tail.startswith("Country:"):
            out.setdefault(pos.person, tail.split(":", 1)[1])
    return out


def rule_relations(doc: Doc) -> tuple[dict[tuple[str, str, str], set[str]], set[tuple[str, str, str, int]]]:
    """What the rules found: {(type, head, tail): names of the rules} over the document and
    {(type, head, tail, sentence start)}; symmetric types in both orders."""
    in_doc: dict[tuple[str, str, str], set[str]] = {}
    in_sent: set[tuple[str, str, str, int]] = set()
    for r in doc._.kg_relations or []:
        pairs = [(r.source, r.target), (r.target, r.source)] if r.type in SYMMETRIC else [(r.source, r.target)]
        for h, t in pairs:
            in_doc.setdefault((r.type, h, t), set()).add(r.rule or "?")
            in_sent.add((r.type, h, t, r.sentence[0]))
    return in_doc, in_sent


@cache  # the trigger words are the lexicon's: a bounded set
def _trigger_features(rel: str, text: str) -> dict[tuple[str, str], list[str]]:
    """A trigger's features by where it stands (left of, between, right of the pair) and the pair's order."""
    return {(where, order): [f"tr={rel}:{where}|{order}", f"tw={text}:{where}"]
            for where in "LBR" for order in ("ht", "th")}


class _Context:
    """What every candidate of one document reads: mentions, lexicon spans, sentences, rules."""

    def __init__(self, doc: Doc, spans_key: str) -> None:
        entities = doc._.kg_entities
        self.texts = texts = token_texts(doc)
        is_word = list(map(bool, map(str.strip, texts)))  # a token that is not white space
        self.words = list(compress(range(len(texts)), is_word))
        # words before each token, to count the words between two mentions
        self.words_before = list(accumulate(is_word, initial=0))
        starts = doc.user_data["kg_token_starts"]  # token_texts put them there
        spans = [(s, e, f.key, f.type) for f in entities.values() for s, e in f.mentions]
        spans += [(r.start, r.end, r.key, r.type) for r in doc._.kg_references or ()]
        self.mentions = sorted((_Mention(bisect_right(starts, s) - 1, bisect_left(starts, e), key, kind)
                                for s, e, key, kind in spans), key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]
        lexicon = lexicon_matches(doc, spans_key)
        self.triggers = [(m.start, m.id.split("|", 1)[0], " ".join(texts[m.start:m.end]).lower())
                         for m in lexicon if m.label == L.TRIGGER]
        self.titles = [(m.start, m.end) for m in lexicon if m.label == L.TITLE]
        self.trigger_starts = [t[0] for t in self.triggers]
        self.title_starts = [t[0] for t in self.titles]
        self.sents = sentences(doc)
        self.home = home_countries(doc)
        self.rules_doc, self.rules_sent = rule_relations(doc)
        self.entity_features = self._entity_features(doc)
        self._pairs: dict[tuple[str, str], list[str]] = {}
        self._heads: dict[str, list[str]] = {}  # the entity features of a head, and of a tail by type pair
        self._tails: dict[tuple[str, str], list[str]] = {}
        self._related = {(h, t) for _, h, t in self.rules_doc} | {(t, h) for _, h, t in self.rules_doc}

    def _entity_features(self, doc: Doc) -> dict[str, list[str]]:
        """Per entity: how prominent it is and what the rules made of it anywhere in the document."""
        entities = doc._.kg_entities
        lead_end = self.sents[min(1, len(self.sents) - 1)].end_char if self.sents else 0
        most: dict[str, tuple[int, str]] = {}
        for key, f in entities.items():
            if len(f.mentions) > most.get(f.type, (0, ""))[0]:
                most[f.type] = (len(f.mentions), key)
        out: dict[str, dict[str, None]] = {}  # dicts as ordered sets
        for key, f in entities.items():
            feats = out[key] = {f"m={bucket(len(f.mentions))}": None}
            if most.get(f.type, (0, ""))[1] == key:
                feats["most"] = None
            if f.mentions and min(f.mentions)[0] < lead_end:
                feats["lead"] = None
        for rel, h, t in self.rules_doc:
            out.setdefault(h, {})[f"src={rel}"] = None
            out.setdefault(t, {})[f"dst={rel}"] = None
        return {k: list(v) for k, v in out.items()}

    def pair_features(self, hk: str, tk: str, tp: str, types: tuple[str, ...]) -> list[str]:
        """Features of the two entities, whatever sentence they stand in; `types`: what their
        entity types allow."""
        f = self._pairs.get((hk, tk))
        if f is None:
            if (h := self._heads.get(hk)) is None:
                h = self._heads[hk] = [f"h:{x}" for x in self.entity_features.get(hk, ())]
            if (t := self._tails.get((tk, tp))) is None:
                t = self._tails[(tk, tp)] = [f"t:{x}|{tp}" for x in self.entity_features.get(tk, ())]
            f = h + t
            hc, tc = self.home.get(hk), self.home.get(tk)
            if hc and tc:
                f.append("same_country" if hc == tc else "other_country")
                f.append(f"hvn={hc == 'VNM'}|tvn={tc == 'VNM'}")
            for rel in types if self.ruled(hk, tk) else ():
                rules = self.rules_doc.get((rel, hk, tk), ())
                f += [f"rule={rel}"] * bool(rules) + [f"rule={rel}:{name}" for name in sorted(rules)]
            self._pairs[(hk, tk)] = f
        return f

    def candidates(self, sent) -> list[Candidate]:
        """The candidates of one sentence."""
        texts = self.texts
        ms = self.mentions[bisect_left(self.mention_starts, sent.start):bisect_left(self.mention_starts, sent.end)]
        if len({m.key for m in ms}) < 2:
            return []
        # the closest pair of mentions of each ordered pair of entities
        closest: dict[tuple[str, str], tuple[int, _Mention, _Mention]] = {}
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                if a.key == b.key:
                    continue
                gap = max(0, b.start - a.end)
                for h, t in ((a, b), (b, a)):
                    if (h.type, t.type) in TYPES_FOR:
                        seen = closest.get((h.key, t.key))
                        if seen is None or gap < seen[0]:
                            closest[(h.key, t.key)] = (gap, h, t)
        if not closest:
            return []
        triggers = self.triggers[bisect_left(self.trigger_starts, sent.start):bisect_left(self.trigger_starts, sent.end)]
        titles = self.titles[bisect_left(self.title_starts, sent.start):bisect_left(self.title_starts, sent.end)]
        stated = {STATES.get(rel, rel) for _, rel, _ in triggers}
        visit_words = [ts for ts, rel, _ in triggers if rel == "VISITED"]
        inside: dict[int, str | None] = {}  # mention start -> type of a longer mention around it

        def outer(m: _Mention) -> str | None:
            if m.start not in inside:
                inside[m.start] = next((o.type for o in ms if o is not m and o.start <= m.start and m.end <= o.end
                                        and o.end - o.start > m.end - m.start), None)
            return inside[m.start]

        def licensed(rel: str, h: _Mention, t: _Mention, nested: str, between: list[int]) -> bool:
            """The sentence can state this pair: a trigger of the relation, a visit's word before its
            place, no actor named inside another name ("tỉnh X" in "Sở Ngoại vụ tỉnh X"), and no
            meeting between two entries of one list ("có A; B")."""
            if rel not in GATED or (rel, h.key, t.key) in self.rules_doc or nested:
                return True
            if rel not in stated or outer(h) is not None:
                return False
            if rel == "SIGNED" and h.type in PLACES:
                return False  # a place signs when named as a party in the name, or as the rules read it
            if rel == "MET" and any(texts[i] == ";" for i in between):
                return any(r == "MET" and between[0] < ts < between[-1] for ts, r, _ in triggers)
            return rel != "VISITED" or any(ts < t.start for ts in visit_words)

        sentence = (sent.start_char, sent.end_char)
        bodies = [o for o in ms if o.type in BODIES]
        trigger_features = [(ts, _trigger_features(rel, text)) for ts, rel, text in triggers]
        words = self.words
        out = []
        for (hk, tk), (gap, h, t) in closest.items():
            first, second = (h, t) if (h.start, -h.end) <= (t.start, -t.end) else (t, h)
            nested = "h_in_t" if t.start <= h.start and h.end <= t.end else \
                "t_in_h" if h.start <= t.start and t.end <= h.end else ""
            allowed = pair_types = TYPES_FOR[(h.type, t.type)]
            if nested == "h_in_t":  # "UBND tỉnh" inside "Văn phòng UBND tỉnh": the whole, never the part
                allowed = tuple(rel for rel in allowed if rel != "PART_OF")
                if not allowed:
                    continue
            if not nested and bodies and not self.ruled(hk, tk) and any(
                    o.start <= first.start and second.end <= o.end for o in bodies):
                # two names inside one body's name ("Đại sứ quán Việt Nam tại Ấn Độ") are related only as parts
                allowed = tuple(rel for rel in allowed if rel == "PART_OF")
                if not allowed:
                    continue
            lo, hi = (first.end, second.start) if not nested else (0, 0)
            if self.words_before[hi] - self.words_before[lo] > MAX_GAP and not self.ruled(hk, tk):
                allowed = tuple(rel for rel in allowed if rel in FAR)  # far apart and unrelated for the rules
                if not allowed:
                    continue
            between = words[bisect_left(words, lo):bisect_left(words, hi)] if hi > lo else []
            types = tuple(rel for rel in allowed if licensed(rel, h, t, nested, between))
            if not types:
                continue
            tp = f"{h.type}>{t.type}"
            order = "ht" if first is h else "th"
            f = [f"tp={tp}", f"tp={tp}|{order}", f"d={bucket(len(between))}|{order}",
                 f"nm={bucket(bisect_left(self.mention_starts, hi) - bisect_left(self.mention_starts, lo))}"
                 if hi else "nm=0"]
            if nested:
                f.append(f"nest={nested}")
            f += [f"bw={texts[i].lower()}|{order}" for i in between]
            for m, role in ((h, "h"), (t, "t")):
                if (kind := outer(m)) is not None:
                    f.append(f"{role}_inside={kind}")
            for ts, said in trigger_features:
                f += said["L" if ts < first.start else "B" if ts < second.start else "R", order]
            for ts, te in titles:
                if te <= h.start and h.start - te <= 12:
                    f.append("title>h" if h.type == "Person" else "title>h:body")
                if lo <= ts and te <= hi:
                    f.append("title:B")
            f += self.pair_features(hk, tk, tp, pair_types)
            f += [f"rule_here={rel}" for rel in types if (rel, hk, tk, sent.start_char) in self.rules_sent]
            # each feature once: training reads them as present or absent (kg.learn.train.design),
            # so a repeated one (two triggers of a kind) must not count twice in the scores
            out.append(Candidate(hk, tk, types, sentence, list(dict.fromkeys(f))))
        return out

    def ruled(self, hk: str, tk: str) -> bool:
        """The rules found some relation between the two, in either direction."""
        return (hk, tk) in self._related


def candidates(doc: Doc, spans_key: str = LEXICON_KEY) -> list[Candidate]:
    """Every candidate relation of the document, with its features."""
    if len(doc._.kg_entities or {}) < 2:
        return []
    ctx = _Context(doc, spans_key)
    return [c for sent in ctx.sents for c in ctx.candidates(sent)]
