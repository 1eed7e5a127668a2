"""Participation (PARTICIPATED_IN) in the events a sentence names or refers to ('Hội nghị',
'buổi lễ'): by a verb ('chủ trì', 'dự', 'tổ chức'), a noun phrase ('dưới sự chủ trì của X',
'[sự kiện] do X chủ trì'), a list ('Dự ... có A, B', 'Về phía Việt Nam có A, B'), or a
meeting held at the event. Organizers together cooperate (COOPERATES_WITH).
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import BODIES, BOTH_SIDES, DELEGATION, PLACES, Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

CO_ORGANIZE = {"phối hợp tổ chức", "đồng tổ chức", "phối hợp với"}
FRONTING = r"(?:[Nn]hân dịp|[Tt]rong khuôn khổ|[Kk]hi|[Ss]au khi|[Tt]rước khi|[Tt]rong thời gian)"
FRONTED = re.compile(FRONTING + r"\s*$")
# "Trong khuôn khổ chuyến thăm Hàn Quốc và dự Hội nghị X, Thủ tướng Y ...": a fronted clause up to its comma
FRONTED_OPENING = re.compile(r"\W*" + FRONTING + r"\b[^,;]*$")
AT_EVENT = re.compile(r"(?:\btại|[Bb]ên lề|[Nn]hân dịp|khuôn khổ)(?:\s+(?:các|cuộc|phiên|dịp|tham dự|dự))?\s*$")
# a noun phrase naming who chairs or attends
NOMINAL = re.compile(r"\b(?:(?:dưới sự (?P<chair>(?:đồng )?chủ trì|chủ tọa)|"
                     r"(?:với|có) sự (?P<part>tham dự|tham gia|có mặt|hiện diện|chứng kiến)) của|"
                     r"được (?P<passive>(?:đồng )?chủ trì|chủ tọa) bởi)\b")  # "Kỳ họp được đồng chủ trì bởi A và B"
# "[sự kiện] do X chủ trì": who comes between "do" and the verb
DONE_BY = re.compile(r"\bdo\b(?P<who>[^;:]{3,160}?)"
                     r"\b(?P<verb>đồng chủ trì|chủ trì|chủ tọa|đăng cai|phối hợp tổ chức|tổ chức)\b")
# "Dự lễ ký có A, B", "Về phía Việt Nam có A, B"
LIST_OPENER = re.compile(r"\W*(?P<opener>(?:[Cc]ùng )?(?:[Tt]ham )?[Dd]ự|[Tt]ham gia|[Vv]ề phía)\b")
ROLE_OF_VERB = {"đồng chủ trì": "chair", "chủ trì": "chair", "chủ tọa": "chair", "đăng cai": "host",
                "phối hợp tổ chức": "organizer", "tổ chức": "organizer"}
ALONG_WITH = re.compile(r"\s*(?:phối hợp|cùng)(?: với)?\s*")
# led by its literal, which the regex engine then looks for directly ("\bcác" would make it try every position)
PLURAL_EVENTS = re.compile(r"các(?<=\bcác) (?:hội nghị|sự kiện|cuộc họp|phiên họp|diễn đàn)(?: này| trên| nói trên)\b")
NOMINAL_CONFIDENCE = 0.6
LIST_CONFIDENCE = 0.55


def participation(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
    """PARTICIPATED_IN for the events the sentence names or refers to; the references it resolved are kept on
    the context."""
    named = [m for m in ms if m.type == "Event" and not m.nested]
    refs = ctx.event_refs.references(sent, ms)
    ctx.references += refs
    # "dự các hội nghị này": every event the last sentence that named several listed
    for hit in PLURAL_EVENTS.finditer(ctx.text, sent.start_char, sent.end_char):
        refs += [Mention(hit.start(), hit.end(), key, "Event") for key in ctx.last_events]
    if len(named) > 1:
        ctx.last_events = list(dict.fromkeys(m.key for m in named))
    events = sorted(named + refs, key=lambda m: m.start)
    _listed(ctx, sent, ms, events)
    if named:
        ctx.last_event = named[-1].key
    if not events:
        return
    _nominal(ctx, sent, ms, events)
    acts = ctx.triggered(triggers, "PARTICIPATED_IN")
    # "phối hợp tổ chức" holds "tổ chức": the longer form speaks
    acts = ctx.longest(acts)
    for t in ctx.triggered(triggers, "HOST"):  # "theo lời mời của Thủ tướng X": X hosts
        hosts = list(dict.fromkeys(m.key for m in ms if m.start >= t.end_char and m.type in {"Person", "Country"}))[:2]
        for e in [e for e in events if e.end <= t.start_char][-1:]:
            for h in hosts:
                ctx.add("PARTICIPATED_IN", h, e.key, sent, 0.6, "host_invitation", role="host")
    verbs = sorted(ctx.triggered(triggers, "VISITED") + acts, key=lambda t: t.start_char)
    clause_start = verbs[0].start_char if verbs else sent.start_char
    for n, t in enumerate(acts):
        role = t.id_.split("|")[2]
        stop = acts[n + 1].start_char if n + 1 < len(acts) else sent.end_char
        targets = [e for e in events if t.end_char <= e.start < stop]
        if not targets:
            continue
        keys = _subjects(ctx, sent, ms, min(clause_start, t.start_char))
        if not keys and (t.start - sent.start <= 2 or FRONTED.search(ctx.text, max(sent.start_char,
                                                                               t.start_char - 25), t.start_char)
                         or FRONTED_OPENING.match(ctx.text, sent.start_char, t.start_char)):
            # "Phát biểu tại buổi lễ, Đại sứ X ...", "nhân dịp tham dự X, Thủ tướng Y ...":
            # the subject follows the fronted clause
            after = [m for m in ctx.people(ms, targets[-1].end, sent.end_char) if not m.nested]
            keys = [m.key for m in after if m.key == after[0].key or ctx.joined(after[0], m)]
        keys += _companions(ctx, sent, ms, t)
        if t.text.lower() == "bên lề":  # "Bên lề Hội nghị X, A gặp B": whoever the sentence names was there
            keys = [m.key for m in ctx.people(ms, sent.start_char, sent.end_char) if not m.nested]
        if t.text.startswith("phối hợp"):  # "Với Trung Quốc, ... phối hợp tổ chức": both sides
            keys += [m.key for m in ms if m.type == "Country" and not m.nested
                     and ctx.text[max(0, m.start - 4):m.start].strip().lower() == "với"]
        for key in dict.fromkeys(keys):
            for e in targets:
                ctx.add("PARTICIPATED_IN", key, e.key, sent, 0.6, "participation_trigger", role=role)
        if role in ("organizer", "host", "chair"):  # "A tổ chức Hội nghị X với tỉnh B": B takes part
            for e in targets:
                partner = _partner_after(ctx, e, ms, sent)
                if partner:
                    ctx.add("PARTICIPATED_IN", partner.key, e.key, sent, 0.5, "event_partner",
                            role="participant")
        if t.text in CO_ORGANIZE and keys:  # "A, B và C phối hợp tổ chức": the organizers cooperate
            bodies = [k for k in dict.fromkeys(keys) if ctx.entities[k].type in BODIES - {"Country"}]
            for a, b in combinations(bodies, 2):
                ctx.add("COOPERATES_WITH", a, b, sent, 0.5, "co_organizers")
    _met_at_event(ctx, sent, events)


def _companions(ctx: RelationContext, sent: Span, ms: list[Mention], t: Span) -> list[str]:
    """'... và cùng Thứ trưởng X đồng chủ trì', 'cùng Tổng thống X dự': who does it with the subject."""
    with_ = ctx.text.rfind(" cùng ", max(sent.start_char, t.start_char - 80), t.start_char)
    if with_ < 0 or any(ch in ctx.text[with_:t.start_char] for ch in ",;"):
        return []
    return [m.key for m in ctx.people(ms, with_, t.start_char) if not m.nested]


def _partner_after(ctx: RelationContext, event: Mention, ms: list[Mention], sent: Span) -> Mention | None:
    with_ = ctx.text.find(" với ", event.end - 1, min(sent.end_char, event.end + 6))
    if with_ < 0:
        return None
    return next((m for m in ms if with_ < m.start <= with_ + 20 and not m.nested
                 and m.type in BODIES and m.type != "City"), None)


def _met_at_event(ctx: RelationContext, sent: Span, events: list[Mention]) -> None:
    """'A gặp B bên lề / tại / nhân dịp Hội nghị X': both were at X."""
    at = [e for e in events if AT_EVENT.search(ctx.text, max(sent.start_char, e.start - 22), e.start)]
    if not at:
        return
    where = (sent.start_char, sent.end_char)
    people = {k for r in ctx.out if r.type == "MET" and r.sentence == where for k in (r.source, r.target)}
    for key in sorted(people):
        for e in at:
            ctx.add("PARTICIPATED_IN", key, e.key, sent, 0.5, "met_at_event", role="participant")


def _subjects(ctx: RelationContext, sent: Span, ms: list[Mention], before: int) -> list[str]:
    """Who does what the verb at `before` says: the people of the clause, or
    'ta' (Viet Nam), a delegation's country, or both sides ('hai bên', 'hai nước')."""
    words = ctx.text[sent.start_char:before].split()
    outside = [m for m in ms if m.end <= before and not m.nested and not ctx.in_brackets(m, sent)]
    people = [m.key for m in outside if m.type == "Person"]
    keys = list(people)
    if any(w in DELEGATION for w in words):
        keys += [m.key for m in outside if m.type == "Country"]
    if not keys:
        bodies = [m for m in outside if m.type in BODIES and not _located(ctx, m)]
        if bodies:
            last = bodies[-1]
            keys = [m.key for m in bodies if m is last or (m.type == last.type and ctx.joined(m, last))
                    or ALONG_WITH.fullmatch(ctx.text[m.end:last.start])]  # "Hội A phối hợp Hội B đã tham gia"
    if "ta" in words and "Country:VNM" in ctx.entities:
        keys.insert(0, "Country:VNM")
    if not people and any(w.lower() in BOTH_SIDES for w in words) and ctx.sides:
        keys = list(ctx.sides)
    return keys


