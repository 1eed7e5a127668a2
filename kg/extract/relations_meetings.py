"""Meetings (MET): who met whom in a sentence with a meeting word (kg/data/triggers.tsv), not who
sent a message through the meeting ("chuyển lời thăm hỏi của X"), who welcomed or saw off a
guest ("Đón ... tại sân bay có A; B"), who received the visiting delegation ("X tiếp đoàn"), and
the two leaders a photo caption names, and two people who chair one meeting.
The pair that met last is kept on the context for a later "hai Bộ trưởng"."""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import SENTENCE_DATE, Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

RECEIVED = {"đoàn", "ông", "bà", "ngài", "đồng"}  # "tiếp đoàn ...", "đón ông X", "tiếp đồng chí X"
ATTENDEES = re.compile(r"\bcó\b|:")
MESSAGE = re.compile(r"\b(?:lời|thư|quốc thư|thông điệp|điện|sự ra đi)\b[^,;.]{0,30}\b(?:của|tới|đến|gửi)\s+[^,;.]{0,30}$")
# the sentence opens with the reception: "Đón ...", "Ra Sân bay X đón ...", "Thay mặt Y đón ..."
WELCOME = re.compile(r"\W*(?:[Rr]a [Ss]ân bay[^,;.]{0,40}?\s|[Tt]hay mặt[^,;.]{0,40}?\s)?(?:[Đđ]ón|[Tt]iễn)\b")
CREDIT = re.compile(r"\s*[-–|]?\s*(?:[ẢA]nh|Nguồn)\s*:.*$", re.S)  # "- Ảnh: VGP/Nhật Bắc"
# "tiếp đoàn", "chào đón Đoàn", "Tiếp và làm việc với đoàn là X": the delegation, not a named guest
DELEGATION_OBJECT = re.compile(r"\s*(?:với\s+)?[Đđ]oàn\b(?P<named>\s+(?:là|có)\b)?")


def co_chairs(ctx: RelationContext) -> None:
    """Two people who chair one meeting in one sentence met ("A và B đã chủ trì hội nghị"):
    ANNOTATION.md counts co-chairing as a meeting."""
    chairs: dict[tuple[str, tuple[int, int]], list[str]] = {}
    for r in ctx.out:
        if r.type == "PARTICIPATED_IN" and r.props.get("role") == "chair" and r.source.startswith("Person:"):
            chairs.setdefault((r.target, r.sentence), []).append(r.source)
    for (_, sentence), people in chairs.items():
        for a, b in combinations(dict.fromkeys(people), 2):
            ctx.add("MET", a, b, sentence, 0.6, "co_chairs", kind="meeting", date=SENTENCE_DATE)


