"""The lexicon ruler: spaCy's span_ruler, which also hands its matches to the components after it.

Every component reads the lexicon matches as `Match` records (kg.extract.text.lexicon_matches).
Read back from doc.spans, each match is made into a new Span and its label and id looked up
again; the ruler has those Spans at hand when it stores them, so it keeps the records too.
It also makes its Spans more cheaply than SpanRuler.match does, with the same result: each
distinct match once, its label and id as the hashes of the pattern's strings, sorted as Spans
sort (by offsets, label hash, id hash) but as plain tuples.
"""

from __future__ import annotations

import warnings

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from kg.extract.text import LEXICON_KEY, MATCHES_KEY, Match


@Language.factory("kg_lexicon_ruler", assigns=["doc.spans"],
                  default_config={"spans_key": LEXICON_KEY, "phrase_matcher_attr": "ORTH", "validate": False})
def make_lexicon_ruler(nlp: Language, name: str, spans_key: str, phrase_matcher_attr: str,
                       validate: bool) -> "LexiconRuler":
    return LexiconRuler(nlp, name, spans_key=spans_key, phrase_matcher_attr=phrase_matcher_attr,
                        validate=validate, overwrite=True)


class LexiconRuler(SpanRuler):
    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            found = list(self.matcher(doc)) + list(self.phrase_matcher(doc))
        keys = self._keys(doc)
        distinct = sorted({(start, end, *keys[m_id]) for m_id, start, end in found if start != end})
        return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in distinct]

    def _keys(self, doc: Doc) -> dict[int, tuple[int, int]]:
        """Match id -> (label hash, id hash), the strings added to the store as SpanRuler.match
        adds them; made again when the patterns change."""
        source = self._match_label_id_map
        if getattr(self, "_keys_of", None) != (id(source), len(source)):
            strings = doc.vocab.strings
            self._key_cache = {m_id: (strings.add(v["label"]), strings.add(v["id"])) for m_id, v in source.items()}
            self._text_of = {strings.add(text): text for v in source.values() for text in (v["label"], v["id"])}
            self._keys_of = (id(source), len(source))
        return self._key_cache

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        super().set_annotations(doc, matches)  # doc.spans[key]: the matches, in this order
        self._keys(doc)
        text = self._text_of
        doc.user_data.setdefault(MATCHES_KEY, {})[self.key] = [
            Match(s, s.start, s.end, text[s.label], text[s.id]) for s in matches]