def _located(ctx: RelationContext, m: Mention) -> bool:
    """'... tại Nhật Bản': a place that says where, not who."""
    return m.type in PLACES and ctx.text[max(0, m.start - 5):m.start].strip() in ("tại", "ở")


def _nominal(ctx: RelationContext, sent: Span, ms: list[Mention], events: list[Mention]) -> None:
    text = ctx.text
    for hit in NOMINAL.finditer(text, sent.start_char, sent.end_char):
        event = _event_for(ctx, events, hit.start())
        if not event:
            continue
        role = "chair" if hit.group("chair") or hit.group("passive") else "participant"
        stop = _clause_end(ctx, hit.end(), sent.end_char)
        for key in _actors(ctx, ms, hit.end(), stop):
            ctx.add("PARTICIPATED_IN", key, event, sent, NOMINAL_CONFIDENCE, "participation_nominal", role=role)
    for hit in DONE_BY.finditer(text, sent.start_char, sent.end_char):
        before = [e for e in events if e.end <= hit.start()]
        if not before or hit.start() - before[-1].end > 80:
            continue
        role = ROLE_OF_VERB[hit.group("verb")]
        for key in _actors(ctx, ms, hit.start("who"), hit.end("who"), bodies=True):
            ctx.add("PARTICIPATED_IN", key, before[-1].key, sent, NOMINAL_CONFIDENCE, "participation_done_by",
                    role=role)


