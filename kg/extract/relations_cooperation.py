"""Cooperation (COOPERATES_WITH) from cooperation, support and aid words: Viet Nam and the
countries or foreign provinces it works with, two bodies of one kind side by side
('Quảng Nam - Nagasaki'), 'giữa A và B', and the body that acts with another ('Sở A phối
hợp với Cục B'). Aid and support are cooperation (ANNOTATION.md). With no cooperation word:
'các hội nghị của X với A, B' (X with each) and the bodies that organize something together."""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import BODIES, PLACES, Mention
from kg.extract.relations_context import LIST_GAP

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

BETWEEN = re.compile(r"\bgiữa\b")
PAIR_GAPS = {"và", "-", "–", "với"}
# words for a meeting mechanism or a relation between sides: "các Hội nghị ... của X với A, B"
MECHANISM = re.compile(r"\b(?:[Hh]ội nghị|[Đđ]ối thoại|[Qq]uan hệ|[Cc]ơ chế)\b")
CO_ORGANIZE = re.compile(r"\b(?:cùng\s+)?(?:phối hợp|đồng)\s+tổ chức\b")
AT_GAP = re.compile(r"\s*(?:tại|ở)\s+")  # "Hội X tại Hàn Quốc": where X is
SUPPORT = {"hỗ trợ", "giúp đỡ", "tài trợ", "viện trợ"}
STATE_BODIES = ("Quốc hội", "Chính phủ", "Quân đội", "Hải quân")
TWO_BODIES = re.compile(r"\bgiữa (?:hai|2) (?=Bộ |Quốc hội|Chính phủ|Quân đội|Hải quân)|"
                        r"\b(?P<name>(?:Bộ [A-ZĐ][\w ]{2,30}?|Quốc hội|Chính phủ|Quân đội|Hải quân)) hai nước\b")