def met(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
    """MET between the people before a meeting verb and those after it, or between those it lists."""
    verbs = [t for t in ctx.triggered(triggers, "MET") if not _not_a_meeting(ctx, t, ms)]
    if not verbs:
        if not triggers:
            _caption(ctx, sent, ms)
        return
    date = SENTENCE_DATE
    subject: list[Mention] = []
    for n, t in enumerate(verbs):
        kind = t.id_.split("|")[2]
        if subject:
            # "A hội đàm với B; hội kiến C, D": A meets whoever each later verb names
            stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
            for b in ctx.people(ms, t.end_char, stop):
                ctx.add("MET", subject[0].key, b.key, sent, 0.7, "met_verb_list", kind=kind, date=date)
            continue
        if kind == "reception" and _welcomers(ctx, sent, ms, t):
            continue
        if _received_delegation(ctx, sent, ms, t, kind):
            continue
        before = [m for m in ctx.people(ms, sent.start_char, t.start_char) if not _named_in_message(ctx, m)]
        after = [m for m in ctx.people(ms, t.end_char, sent.end_char) if not _named_in_message(ctx, m)]
        right = ctx.text[t.end_char:after[0].start] if after else ""
        if t.text.lower().startswith("trình") and " lên " in ctx.text[t.end_char:sent.end_char]:
            # "trình quốc thư (của Chủ tịch nước Y) lên Tổng thống Z": Z receives
            up = ctx.text.index(" lên ", t.end_char)
            after = [m for m in after if m.start > up]
        if right.lstrip().startswith("giữa"):  # "cuộc điện đàm giữa A và B": A and B only
            pairs = list(combinations(after[:2], 2))
        elif before:
            pairs = [(a, b) for a in before[-2:] for b in after[:2]]
        elif ATTENDEES.search(right):
            continue  # "Tham dự hội đàm có A; B; C": who attended, not a pair
        else:
            pairs = list(combinations(after, 2))
        rule, confidence = "met_trigger", 0.7
        if not after and len(before) >= 2 and ctx.joined(before[-2], before[-1]):
            # "A và B đồng chủ trì", "A và B đã hội đàm"
            pairs, rule, confidence = [(before[-2], before[-1])], "met_joined_subjects", 0.65
        for a, b in pairs:
            ctx.add("MET", a.key, b.key, sent, confidence, rule, kind=kind, date=date)
        if pairs:
            ctx.last_pair = (pairs[0][0].key, pairs[0][1].key)
            subject = before[-1:]
            if subject:  # "làm việc với ông A, ...; ông B, ...; ông C": the rest of one list
                stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
                listed = ctx.people(ms, t.end_char, stop)[2:]
                for b in listed:
                    if ctx.text[t.end_char:b.start].count(";") >= 1:
                        ctx.add("MET", subject[0].key, b.key, sent, 0.6, "met_list", kind=kind, date=date)


def _caption(ctx: RelationContext, sent: Span, ms: list[Mention]) -> None:
    """A photo caption naming two people of two countries and nothing else ("Thủ tướng A và Thủ tướng
    Lào B - Ảnh: TTXVN"): the two met."""
    people = ctx.people(ms, sent.start_char, sent.end_char)
    if len(people) != 2 or people[0].key == people[1].key:
        return
    text = CREDIT.sub("", ctx.text[sent.start_char:sent.end_char]).rstrip(" .")
    if len(text) > 120:
        return
    a, b = people
    homes = {ctx.country_of.get(a.key), ctx.country_of.get(b.key)}
    if None in homes or len(homes) != 2 or not ctx.text[a.end:b.start].lstrip().startswith("và ") \
            or sent.start_char + len(text) != b.end:
        return
    ctx.add("MET", a.key, b.key, sent, 0.55, "met_caption", kind="meeting", date=SENTENCE_DATE)


def _named_in_message(ctx: RelationContext, m: Mention) -> bool:
    """'chuyển lời thăm hỏi của Tổng Bí thư X', 'trình thư ủy nhiệm của Chủ tịch nước X', 'gửi lời chúc
    tới Y': who sends or receives a message, a letter or an invitation was not at the meeting."""
    return bool(MESSAGE.search(ctx.text, max(0, m.start - 60), m.start))


def _welcomers(ctx: RelationContext, sent: Span, ms: list[Mention], t: Span) -> bool:
    """'Đón / Tiễn [guest] tại sân bay có A; B': each of A, B met the guest, named between the verb and
    'có', else the last visitor the text named. Whether the sentence says so."""
    if not WELCOME.match(ctx.text, sent.start_char, t.end_char) or \
            not (has := ATTENDEES.search(ctx.text, t.end_char, sent.end_char)):
        return False
    guests = [m.key for m in ctx.people(ms, t.end_char, has.start())] or ctx.last_visitor()
    for b in ctx.people(ms, has.end(), sent.end_char):
        for guest in guests:
            if guest != b.key:
                ctx.add("MET", b.key, guest, sent, 0.6, "met_welcome", kind="reception", date=SENTENCE_DATE)
    return True


def _received_delegation(ctx: RelationContext, sent: Span, ms: list[Mention], t: Span, kind: str) -> bool:
    """'X tiếp đoàn', 'X chào đón Đoàn', 'Tiếp và làm việc với đoàn là X': X met the head of the
    visiting delegation (the last visitor the text named), even a compatriot (an ambassador receiving
    a delegation from home). Whether the sentence says so."""
    at = DELEGATION_OBJECT.match(ctx.text, t.end_char)
    if not at or not (guests := ctx.last_visitor()):
        return False
    before = ctx.people(ms, sent.start_char, t.start_char)
    hosts = before[-1:] if before else ctx.people(ms, at.end(), sent.end_char)[:1] if at.group("named") else []
    for host in hosts:
        if host.key != guests[0]:
            ctx.add("MET", host.key, guests[0], sent, 0.6, "met_delegation", kind=kind, date=SENTENCE_DATE)
    return bool(hosts)


def _not_a_meeting(ctx: RelationContext, t: Span, ms: list[Mention]) -> bool:
    """'tiếp tục', 'tiếp nhận', 'đón nhận': not a reception ('tiếp đoàn', 'tiếp ông X' are)."""
    if t.text not in ("tiếp", "đón") or t.end >= len(ctx.doc):
        return False
    following = ctx.doc[t.end]
    if not following.is_lower or following.text in RECEIVED:
        return False
    return not ctx.people(ms, t.end_char, t.end_char + 25)
