"""The lexicon ruler: spaCy's span_ruler, which also hands its matches to the components after it.

Every component reads the lexicon matches as `Match` records (kg.extract.text.lexicon_matches).
Read back from doc.spans, each match is made into a new Span and its label and id looked up
again; the ruler has those Spans at hand when it stores them, so it keeps the records too.
"""

from __future__ import annotations

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
    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        super().set_annotations(doc, matches)  # doc.spans[key]: the matches, in this order
        doc.user_data.setdefault(MATCHES_KEY, {})[self.key] = [
            Match(s, s.start, s.end, s.label_, s.id_) for s in matches]
