"""Token-level access to the lexicon matches of one document."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import Iterable, Iterator, NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    """The document's text. Doc.text joins every token; the pipeline stores the text it was given."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


LEXICON_KEY = "kg_lexicon"  # the span_ruler's spans_key in kg/extract/config.cfg
MATCHES_KEY = "kg_lexicon_matches"  # user_data: {spans key: [Match]}, as kg.extract.ruler leaves them


class Match(NamedTuple):
    """A lexicon match with its label and id read once: Span.label_ and Span.id_ look them up in
    the string store on every read, and a pass over a SpanGroup makes a new Span per match."""

    span: Span
    start: int  # token offsets
    end: int
    label: str
    id: str


def lexicon_matches(doc: Doc, key: str = LEXICON_KEY) -> list[Match]:
    """The span_ruler's matches (doc.spans[key]) by first token, built once per document for
    every component that reads them."""
    cache = doc.user_data.setdefault(MATCHES_KEY, {})
    if key not in cache:
        cache[key] = sorted((Match(s, s.start, s.end, s.label_, s.id_) for s in doc.spans.get(key, [])),
                            key=lambda m: m.start)
    return cache[key]


def sentences(doc: Doc) -> list[Span]:
    """doc.sents, made once per document for every component that reads them (kg_sentences has
    set the boundaries before any of them runs)."""
    sents = doc.user_data.get("kg_sentences")
    if sents is None:
        sents = doc.user_data["kg_sentences"] = list(doc.sents)
    return sents


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, sliced from the document text by offset: far cheaper than a Token per word."""
    texts = doc.user_data.get("kg_token_texts")
    if texts is None:
        text = doc_text(doc)
        # two flat lists: a 2-D array's tolist() builds a list per token, several times slower
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        texts = doc.user_data["kg_token_texts"] = [text[i:i + n] for i, n in zip(starts, lengths)]
        doc.user_data["kg_token_starts"] = starts
    return texts


def span_text(span: Span) -> str:
    """Span.text without its cost: Span.text makes a Token per word to join their texts, while the
    span's characters in the document text are the same string."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def tokens_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text (start, end >= 0; end past the last token is cut) without making the Span."""
    texts = token_texts(doc)
    end = min(end, len(texts))
    if start >= end:
        return ""
    starts = doc.user_data["kg_token_starts"]
    return doc_text(doc)[starts[start]:starts[end - 1] + len(texts[end - 1])]


class Cursor:
    """Lexicon spans indexed by their first token, longest first."""

    def __init__(self, doc: Doc, matches: Iterable[Match]) -> None:
        self.doc = doc
        self.texts = token_texts(doc)
        labelled: dict[int, list[Match]] = defaultdict(list)
        for m in matches:
            labelled[m.start].append(m)
        for found in labelled.values():
            found.sort(key=lambda m: m.end - m.start, reverse=True)
        self.by_start: dict[int, list[Span]] = {i: [m.span for m in found] for i, found in labelled.items()}
        self._labelled = {i: [(m.label, m.span) for m in found] for i, found in labelled.items()}
        self._starts = sorted(labelled)
        self._taken: set[int] = set()

    def text(self, start: int, end: int) -> str:
        """doc[start:end].text, without making the Span."""
        return tokens_text(self.doc, start, end)

    def at(self, i: int, labels: set[str]) -> Span | None:
        """The longest span with one of `labels` starting at token i."""
        for label, span in self._labelled.get(i, ()):
            if label in labels:
                return span
        return None

    def ending_at(self, i: int, labels: set[str], reach: int = 3) -> Iterator[Span]:
        """Spans with one of `labels` that start at most `reach` tokens before token i and end right before it."""
        for k in range(max(0, i - reach), i):
            span = self.at(k, labels)
            if span is not None and span.end == i:
                yield span

    def ids(self, span: Span) -> list[str]:
        """All ids matched on exactly this stretch of text under the span's label."""
        label = span.label_
        return [s.id_ for lab, s in self._labelled.get(span.start, ()) if s.end == span.end and lab == label]

    def next_start(self, i: int) -> int:
        """The first token at or after i at which a span starts (len(doc) when none does)."""
        k = bisect_left(self._starts, i)
        return self._starts[k] if k < len(self._starts) else len(self.texts)

    def starts(self, labels: set[str]) -> list[int]:
        """The tokens at which a span with one of `labels` starts, in order."""
        return sorted(i for i, found in self._labelled.items() if any(label in labels for label, _ in found))

    def skip(self, i: int, labels: set[str]) -> int:
        """Token after any run of spans with `labels` starting at i."""
        while (span := self.at(i, labels)) is not None:
            i = span.end
        return i

    def longest(self, labels: set[str], skip: set[int]) -> list[Span]:
        """Non-overlapping spans with `labels`, longest first, none touching `skip` tokens."""
        spans = sorted(
            (s for found in self._labelled.values() for label, s in found if label in labels),
            key=lambda s: (s.start - s.end, s.start),
        )
        used = set(skip)
        chosen = []
        for span in spans:
            tokens = range(span.start, span.end)
            if used.isdisjoint(tokens):
                chosen.append(span)
                used.update(tokens)
        return sorted(chosen, key=lambda s: s.start)

    def take(self, start: int, end: int) -> None:
        self._taken.update(range(start, end))

    def taken(self, i: int) -> bool:
        return i in self._taken