def cooperation(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
    """COOPERATES_WITH in a sentence with a cooperation word: Viet Nam and its partners, pairs of bodies, and
    who acts with whom; and the two bodies of 'thỏa thuận giữa hai Bộ Quốc phòng'."""
    _two_bodies(ctx, sent)
    top = [m for m in ms if not m.nested]
    _meetings_with(ctx, sent, top)
    _co_organizers(ctx, sent, top)
    # a cooperation word inside a name states nothing of the sentence's other sides ("Hiệp định Đối tác
    # Toàn diện ..." signed by eleven countries): the name's own parties are read from the name
    titles = [m for m in ms if m.type in ("Agreement", "Event")]
    triggers = [t for t in triggers if not any(m.start <= t.start_char < m.end for m in titles)]
    if not ctx.triggered(triggers, "COOPERATES_WITH"):
        return
    text = ctx.text
    if any(m.key == "Country:VNM" for m in top):
        partnered: list[Mention] = []
        for m in top:
            if m.type == "Province" and ctx.entities[m.key].props.get("country") != "VNM":
                cue = text[max(sent.start_char, m.start - 14):m.start].replace("tỉnh", "").replace("bang", "")
                cue = cue.strip().split()[-1:] if cue.strip() else []
                if cue and (cue[0] in {"với", "giữa", "-", "–"} or cue[0] in {"và", ","} and partnered):
                    partnered.append(m)
                    ctx.add("COOPERATES_WITH", "Country:VNM", m.key, sent, 0.6, "cooperation_vnm")
        regions = {m.key for m in partnered}
        for n, m in enumerate(top):
            if m.type != "Country" or m.key == "Country:VNM":
                continue
            # "Vân Nam và Quảng Tây, Trung Quốc": the partner is the province, not its country
            if n and top[n - 1].key in regions and text[top[n - 1].end:m.start].strip() == ",":
                continue
            ctx.add("COOPERATES_WITH", "Country:VNM", m.key, sent, 0.6, "cooperation_vnm")
    # "Quảng Nam - Nagasaki", "giữa HĐND tỉnh A và Hội đồng B": two bodies of one kind side by side
    for a, b in zip(top, top[1:]):
        gap = text[a.end:b.start].strip()
        paired = gap in {"-", "–"} or gap == "và" and text[max(0, a.start - 30):a.start].find("giữa") >= 0
        if a.type == b.type and a.type in BODIES - {"Country"} and paired:
            ctx.add("COOPERATES_WITH", a.key, b.key, sent, 0.6, "cooperation_pair")
    _cooperation_partners(ctx, sent, top, triggers)


def _meetings_with(ctx: RelationContext, sent: Span, top: list[Mention]) -> None:
    """'các hội nghị của ASEAN với A, B và C', 'quan hệ đối tác của X với A, B': a meeting
    mechanism or relation of X with each of them."""
    text = ctx.text
    if text.find(" với ", sent.start_char, sent.end_char) < 0:
        return
    for n, m in enumerate(top[:-1]):
        if m.type not in BODIES or not text[max(sent.start_char, m.start - 5):m.start].endswith("của ") \
                or not text.startswith(" với ", m.end) or top[n + 1].start - m.end > 8:
            continue
        said = re.split(r"[.;:]", text[max(sent.start_char, m.start - 60):m.start])[-1]  # this clause only
        if not MECHANISM.search(said):
            continue
        for other in ctx.list_from(top[n + 1:]):
            if other.type in BODIES:
                ctx.add("COOPERATES_WITH", m.key, other.key, sent, 0.6, "cooperation_meetings_with")


def _co_organizers(ctx: RelationContext, sent: Span, top: list[Mention]) -> None:
    """'do A, B và C phối hợp tổ chức': the bodies that organize something together cooperate.
    A place after the last of them says where it is ("Hội X tại Hàn Quốc"), not a party."""
    text = ctx.text
    if text.find("tổ chức", sent.start_char, sent.end_char) < 0:  # the regex scans every position
        return
    for hit in CO_ORGANIZE.finditer(text, sent.start_char, sent.end_char):
        before = [m for m in top if m.end <= hit.start()]
        if not before or text[before[-1].end:hit.start()].strip():
            continue
        if len(before) > 1 and before[-1].type in PLACES and AT_GAP.fullmatch(text[before[-2].end:before[-1].start]):
            before.pop()
        listed = [before.pop()]
        while before and LIST_GAP.fullmatch(text[before[-1].end:listed[0].start]):
            listed.insert(0, before.pop())
        for a, b in combinations([m for m in listed if m.type in BODIES], 2):
            ctx.add("COOPERATES_WITH", a.key, b.key, sent, 0.6, "co_organizers")


def _two_bodies(ctx: RelationContext, sent: Span) -> None:
    """'thỏa thuận giữa hai Bộ Ngoại giao', 'Bộ Ngoại giao hai nước', 'Quốc hội hai nước': the two
    bodies of that name the article names; 'giữa hai Bộ trong ...': its only two ministries."""
    text = ctx.text
    if text.find("hai", sent.start_char, sent.end_char) < 0 and text.find("giữa 2", sent.start_char, sent.end_char) < 0:
        return  # the regex scans every position
    for hit in TWO_BODIES.finditer(text, sent.start_char, sent.end_char):
        bodies = {k: f for k, f in ctx.entities.items() if f.type in ("Ministry", "Organization")}
        said = hit.group("name") or text[hit.end():hit.end() + 40]
        pair = [k for k, f in bodies.items() if f.type == "Ministry" and said.startswith(f.name)]
        if not pair and said.startswith(STATE_BODIES):  # "Quốc hội Lào", "Quốc hội Việt Nam"
            head = next(b for b in STATE_BODIES if said.startswith(b))
            pair = [k for k, f in bodies.items() if f.name.startswith(head)]
        if not pair and said[3:4].islower():  # "giữa hai Bộ trong lĩnh vực ..."
            pair = [k for k, f in bodies.items() if f.type == "Ministry"]
        if len(pair) == 2:
            ctx.add("COOPERATES_WITH", pair[0], pair[1], sent, 0.6, "cooperation_two_bodies")


def _between_pairs(ctx: RelationContext, sent: Span, after: list[Mention]) -> None:
    """'giữa A và B', 'giữa A với B', 'giữa A và các tổ chức B, C, D': A with each of the others."""
    if len(after) < 2:
        return
    first, rest = after[0], after[1:]
    if ctx.text[first.end:rest[0].start].strip() not in PAIR_GAPS and \
            not re.fullmatch(r"\s*(?:và|với)\s+(?:\w+\s+){0,3}", ctx.text[first.end:rest[0].start]):
        return
    others = [rest[0]]
    for m in rest[1:]:
        if ctx.text[others[-1].end:m.start].strip() not in {",", "và"}:
            break
        others.append(m)
    for other in others:
        ctx.add("COOPERATES_WITH", first.key, other.key, sent, 0.75, "cooperation_between")


def _cooperation_partners(ctx: RelationContext, sent: Span, top: list[Mention], triggers: list[Span]) -> None:
    """'Sở A phối hợp với Cục B', 'Bộ A hỗ trợ tỉnh B', 'hợp tác giữa A và B': the body
    that acts and the body it acts with. Aid and support are cooperation (ANNOTATION.md)."""
    text = ctx.text
    bodies = [m for m in top if m.type in BODIES and not ctx.in_brackets(m, sent)]
    cues = ctx.triggered(triggers, "COOPERATES_WITH")
    if cues:  # "quan hệ hợp tác giữa hai nước nói chung, giữa Bộ A và Bộ B nói riêng"
        for between in BETWEEN.finditer(text, cues[0].end_char, sent.end_char):
            _between_pairs(ctx, sent, [m for m in bodies if m.start >= between.end()][:6])
    for t in cues:
        after = [m for m in bodies if m.start >= t.end_char]
        head = text[t.end_char:t.end_char + 8].lstrip()
        if head.startswith("giữa"):
            continue
        if t.text not in SUPPORT and not t.text.endswith("với") and not head.startswith("với"):
            continue
        before = [m for m in bodies if m.end <= t.start_char and t.start_char - m.end <= 60]
        if not before or not after or after[0].start - t.end_char > 40:
            continue
        left = before[-1]
        for right in ctx.list_from([m for m in after if m.type == after[0].type]):
            if left.type == "Country" and right.type == "Country":
                continue  # countries: cooperation_vnm above, with its own checks
            ctx.add("COOPERATES_WITH", left.key, right.key, sent, 0.35, "cooperation_partner")
