"""Token-level access to the lexicon matches of one document."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    """The document's text. Doc.text joins every token; the pipeline stores the text it was given."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


LEXICON_KEY = "kg_lexicon"  # the span_ruler's spans_key in kg/extract/config.cfg


def lexicon_spans(doc: Doc, key: str = LEXICON_KEY) -> list[Span]:
    """The span_ruler's matches (doc.spans[key]) by first token, built once per document:
    every component reads them, and each pass over a SpanGroup makes a new Span per match."""
    cache = doc.user_data.setdefault("kg_lexicon_spans", {})
    if key not in cache:
        cache[key] = sorted(doc.spans.get(key, []), key=lambda s: s.start)
    return cache[key]


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, sliced from the document text by offset: far cheaper than a Token per word."""
    texts = doc.user_data.get("kg_token_texts")
    if texts is None:
        text = doc_text(doc)
        # two flat lists: a 2-D array's tolist() builds a list per token, several times slower
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        texts = doc.user_data["kg_token_texts"] = [text[i:i + n] for i, n in zip(starts, lengths)]
    return texts


class Cursor:
    """Lexicon spans indexed by their first token, longest first."""

    def __init__(self, doc: Doc, spans: Iterable[Span]) -> None:
        self.doc = doc
        self.texts = token_texts(doc)
        self.by_start: dict[int, list[Span]] = defaultdict(list)
        for span in spans:
            self.by_start[span.start].append(span)
        for found in self.by_start.values():
            found.sort(key=lambda s: s.end - s.start, reverse=True)
        # Span.label_ looks the label up in the string store on every read: read each once
        self._labelled = {i: [(s.label_, s) for s in found] for i, found in self.by_start.items()}
        self._taken: set[int] = set()

    def at(self, i: int, labels: set[str]) -> Span | None:
        """The longest span with one of `labels` starting at token i."""
        for label, span in self._labelled.get(i, ()):
            if label in labels:
                return span
        return None

    def ids(self, span: Span) -> list[str]:
        """All ids matched on exactly this stretch of text under the span's label."""
        label = span.label_
        return [s.id_ for lab, s in self._labelled.get(span.start, ()) if s.end == span.end and lab == label]

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