def _listed(ctx: RelationContext, sent: Span, ms: list[Mention], events: list[Mention]) -> None:
    """'Dự Hội nghị có A, B', 'Về phía Việt Nam có A, B': the people (and after 'Dự', the bodies) listed
    took part."""
    text = ctx.text
    opener = LIST_OPENER.match(text, sent.start_char, sent.end_char)
    if not opener:
        return
    has = text.find(" có ", opener.end(), sent.end_char)
    if has < 0 or has - opener.end() > 200:
        return
    named = [e for e in events if e.start < has]
    said = text[opener.end():has].strip()
    if named:
        event = named[0].key
    elif opener.group("opener").lower() == "về phía" or not said:
        event = ctx.last_event  # "Về phía Việt Nam có ...", "Tham dự có ...": the event of the text
    else:
        return  # "Dự hội đàm có ...", "Tham dự buổi tiếp có ...": not an event the text named
    if not event:
        return
    # the bodies listed take part too ("Dự lễ có ... Tập đoàn X, Tổng Lãnh sự các nước A, B"), as the annotators
    # read them; counting a title's body as well ("Bộ trưởng Bộ X Y") scored higher than leaving it out (kg cv)
    for key in _actors(ctx, ms, has, sent.end_char, people_only=opener.group("opener").lower() == "về phía",
                       bodies=True):
        ctx.add("PARTICIPATED_IN", key, event, sent, LIST_CONFIDENCE, "participation_list", role="participant")


def _event_for(ctx: RelationContext, events: list[Mention], at: int) -> str | None:
    before = [e for e in events if e.end <= at]
    if before:
        return before[-1].key
    after = [e for e in events if e.start >= at]
    return after[0].key if after else ctx.last_event


def _clause_end(ctx: RelationContext, start: int, end: int) -> int:
    stop = ctx.text.find(";", start, end)
    return stop if stop >= 0 else end


def _actors(ctx: RelationContext, ms: list[Mention], start: int, end: int, people_only: bool = False,
            bodies: bool = False) -> list[str]:
    """People in [start, end), and bodies: all of them with `bodies`, else those sent as
    such ('đại diện Bộ X')."""
    text = ctx.text
    out = []
    for m in ms:
        if not (start <= m.start < end) or m.nested:
            continue
        if m.type == "Person":
            out.append(m.key)
        elif not people_only and m.type in ("Ministry", "Organization", "Country", "Province") and (
                bodies or text[max(start, m.start - 12):m.start].rstrip().endswith(("đại diện", "Đại diện"))):
            out.append(m.key)
    return list(dict.fromkeys(out))
