"""People and the posts they hold.

A person is named after a title chain ("Phó Thủ tướng, Bộ trưởng Ngoại giao
Phạm Bình Minh") or an honorific ("bà Jane Doe", "GS. John Smith"), and
may be followed by an apposition that gives the post ("Ông Nguyễn Văn A, tham
tán phụ trách kinh tế của Đại sứ quán Việt Nam tại Đức"). Short forms
("Thứ trưởng Trung", "ông Trump") are resolved to a full name of the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.names import blocked
from kg.extract.text import Cursor
from kg.resources import lexicon

MAX_NAME_TOKENS = 8  # words of a name; particles and hyphens not counted
# Words between a title and its body: "tham tán phụ trách công tác cộng đồng của Đại sứ quán ..."
QUALIFIER_START = {"phụ"}
APPOSITION_LINKS = ("đồng thời là", "kiêm", "đồng thời")


@dataclass
class Position:
    """A title held by a person, as one title chain of the text states it."""

    person: str  # entity key
    title: str
    tail: str  # entity key: the body, or the person's country
    sentence: tuple[int, int]
    posted_to: str | None = None  # entity key of the place of posting
    implicit: bool = False  # the text named no body: the tail is the person's country
    scope: str = ""  # of the title: country, ministry, mission, organization, party
    accredited: tuple[str, ...] = ()  # countries of concurrent accreditation ("kiêm nhiệm Nepal và Bhutan")


@dataclass
class Unit:
    """One title of a chain, as written, with the body that follows it (if any)."""

    scope: str
    written: str
    body: str | None  # entity key
    posted_to: str | None = None
    unplaced: Span | None = None  # a ministry body written with no country, keyed to Viet Nam by default
    accredited: tuple[str, ...] = ()


def _initial(text: str) -> bool:
    """'D.', 'K.P.': initials before a surname."""
    return len(text) >= 2 and text.endswith(".") and all(
        part.isalpha() and part.isupper() and len(part) == 1 for part in text[:-1].split("."))


def _name_word(cur: Cursor, j: int, first: bool) -> bool:
    text = cur.texts[j]
    if not text[:1].isupper() or not text.replace("’", "").replace("'", "").isalpha():
        return False
    if len(text) > 1 and text.isupper():  # acronyms: UBND, TTXVN
        return False
    return not (cur.at(j, {L.TITLE, L.ORG, L.MINISTRY, L.HEAD, L.HONORIFIC})
                or (first and ((cur.at(j, {L.COUNTRY, L.PLACE}) and not blocked(cur, j))
                               or text in lexicon().person_stops)))


def name_end(cur: Cursor, i: int, end: int) -> int:
    """End of a personal name starting at i: capitalized words, not a title or a known body.
    Foreign shapes: initials ("D. Medvedev", "K.P. Sharma Oli"), hyphenated parts written
    without spaces ("Chan-ocha", "Geun-Hye", "Phong-sạ-vẳn") and particles between
    capitalized parts ("Faisal bin Farhan", "Lula da Silva")."""
    doc, texts = cur.doc, cur.texts
    particles = lexicon().name_particles
    j, words = i, 0
    while j < end and words < MAX_NAME_TOKENS:
        text = texts[j]
        if _initial(text) and j + 1 < end and _name_word(cur, j + 1, False):
            j += 1
            words += 1
            continue
        if words and text in particles and j + 1 < end and _name_word(cur, j + 1, False) \
                and doc[j].whitespace_:
            j += 1
            continue
        if not _name_word(cur, j, j == i):
            break
        j += 1
        words += 1
        # "Chan-ocha": a hyphen with no space on either side joins the parts of one name
        while j + 1 < end and texts[j] in ("-", "‐") and not doc[j - 1].whitespace_ \
                and not doc[j].whitespace_ and texts[j + 1].isalpha() and not texts[j + 1].isupper() \
                and not cur.at(j + 1, {L.TITLE, L.ORG, L.MINISTRY, L.HEAD, L.COUNTRY, L.PLACE}):
            j += 2
    return j


def is_vietnamese(person: str) -> bool:
    """Whether a person's key ("Person:Lê Hoài Trung") starts with a Vietnamese surname."""
    return person.split(":", 1)[1].split()[0] in lexicon().surnames


def positions_of(person: str, units: list[Unit], sent: Span) -> list[Position]:
    """One position per body. Titles without a body borrow the next unit's body
    ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"), else point to the person's country:
    the one the chain names or a ministry of it, else Viet Nam for a Vietnamese name; a foreign name
    with no country named gets no post it cannot place."""
    out: list[Position] = []
    pending: list[str] = []
    vietnamese = is_vietnamese(person)
    country = next((u.body for u in units if u.body and u.body.startswith("Country:")), None) or \
        next((f"Country:{u.body.rsplit('|', 1)[1]}" for u in units  # "Thủ tướng kiêm Bộ trưởng Ngoại giao Qatar"
              if u.body and u.body.startswith("Ministry:") and u.unplaced is None), None) or \
        ("Country:VNM" if vietnamese else None)
    where = (sent.start_char, sent.end_char)
    for n, unit in enumerate(units):
        pending.append(unit.written)
        if unit.body is None and unit.scope != "country" and n + 1 < len(units):
            continue
        if unit.scope == "country":
            tail = unit.body if unit.body and unit.body.startswith("Country:") else country
        else:
            tail = unit.body or country
        implicit = unit.body is None and unit.scope != "country"
        if tail is None:
            pending = []
            continue
        out.append(Position(person, ", ".join(pending), tail, where, unit.posted_to, implicit, unit.scope,
                            unit.accredited))
        pending = []
    return out


def resolve_short_names(full_names: list[str], short: str) -> str | None:
    """'Trung' -> 'Lê Hoài Trung' when exactly one full name of the document ends
    (Vietnamese given name) or is known by (foreign surname) that word."""
    matches = {n for n in full_names if n.split()[-1] == short}
    return matches.pop() if len(matches) == 1 else None
