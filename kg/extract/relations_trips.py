"""Trips: who travelled with whom, and where a trip to a city also takes its visitor.

ANNOTATION.md, "Visits": every named member of a travelling delegation visited
its destination ("Tháp tùng ... có", "Cùng đi có", "X và Phu nhân Y"), a body
whose delegation travels ("Đoàn công tác của Bộ Ngoại giao") visited it too, and
a trip to a city or province abroad is also a visit to its country when that
country is an entity of the document, and who takes part in an event held abroad
("Hội chợ ... tại Lào") travelled there.

`read_trips` only registers who goes with whom, one sentence at a time (on the
context's `companions`); `close_trips` runs once at the end of the document and copies
the leader's visits to the companions, adds the places of events abroad, then the countries
of visited places.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.relations_common import DELEGATION_OF, LEADS, PLACES, Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

# "Tháp tùng Tổng thống ... có A; B", "Cùng đi có A, B", "Đi cùng đoàn có A", "Tham gia Đoàn có A",
# "Về phía tỉnh X còn có A" (with no leader named there, they go with the head of the trip)
MEMBER_CUE = re.compile(r"\b(?:[Tt]háp tùng|[Cc]ùng đi|[Đđ]i cùng đoàn|[Tt]ham gia [Đđ]oàn|[Tt]hành phần [Đđ]oàn|"
                        r"[Đđ]oàn gồm|[Vv]ề phía)\b")
MEMBER_WORDS = ("háp tùng", "ùng đi", "cùng đoàn", "ham gia", "hành phần", "oàn gồm", "ề phía")  # cheap test first
SPOUSE = re.compile(r"(?:\bvà|\bcùng|,)\s+(?:[Pp]hu nhân|[Pp]hu quân)\s*$")
LED_BY = re.compile(r"\bdo\b")
# "lên đường sang X tham dự Hội nghị ...": a trip made to attend an event (not "thăm X và dự ...")
TRIP_TO_ATTEND = re.compile(r"\b(?:sang|đến|tới|lên đường)\s(?:(?!thăm)[^,.;]){0,40}?\b(?:tham dự|dự)\b")
COMPANION = re.compile(r"(?:\bvà|\bcùng(?: với)?)\s*$")

# Confidences approximate each rule's precision on the training corpus (entity errors included).
MEMBER_CONFIDENCE = 0.75
BODY_CONFIDENCE = 0.75
PLACE_COUNTRY_CONFIDENCE = 0.6
EVENT_ABROAD_CONFIDENCE = 0.5
VISITORS = {"Person", "Organization", "Ministry"}


def _join(ctx: RelationContext, companion: str, leader: str | None, sentence: tuple[int, int], rule: str) -> None:
    if leader and companion != leader and companion not in ctx.companions:
        ctx.companions[companion] = (leader, sentence, rule)


def read_trips(ctx: RelationContext, start: int, end: int, ms: list[Mention]) -> None:
    """Register who travels with whom in the sentence [start, end): delegation members, spouses, bodies."""
    _members(ctx, start, end, ms)
    _spouses(ctx, start, end, ms)
    _delegation_bodies(ctx, start, end, ms)


def _main_visitor(ctx: RelationContext) -> str | None:
    """The person with the most visits so far: the head of the trip the article reports."""
    counts: dict[str, int] = {}
    for r in ctx.out:
        if r.type == "VISITED" and r.source.startswith("Person:"):
            counts[r.source] = counts.get(r.source, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _members(ctx: RelationContext, start: int, end: int, ms: list[Mention]) -> None:
    text = ctx.text
    said = text[start:end]
    cue = MEMBER_CUE.search(text, start, end) if any(w in said for w in MEMBER_WORDS) else None
    if not cue:
        return
    people = [m for m in ms if m.type == "Person" and m.start >= cue.end() and not m.nested]
    if not people:
        return
    # "Tháp tùng Thủ tướng X ... có A, B": X leads, the people after "có" go with X
    has = text.find(" có ", cue.end(), end)
    leader = None
    if has >= 0:
        before = [m for m in people if m.start < has]
        leader = before[0].key if before else None
        people = [m for m in people if m.start > has]
    if leader is None:  # "Tham gia đoàn có ông A - ..., làm Trưởng đoàn và các ông: B; C"
        ends = [m.start for m in people[1:]] + [end]
        leader = next((m.key for m, stop in zip(people, ends) if LEADS.search(text, m.end, stop)), None)
    leader = leader or _main_visitor(ctx)
    for m in people:
        _join(ctx, m.key, leader, (start, end), "delegation_member")


def _spouses(ctx: RelationContext, start: int, end: int, ms: list[Mention]) -> None:
    """'Thủ tướng X và Phu nhân Y': Y travels with X."""
    text = ctx.text
    people = [m for m in ms if m.type == "Person" and not m.nested]
    for prev, m in zip(people, people[1:]):
        if SPOUSE.search(text[max(start, m.start - 30):m.start]) and m.start - prev.end < 60:
            _join(ctx, m.key, prev.key, (start, end), "delegation_spouse")


def _delegation_bodies(ctx: RelationContext, start: int, end: int, ms: list[Mention]) -> None:
    """'Đoàn đại biểu Bộ Ngoại giao Lào do Thứ trưởng X dẫn đầu': the ministry goes with X."""
    text = ctx.text
    top = [m for m in ms if not m.nested]
    for n, m in enumerate(top):
        if m.type not in ("Organization", "Ministry"):
            continue
        if not DELEGATION_OF.search(text[max(start, m.start - 40):m.start]):
            continue
        leader = None
        rest = text[m.end:end]
        by = LED_BY.search(rest)
        if by and LEADS.search(rest):
            after = [o for o in top[n + 1:] if o.type == "Person" and o.start >= m.end + by.end()]
            leader = after[0].key if after else None
        if leader is None:  # "Thủ tướng X cùng Đoàn đại biểu cấp cao Chính phủ"
            opening = text[max(start, m.start - 60):m.start]
            before = [o for o in top[:n] if o.type == "Person"]
            if before and COMPANION.search(DELEGATION_OF.sub("", opening)):
                leader = before[-1].key
        _join(ctx, m.key, leader, (start, end), "delegation_body")


def close_trips(ctx: RelationContext) -> None:
    """Once per document: the companions visit what their leader visited, and visited places' countries are visited."""
    for _ in range(2):  # a body whose leader is a member of a larger delegation
        trips = _trips_by_source(ctx)
        for companion, (leader, sentence, rule) in ctx.companions.items():
            conf = MEMBER_CONFIDENCE if rule != "delegation_body" else BODY_CONFIDENCE
            have = {(r.type, r.target) for r in trips.get(companion, [])}
            for r in trips.get(leader, []):
                if r.type == "PARTICIPATED_IN" and (rule == "delegation_body" or r.props.get("role") != "participant"
                                                    or not TRIP_TO_ATTEND.search(ctx.text, *r.sentence)):
                    continue  # members travel with their head; they attend what the trip is for
                if (r.type, r.target) not in have and not _lives_in(ctx, companion, r.target, leader):
                    confidence = min(conf, round(r.confidence * 0.95, 2))  # a little less sure than the head
                    ctx.add(r.type, companion, r.target, sentence, confidence, rule, **r.props)
                    have.add((r.type, r.target))
    _events_abroad(ctx)
    _countries_of_places(ctx)


