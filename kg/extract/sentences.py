"""Sentence boundaries for news text: line breaks and sentence-final punctuation.

spaCy's `sentencizer` ignores line breaks, but a news page puts headlines,
captions and paragraphs on lines of their own, so a newline always ends a sentence.
"""

from __future__ import annotations

from functools import partial

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.text import LEXICON_KEY, lexicon_matches, token_texts

FINAL = {".", "!", "?", "…", "..."}
CLOSERS = {"”", "\"", "’", ")", "»"}


@Language.factory("kg_sentences", requires=["doc.spans"], assigns=["token.is_sent_start"],
                  default_config={"spans_key": LEXICON_KEY})
def make_sentences(nlp: Language, name: str, spans_key: str):
    return partial(set_sentence_starts, spans_key=spans_key)


def set_sentence_starts(doc: Doc, spans_key: str = LEXICON_KEY) -> Doc:
    # The period of an abbreviation in the lexicon ("GS. John Smith", "TP. Hồ Chí Minh", "TP. HCM")
    # ends no sentence: a period inside or at the end of a lexicon match.
    texts = token_texts(doc)
    abbreviation_ends = {k for m in lexicon_matches(doc, spans_key) for k in range(m.start, m.end) if texts[k] == "."}
    spaces = [not t.strip() for t in texts]
    starts = numpy.full(len(texts), -1, dtype="int64")  # SENT_START: 1 starts a sentence, -1 does not
    after_final = False
    for i, text in enumerate(texts):
        if i == 0 or spaces[i - 1] and "\n" in texts[i - 1]:
            starts[i] = 1
        elif after_final and not spaces[i] and text not in CLOSERS and (text[:1].isupper() or text[:1] in "“\"(-–"):
            starts[i] = 1
        if text in FINAL and i not in abbreviation_ends:
            after_final = True
        elif not (spaces[i] or text in CLOSERS):
            after_final = False
    if len(texts):
        # one array write instead of a Token object per word; spaCy's arrays are uint64
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc
