"""Visits (VISITED) from the words of a sentence: a visit or motion verb before places
('thăm Lào', 'đến Hà Nội', 'cập cảng X', 'chuyến thăm Lào của X'), talks or events 'tại X' or 'ở X' abroad, and
work with one's own country's mission abroad; a guest a province's leader receives visited the
province. Who travels with the visitor, and the
countries of visited places: relations_trips.

ANNOTATION.md, "Visits": nobody visits their own country, nor the country they are posted to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import DELEGATION, PLACES, SENTENCE_DATE, Mention
from kg.extract.relations_countries import country_of_body

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

POSTING = re.compile(r"(?:Đại sứ|Lãnh sự|[Đđ]ại diện|[Tt]ùy viên|[Pp]hóng viên)[^,;.]*$")
# before "sang", "đến", "tới": goods, letters, attention travel, not the person ("xuất khẩu sang Úc")
# ("mời X sang": an invitation alone is no visit; "nhận lời mời ... sang thăm" is one)
NOT_TRAVEL = re.compile(r"(?:xuất khẩu|nhập khẩu|liên quan|quan tâm|gửi|chuyển|hướng|(?<!lời )mời|kể)[^,;.]*$")
AT = re.compile(r"\b(?:[Tt]ại|ở)\b")  # "tại Hà Nội", "ở thành phố Bogor"
RECEIVING = re.compile(r"\b(?:tiếp|đón|tiễn|làm việc với)\s+[Đđ]oàn\b")  # a delegation received
UNKNOWN_PLACE = re.compile(r"\s*(?:[A-ZĐ]\w*[ -]?){1,3},")  # a place no gazetteer knows, then a comma


def delegation_leader(ctx: RelationContext, sent: Span, ms: list[Mention]) -> str | None:
    """The first person of a sentence that says who leads a delegation ('dẫn đầu', 'Trưởng đoàn')."""
    if "dẫn đầu" in ctx.text[sent.start_char:sent.end_char] or "Trưởng đoàn" in ctx.text[sent.start_char:sent.end_char]:
        people = ctx.people(ms, sent.start_char, sent.end_char)
        return people[0].key if people else None
    return None


def visits(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span], leader: str | None) -> None:
    """VISITED from a visit or motion verb before places, and from talks or events held 'tại' a place."""
    places = [m for m in ms if m.type in PLACES and not m.nested]
    if not places:
        return
    verbs = ctx.triggered(triggers, "VISITED")
    # "đến Hà Nội", "tới Thủ đô Vientiane": a verb of motion right before a place
    arrivals = [t for t in ctx.triggered(triggers, "ARRIVE") if ctx.place_right_after(t.end_char, places)
                and not NOT_TRAVEL.search(ctx.text, max(sent.start_char, t.start_char - 45), t.start_char)]
    explicit = ctx.longest(sorted(verbs + arrivals, key=lambda t: t.start_char))
    if explicit:
        _explicit_visits(ctx, sent, ms, triggers, explicit, places, leader, arrivals)
    # "dự Hội nghị ... tổ chức tại New York và thăm Hoa Kỳ": both places
    _implicit_visits(ctx, sent, ms, triggers, places)


def hosted_visits(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
    """'Chủ tịch UBND tỉnh X A tiếp Đại sứ B': a guest a province's leader receives visited the
    province, unless the guest holds a post there too."""
    for t in ctx.triggered(triggers, "MET"):
        if not t.id_.endswith("|reception"):
            continue
        hosts = ctx.people(ms, sent.start_char, t.start_char)
        provinces = {p for h in hosts[-1:] for p in ctx.provinces_of.get(h.key, ())}
        if len(provinces) != 1:
            continue
        [province] = provinces
        for guest in ctx.people(ms, t.end_char, sent.end_char):
            if province not in ctx.provinces_of.get(guest.key, ()) and not guest.nested:
                ctx.add("VISITED", guest.key, province, sent, 0.5, "hosted_visit", status="done",
                        date=SENTENCE_DATE)
        return


def mission_visits(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span],
                   leader: str | None) -> None:
    """'Đoàn ... do X dẫn đầu đã làm việc với Tổng Lãnh sự quán Việt Nam tại Houston': whoever
    travels from home to meet their country's mission abroad visited the mission's place."""
    verbs = ctx.triggered(triggers, "MET") + ctx.triggered(triggers, "VISITED")
    if not verbs:
        return
    first = min(t.start_char for t in verbs)
    places = [m for m in ms if m.type in PLACES and not m.nested]
    targets: list[tuple[Mention, str]] = []
    for m in ms:
        if m.start <= first or m.nested or m.type != "Organization":
            continue
        place = ctx.mission_place.get(m.key)
        if place is None and ctx.entities[m.key].name.split()[:1] in (["Đại"], ["Tổng"], ["Lãnh"]) and \
                "quán" in ctx.entities[m.key].name.split()[:4]:
            # "Tổng Lãnh sự quán Việt Nam tại thành phố X" read without its place
            at = AT.match(ctx.text, m.end + 1)
            found = ctx.place_right_after(at.end(), places) if at else None
            place = found.key if found else None
        if place:
            targets.append((m, place))
            # "... tại thành phố Houston, bang Texas (Hoa Kỳ)": the places listed with the mission's own
            after = [p for p in places if p.start >= m.end]
            if after and after[0].key == place:
                targets += [(m, p.key) for p in ctx.list_from(after)[1:]]
    if not targets:
        return
    visitors = [m.key for m in ctx.people(ms, sent.start_char, first) if not m.nested]
    if not visitors and leader and any(w in ctx.text[sent.start_char:first] for w in DELEGATION):
        visitors = [leader]
    date = ctx.date(sent)
    diplomats = {p.person for p in ctx.doc._.kg_positions if p.scope == "mission"}
    for key in dict.fromkeys(visitors):
        if key in diplomats:
            continue  # "Công sứ X trao đổi với Đại sứ quán ...": the mission's own staff
        home = ctx.country_of.get(key, "Country:VNM" if key.startswith("Person:") else None)
        for m, place in targets:
            country = ctx.country_of_place(place)
            if home is None or country in (home, ctx.posted.get(key)) or key in ctx.posted:
                continue  # a diplomat of the mission, or someone at home
            if country_of_body(ctx, m.key) not in (home, None):
                continue  # another country's mission
            ctx.add("VISITED", key, place, sent, 0.55, "visit_mission", status="done", date=date)


def _explicit_visits(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span], verbs: list[Span],
                     places: list[Mention], leader: str | None, arrivals: list[Span]) -> None:
    first = verbs[0]
    # "sẽ thăm", "dự kiến sang thăm": a planned visit, said right before the verb
    planned = ctx.triggered(triggers, "PLANNED")
    status = "planned" if any(0 <= first.start - t.end <= 3 for t in planned) else "done"
    date = SENTENCE_DATE
    anchor = first.start_char
    targets: list[Mention] = []
    arrived: list[int] = []  # places reached by a verb of motion: "về đến Hà Nội" is a return home
    nominal: list[tuple[list[Mention], list[Mention]]] = []  # "chuyến thăm Lào của X": (visitors, places)
    for n, t in enumerate(verbs):
        stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
        here = ctx.list_from([m for m in places if t.end_char <= m.start < stop])
        of = ctx.text.find(" của ", t.end_char, stop)
        if t.text.startswith("chuyến") and 0 <= of < t.end_char + 60:
            owners = ctx.people(ms, of, stop)[:1]
            owners += [m for m in ctx.people(ms, of, stop)[1:] if ctx.joined(m, owners[0])] if owners else []
            if owners:
                nominal.append((owners, here or targets))
                continue
        targets += [m for m in here if m not in targets]
        if t in arrivals:
            arrived += [m.start for m in here]
    for owners, where in nominal:
        _visit(ctx, owners, where, sent, 0.7, "visit_nominal", status, date, [])
    if not targets:
        return
    visitors = ctx.people(ms, sent.start_char, anchor)[-1:]
    if visitors:
        nearest = visitors[0]
        visitors = [m for m in ctx.people(ms, sent.start_char, anchor)
                    if m.key == nearest.key or ctx.joined(m, nearest)]
    else:
        # "Trong chuyến thăm ..., A hội đàm với B": the subject after the verb, not whom A met
        after = [m for m in ctx.people(ms, anchor, sent.end_char)
                 if not any(m in owners for owners, _ in nominal) and not _invited_by(ctx, m, triggers)]
        visitors = [m for m in after if after and (m.key == after[0].key or ctx.joined(after[0], m))]
    if not visitors and leader and any(w in ctx.text[sent.start_char:sent.end_char] for w in DELEGATION):
        visitors = [Mention(0, 0, leader, "Person")]
    arrival_only = len(arrived) == len(targets)
    _visit(ctx, visitors, targets, sent, 0.55 if arrival_only else 0.7,
           "visit_arrival" if arrival_only else "visit_trigger", status, date, arrived)


def _invited_by(ctx: RelationContext, m: Mention, triggers: list[Span]) -> bool:
    """'theo lời mời của X': X hosts the visit."""
    return any(0 <= m.start - t.end_char <= 60 for t in ctx.triggered(triggers, "HOST"))


def _visit(ctx: RelationContext, visitors: list[Mention], targets: list[Mention], sent: Span, confidence: float,
           rule: str, status: str, date: str | None, arrived: list[int]) -> None:
    for key in dict.fromkeys(m.key for m in visitors):
        home = ctx.country_of.get(key, "Country:VNM")
        for place in targets:
            country = f"Country:{ctx.country_code(place.key)}"
            if country == home and (place.type == "Country" or place.start in arrived):
                continue  # a visitor does not visit their own country ("về đến Hà Nội")
            if place.type == "Country" and place.key == ctx.posted.get(key):
                continue  # nor a resident ambassador the country of posting
            ctx.add("VISITED", key, place.key, sent, confidence, rule, status=status, date=date)


def _implicit_visits(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span],
                     places: list[Mention]) -> None:
    """Talks 'tại X' abroad, 'đến dự ... tại X': the side from elsewhere travelled to X."""
    text = ctx.text
    if not AT.search(text, sent.start_char, sent.end_char):  # no "tại": nothing to do
        return
    opening_end = sent[:10].end_char  # 'Cụ thể, ngày 17/9, tại X, ...': a place said before the clause
    acts = ctx.triggered(triggers, "MET") + ctx.triggered(triggers, "PARTICIPATED_IN")
    targets: list[Mention] = []
    for at in AT.finditer(text, sent.start_char, sent.end_char):
        if at.start() >= opening_end and not any(t.start_char < at.start() for t in acts):
            continue
        if POSTING.search(text, max(sent.start_char, at.start() - 30), at.start()):
            continue  # "Tổng Lãnh sự Ý tại TP Hồ Chí Minh": a post, not a visit
        place = ctx.place_right_after(at.end(), places)
        if place is None and UNKNOWN_PLACE.match(text, at.end()):  # "tại Đại Lý, Vân Nam, Trung Quốc"
            place = ctx.place_right_after(text.find(",", at.end()) + 1, places)
        if place:
            targets = ctx.list_from([m for m in places if m.start >= place.start])
            break
    if not targets:
        return
    date = ctx.date(sent)
    # consuls, posted to a city or province rather than a whole country
    local = {p.person for p in ctx.doc._.kg_positions if p.posted_to and not p.posted_to.startswith("Country:")}
    people = ctx.people(ms, sent.start_char, sent.end_char)
    if RECEIVING.search(ctx.text, sent.start_char, sent.end_char):  # "tại Hà Nội, ... tiếp đoàn": the guests
        people += [Mention(0, 0, key, "Person") for key in ctx.last_visitor()]
    for m in people:
        home = ctx.country_of.get(m.key)
        if home is None or m.nested:
            continue  # whose country the text does not give may live there
        for place in targets:
            country = f"Country:{ctx.country_code(place.key)}"
            if country == home or country == ctx.posted.get(m.key) and (place.type == "Country" or m.key in local):
                continue  # an ambassador touring the country of posting visits its places, not the country
            ctx.add("VISITED", m.key, place.key, sent, 0.5, "visit_at_place", status="done", date=date)