def _events_abroad(ctx: RelationContext) -> None:
    """'đến dự Hội chợ Thương mại Việt Nam tại Lào': who takes part in an event held abroad
    (a place after 'tại' in its name) travelled there (ANNOTATION.md, "Visits")."""
    held: dict[str, str] = {}
    for n in ctx.doc._.kg_names:
        if n.type == "Event" and " tại " in ctx.doc[n.start:n.end].text:
            places = [k for k in n.inner if k in ctx.entities and ctx.entities[k].type in PLACES]
            if places:
                held[n.key] = places[-1]
    for r in list(ctx.out):
        if r.type != "PARTICIPATED_IN" or r.target not in held or r.source.split(":", 1)[0] not in VISITORS:
            continue
        place = held[r.target]
        home = _home(ctx, r.source) or ("Country:VNM" if r.source.startswith("Person:") else None)
        if home is None or _place_country(ctx, place) in (home, ctx.posted.get(r.source)):
            continue
        ctx.add("VISITED", r.source, place, r.sentence, EVENT_ABROAD_CONFIDENCE, "event_abroad", status="done")


def _trips_by_source(ctx: RelationContext) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in ctx.out:
        if r.type in ("VISITED", "PARTICIPATED_IN"):
            out.setdefault(r.source, []).append(r)
    return out


def _home(ctx: RelationContext, key: str) -> str | None:
    if key in ctx.country_of:
        return ctx.country_of[key]
    country = ctx.entities[key].props.get("country") if key in ctx.entities else None
    return f"Country:{country}" if country else None


def _place_country(ctx: RelationContext, key: str) -> str | None:
    props = ctx.entities[key].props
    code = props.get("iso3") or props.get("country")
    return f"Country:{code}" if code else None


def _lives_in(ctx: RelationContext, visitor: str, place: str, leader: str | None = None) -> bool:
    """A visitor does not visit their own country, nor the country they are posted to. A member
    of a delegation comes from its leader's country: "Nghị sĩ Quốc hội" in a foreign leader's
    party names that country's parliament, not the Quốc hội of Viet Nam the title defaults to."""
    country = _place_country(ctx, place)
    home = (_home(ctx, leader) if leader else None) or _home(ctx, visitor)
    return ctx.entities[place].type == "Country" and country is not None and country in (
        home, ctx.posted.get(visitor))


def _countries_of_places(ctx: RelationContext) -> None:
    for r in list(ctx.out):
        if r.type != "VISITED" or ctx.entities[r.target].type == "Country":
            continue
        country = _place_country(ctx, r.target)
        if not country or country not in ctx.entities:
            continue
        home = _home(ctx, r.source)
        if country == home or country == ctx.posted.get(r.source):
            continue  # an ambassador touring the provinces of the country of posting
        if home is None and country == "Country:VNM":
            continue  # whose home the text does not give: most likely at home in Viet Nam
        ctx.add("VISITED", r.source, country, r.sentence, min(PLACE_COUNTRY_CONFIDENCE, r.confidence),
                "place_country", **r.props)
