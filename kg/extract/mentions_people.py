"""People and the posts they hold, one sentence at a time.

A personal name follows a title chain (kg.extract.mentions_titles) or an honorific,
sometimes behind a body the lexicon could not read to its end; a name may come before its
title in a list ("các đồng chí: Nguyễn Văn A, Giám đốc Sở X; ..."), and titles may follow
it ("John Smith, Hiệu trưởng ..."). One-word names are resolved once the document's full
names are known (`resolve_shorts`).
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.entities import Entities
from kg.extract.mentions_context import MentionContext
from kg.extract.mentions_ministries import place_ministries
from kg.extract.mentions_places import place_key
from kg.extract.mentions_titles import read_chain
from kg.extract.names import blocked
from kg.extract.people import APPOSITION_LINKS, Position, Unit, name_end, positions_of, resolve_short_names
from kg.extract.text import Cursor

DASHES = {"-", "–", "—"}
APPOSITION = {",", *DASHES}  # between a title chain and an honorific before its holder's name
BODY_WORDS = 12  # words of a body the lexicon could not read, between a title and its holder's name
BODY_BREAKS = {"và", "các", "những", "với", "tại", "cho", "là"}  # not inside a body before a name
TITLE_LABEL = {L.TITLE}
LIST_TITLE_LINKS = {",", "-", "–"}  # "Nguyễn Văn A, Giám đốc ...", "Trần Thị B - Chánh Văn phòng ..."
LIST_ITEM_OPENERS = {":", ";"}


def find_people(ctx: MentionContext, sent: Span) -> list[Position]:
    """The people named in `sent` with the positions their title chains give them; one-word
    names are kept in ctx.shorts for `resolve_shorts`."""
    cur, ents, person_tokens = ctx.cur, ctx.ents, ctx.person_tokens
    out: list[Position] = []
    i = sent.start
    by_start = cur.by_start
    while i < sent.end:
        if i not in by_start:  # no lexicon match here: no title, no honorific
            i = cur.next_start(i)
            continue
        title = cur.at(i, TITLE_LABEL)
        if title and (_in_event_name(ctx, i) or blocked(cur, i)):
            i = title.end  # "Hội nghị Bộ trưởng Ngoại giao Mekong ...": no person
            continue
        if title:
            ctx.government.clear()
            units, j = read_chain(ctx, i, sent.end)
            if units and j + 2 < sent.end and cur.texts[j] in APPOSITION and cur.at(j + 1, {L.HONORIFIC}):
                j += 1  # "Thủ tướng Rumani, bà Ana Popescu", "Phó Chủ tịch JICA – Ông Tanaka"
            j = cur.skip(j, {L.HONORIFIC})
            if j + 2 < sent.end and cur.texts[j] in DASHES and cur.doc[j - 1].whitespace_ \
                    and cur.doc[j].whitespace_ and name_end(cur, j + 1, sent.end) - j > 2:
                j += 1  # "Bí thư Tỉnh ủy X - Nguyễn Văn A"
        elif (hon := cur.at(i, {L.HONORIFIC})) and not ((known := cur.at(i, {L.PLACE, L.COUNTRY, L.ORG}))
                                                         and known.end > hon.end):
            units, j = [], hon.end  # not "Bà" in "Bà Rịa - Vũng Tàu"
        else:
            i += 1
            continue
        end = name_end(cur, j, sent.end)
        if end == j and units and (later := _name_behind(ctx, j, sent.end)) is not None:
            _foreign_place_behind(ctx, units, j, later[0])
            j, end = later  # "Thứ trưởng thường trực Bộ ngoại giao Nguyễn Văn A": behind a long body
        if end - j >= 2:
            name = cur.doc[j:end]
            original, end = _original(cur, end, sent.end)
            person = ents.person(name, original)
            person_tokens.update(range(j, end))
            for start, stop in ctx.government:
                cur.take(start, stop)
            ctx.government.clear()
            more, end = _apposition(ctx, end, sent.end)
            place_ministries(ctx, person, units + more, i)
            out += positions_of(person, units, sent) + positions_of(person, more, sent)
            i = end
        elif end - j == 1:
            ctx.shorts.append((cur.texts[j], cur.doc[j:end], units, sent))
            person_tokens.add(j)
            i = end
        else:
            if units and (before := _listed_before(cur, i, sent, person_tokens)) is not None:
                person = ents.person(before)
                person_tokens.update(range(before.start, before.end))
                place_ministries(ctx, person, units, i)
                out += positions_of(person, units, sent)
            i = max(j, i + 1)
    return out


def _name_behind(ctx: MentionContext, j: int, end: int) -> tuple[int, int] | None:
    """A personal name a few words after a title chain whose body the lexicon could not read
    to its end ("Bộ trưởng Thương mại quốc tế Jane Doe", "... về đối ngoại John Smith",
    "Bộ trưởng Bộ Công Thương, Nguyễn Văn A"): two or more capitalized words that no lexicon
    knows, followed by no further capital."""
    cur = ctx.cur
    texts, stops = cur.texts, ctx.lex.name_stops
    k = j
    while k < end and k - j < BODY_WORDS:
        text = texts[k]
        if text == "," and k == j and k + 1 < end:
            k += 1
            continue
        if text in stops or text in BODY_BREAKS or cur.at(k, {L.TITLE, L.HONORIFIC}) or not text[:1].isalpha():
            return None
        if known := cur.by_start.get(k):
            k = max(s.end for s in known)  # "Trung Quốc": no name starts inside a known name
            continue
        if text[:1].isupper():
            stop = name_end(cur, k, end)
            after = texts[stop] if stop < end else ""
            if stop - k >= 2 and not after[:1].isupper() \
                    and (text in ctx.lex.surnames  # "Trần Tuấn Anh": "Anh" is no country there
                         or not any(cur.by_start.get(m) for m in range(k + 1, stop))):
                return k, stop
            while k < end and texts[k][:1].isupper():  # "Phủ Giáo Hoàng": not a name from its middle
                k += 1
            continue
        k += 1
    return None


def _foreign_place_behind(ctx: MentionContext, units: list[Unit], start: int, end: int) -> None:
    """A foreign province or city in the body the lexicon could not read ("Bí thư Khu ủy Quảng Tây
    Trần Cương") is where the post is, not Viet Nam, which a Vietnamese-shaped name would get.
    (A country there is left alone: it is mostly inside a body's name read later, "Văn phòng Phủ
    Tổng thống Chile".)"""
    if units[-1].body is not None:
        return
    k = start
    while k < end:
        span = ctx.cur.at(k, {L.PLACE})
        if span is None:
            k += 1
            continue
        key = place_key(ctx, span)
        if ctx.ents.by_key[key].props.get("country", "VNM") != "VNM":
            units[-1].body = key
            return
        k = span.end


def _in_event_name(ctx: MentionContext, i: int) -> bool:
    """Whether the title at i follows an event's head word ("Hội nghị Bộ trưởng ...")."""
    return any(head.type == "Event" for head in ctx.heads_before(i))


def _original(cur: Cursor, i: int, end: int) -> tuple[Span | None, int]:
    """'Cờ-rếc Chít-tích (Craig Chittick)': the name in brackets after a transliterated one."""
    if i + 3 < end and cur.texts[i] == "(":
        k = name_end(cur, i + 1, end)
        if k - i > 2 and k < end and cur.texts[k] == ")":
            return cur.doc[i + 1:k], k + 1
    return None, i


def _listed_before(cur: Cursor, i: int, sent: Span, person_tokens: set[int]) -> Span | None:
    """A name before its title in a list: "có các đồng chí: Nguyễn Văn A, Giám đốc Sở X;
    Trần Thị B - Chánh Văn phòng ...": the name opens the sentence or follows ':' or ';'."""
    texts = cur.texts
    if i < 3 or texts[i - 1] not in LIST_TITLE_LINKS:
        return None
    s = i - 2
    while s > sent.start and i - s < 14 and texts[s - 1] not in LIST_ITEM_OPENERS \
            and (texts[s - 1][:1].isupper() or texts[s - 1] in ("-", "‐") or texts[s - 1].islower()
                 and texts[s - 1].isalpha()):
        s -= 1
    if not (s == sent.start or texts[s - 1] in LIST_ITEM_OPENERS):
        return None
    if name_end(cur, s, i - 1) != i - 1 or i - 1 - s < 2 or not person_tokens.isdisjoint(range(s, i - 1)):
        return None
    return cur.doc[s:i - 1]


def _apposition(ctx: MentionContext, i: int, end: int) -> tuple[list[Unit], int]:
    """Titles after a name: 'John Smith, Hiệu trưởng Đại học Sydney, đồng thời là ...'."""
    cur = ctx.cur
    doc = cur.doc
    units: list[Unit] = []
    while i + 1 < end and (cur.texts[i] == "," or cur.texts[i] in DASHES and doc[i - 1].whitespace_
                           and doc[i].whitespace_):  # "John Smith - Thống đốc bang X"
        k = i + 1
        for link in APPOSITION_LINKS:  # ", đồng thời là Chủ tịch ...", ", kiêm Bộ trưởng ..."
            words = link.split()
            if cur.texts[k:k + len(words)] == words:
                k += len(words)
                break
        if not cur.at(k, {L.TITLE}):
            break
        more, j = read_chain(ctx, k, end)
        if name_end(cur, cur.skip(j, {L.HONORIFIC}), end) > j:
            break  # a title chain followed by a name is the next person of a list
        units += more
        i = j
    return units, i


def resolve_shorts(ctx: MentionContext) -> list[Position]:
    """'Thứ trưởng Trung', 'ông Thâu': a one-word name stands for a full name of the document."""
    ents = ctx.ents
    full = [f.name for f in ents.by_key.values() if f.type == "Person"]
    out: list[Position] = []
    for word, span, units, sent in ctx.shorts:
        name = resolve_short_names(full, word)
        honored = any(ctx.cur.ending_at(span.start, {L.HONORIFIC}))  # "Ông Tanaka": what follows is a name
        if name is None and _lone_surname(ents, word, [] if honored else units, full):
            name = word  # "Tổng thống Obama" with no fuller name in the document: the name as written
        if name is None:
            continue
        person = ents.add("Person", name, name, span)
        out += positions_of(person, units, sent)
    return out


def _lone_surname(ents: Entities, word: str, units: list[Unit], full: list[str]) -> bool:
    """A foreign surname written alone after an honorific or a head of state's title ("Ông
    Ichikawa", "Tổng thống Obama"), where the document gives no fuller name: a word in plain
    Latin letters that the text never writes in lower case (no Vietnamese syllable), after no
    body (not a place: "Phó Thị trưởng Asdod", "Chủ tịch Quốc hội Bulgari")."""
    if not (word.isascii() and word.isalpha() and len(word) > 3 and word[0].isupper() and word[1:].islower()):
        return False
    if any(word in f.split() for f in full) or word.lower() in ents.lower_words():
        return False
    return not units or all(u.body is None and u.scope == "country" for u in units)
