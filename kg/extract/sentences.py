"""Sentence boundaries for news text: line breaks and sentence-final punctuation.

spaCy's `sentencizer` ignores line breaks, but a news page puts headlines,
captions and paragraphs on lines of their own, so a newline always ends a sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

FINAL = {".", "!", "?", "…", "..."}
CLOSERS = {"”", "\"", "’", ")", "»"}


@Language.component("kg_sentences", requires=["doc.spans"], assigns=["token.is_sent_start"])
def set_sentence_starts(doc: Doc) -> Doc:
    # The period of an abbreviation in the lexicon ("GS. John Smith", "TP. Hồ Chí Minh") ends no sentence.
    abbreviation_ends = {s.end - 1 for s in doc.spans.get("kg_lexicon", []) if s.text.endswith(".")}
    after_final = False
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
        elif after_final and not token.is_space and token.text not in CLOSERS:
            token.is_sent_start = token.text[:1].isupper() or token.text[:1] in "“\"(-–"
        else:
            token.is_sent_start = False
        if token.text in FINAL and i not in abbreviation_ends:
            after_final = True
        elif not (token.is_space or token.text in CLOSERS):
            after_final = False
    return doc
