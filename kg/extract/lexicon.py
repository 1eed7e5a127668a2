"""Phrase patterns for spaCy's span_ruler, built from the gazetteers in kg/data.

Registered as a reader so the pipeline config loads them at initialization,
the way spaCy's own rulers load JSONL patterns:

    [initialize.components.span_ruler.patterns]
    @misc = "kg.lexicon_patterns.v1"
"""

from __future__ import annotations

import spacy

from kg.resources import lexicon

# Span labels the ruler writes into doc.spans["kg_lexicon"].
COUNTRY, PLACE, MINISTRY, MINISTRY_SHORT, MINISTRY_WORD = (
    "COUNTRY", "PLACE", "MINISTRY", "MINISTRY_SHORT", "MINISTRY_WORD",
)
ORG, TITLE, HONORIFIC, COMPOUND = "ORG", "TITLE", "HONORIFIC", "COMPOUND"
HEAD, BLOCK, TRIGGER = "HEAD", "BLOCK", "TRIGGER"
REPUBLIC, REPUBLIC_SHORT = ("Cộng hòa ", "Cộng hoà "), "CH "
LOOKALIKE_D = "\u00d0"  # "Ð", read as "Đ" (ANNOTATION.md)


@spacy.registry.misc("kg.lexicon_patterns.v1")
def lexicon_patterns() -> list[dict[str, str]]:
    lex = lexicon()
    patterns: list[dict[str, str]] = []

    def add(label: str, forms, pid: str) -> None:
        for f in forms:
            patterns.append({"label": label, "pattern": f, "id": pid})
            if "Đ" in f:  # "Ð" (U+00D0, Icelandic eth) is typed for "Đ" in some texts
                patterns.append({"label": label, "pattern": f.replace("Đ", LOOKALIKE_D), "id": pid})

    for iso3, place in lex.countries.items():
        add(COUNTRY, place.names, iso3)
        # "CH Séc", "CH Uzbekistan": the press abbreviates "Cộng hòa" (republic) before a name
        add(COUNTRY, [REPUBLIC_SHORT + f[len(p):] for f in place.names for p in REPUBLIC if f.startswith(p)], iso3)
    add(COMPOUND, lex.compound, "")  # ids looked up again from the form
    for place in lex.places:
        add(PLACE, place.names, place.id)
    for m in lex.ministries:
        add(MINISTRY, m.names, m.id)
        add(MINISTRY_SHORT, m.short, m.id)
    add(MINISTRY_WORD, lex.ministry_words, "")
    for org in lex.orgs:
        add(ORG, org.names, org.id)
    for t in lex.titles:
        add(TITLE, t.forms, t.title)
    add(HONORIFIC, lex.honorifics, "")
    for head in lex.heads:
        add(HEAD, [head], head)
    add(BLOCK, lex.blockers, "")
    for t in lex.triggers:
        add(TRIGGER, [t.form], t.id)
    return patterns
