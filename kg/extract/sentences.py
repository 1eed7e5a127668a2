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
    n = len(texts)
    if not n:
        return doc
    abbreviation_ends = {k for m in lexicon_matches(doc, spans_key) for k in range(m.start, m.end) if texts[k] == "."}
    starts = numpy.full(n, -1, dtype="int64")  # SENT_START: 1 starts a sentence, -1 does not
    starts[0] = 1
    starts[[i + 1 for i, t in enumerate(texts[:-1]) if "\n" in t and not t.strip()]] = 1  # after a line break
    # after a final mark, the first word past spaces and closing quotes, when it opens like a sentence
    for i in [i for i, t in enumerate(texts) if t in FINAL and i not in abbreviation_ends]:
        j = i + 1
        while j < n and (not texts[j].strip() or texts[j] in CLOSERS):
            j += 1
        if j < n and (texts[j][:1].isupper() or texts[j][:1] in "“\"(-–"):
            starts[j] = 1
    # one array write instead of a Token object per word; spaCy's arrays are uint64
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc
