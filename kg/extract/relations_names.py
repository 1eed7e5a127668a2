"""Relations that names contain: the body an organization's name holds (PART_OF), the
parties named in an event's name (PARTICIPATED_IN) or an agreement's name (SIGNED, and
COOPERATES_WITH between them): "Bản ghi nhớ giữa Bộ A và Bộ B", "Lễ đón Tổng thống X".

ANNOTATION.md, "Events" and "Signing": the bodies and places named as the parties in a
name ("giữa A, B và C", "A - B") took part in it or signed it.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.entities import FoundName
from kg.extract.relations_common import BODIES, Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

PARTY_TYPES = {"Country", "Province", "City", "Ministry", "Organization"}
PARTY_JOINS = {"-", "–", "và", ",", "với"}
NAME_PARTY_CONFIDENCE = 0.6


def names(ctx: RelationContext) -> None:
    """What each name `kg_mentions` read holds: the body it belongs to, the parties of an event or agreement."""
    name: FoundName
    for name in ctx.doc._.kg_names:
        sent = ctx.doc.char_span(*name.sentence, alignment_mode="expand")
        bodies = [k for k in name.inner if ctx.entities.get(k) and ctx.entities[k].type in BODIES]
        if name.type == "Organization" and name.kind != "mission" and bodies:
            ctx.add("PART_OF", name.key, bodies[-1], sent, 0.6, "name_inner")
        if name.type == "Event":
            _event_name_parties(ctx, name, sent)
        if name.type == "Agreement":
            parties = name_parties(ctx, name)
            for party in parties:
                ctx.add("SIGNED", party, name.key, sent, 0.7, "agreement_name_party",
                        date=ctx.date(sent))
            for a, b in combinations(parties, 2):
                ctx.add("COOPERATES_WITH", a, b, sent, 0.7, "agreement_name_party")


def name_parties(ctx: RelationContext, name: FoundName) -> list[str]:
    """The bodies a name names as its parties: after 'giữa', or two and more joined by
    '-', 'và', ','. A body in brackets only says where its neighbour is ('(Việt Nam)')."""
    span = ctx.doc[name.start:name.end]
    text = ctx.text
    inner = [m for m in ctx.mentions if span.start_char <= m.start and m.end <= span.end_char
             and m.key != name.key and m.type in PARTY_TYPES]
    top = [m for m in inner if not any(o is not m and o.start <= m.start and m.end <= o.end
                                       and (o.end - o.start) > (m.end - m.start) for o in inner)]
    top = [m for m in top if text[span.start_char:m.start].count("(") <= text[span.start_char:m.start].count(")")]
    between = text.find(" giữa ", span.start_char, span.end_char)
    if between >= 0:
        parties = [m for m in top if m.start > between]
        if parties and not (len(parties) == 1 and parties[0].type == "Country"):
            return _with_nested_places(parties, inner)
    runs: list[list[Mention]] = []
    for m in top:
        if runs and text[runs[-1][-1].end:m.start].strip() in PARTY_JOINS:
            runs[-1].append(m)
        else:
            runs.append([m])
    parties = [m for run in runs if len(run) > 1 for m in run]
    return _with_nested_places(parties, inner)


def _with_nested_places(parties: list[Mention], inner: list[Mention]) -> list[str]:
    """'UBND tỉnh A và Chính quyền bang B': the provinces of the bodies are parties too."""
    keys = [m.key for m in parties]
    for p in parties:
        if p.type == "Organization":
            keys += [m.key for m in inner if m.type == "Province" and p.start <= m.start and m.end <= p.end]
    return list(dict.fromkeys(keys))


def _event_name_parties(ctx: RelationContext, name: FoundName, sent: Span) -> None:
    span = ctx.doc[name.start:name.end]
    # "Lễ đón Tổng thống X": the person an event is held for takes part in it
    for m in ctx.mentions:
        if m.type == "Person" and span.start_char <= m.start and m.end <= span.end_char:
            ctx.add("PARTICIPATED_IN", m.key, name.key, sent, NAME_PARTY_CONFIDENCE, "event_name_person",
                    role="participant")
    parties = name_parties(ctx, name) or _parties_after(ctx, span.end_char, sent.end_char)
    for key in parties:
        ctx.add("PARTICIPATED_IN", key, name.key, sent, NAME_PARTY_CONFIDENCE, "event_name_party",
                role="participant")
    for a, b in combinations(parties, 2):  # a meeting mechanism between them ("Hội nghị Cấp cao ASEAN - Hàn Quốc")
        ctx.add("COOPERATES_WITH", a, b, sent, NAME_PARTY_CONFIDENCE, "event_name_party")


def _parties_after(ctx: RelationContext, start: int, end: int) -> list[str]:
    """'Hội nghị hợp tác du lịch, thương mại ... giữa 3 tỉnh A (Việt Nam), B (Thái Lan) và C': the
    parties of an event whose name the reader cut short, two or more after 'giữa' in its clause."""
    text = ctx.text
    between = text.find(" giữa ", start, min(end, start + 80))
    if between < 0 or any(c in text[start:between] for c in ".;:"):
        return []
    stop = min((i for i in (text.find(c, between, end) for c in ".;:") if i >= 0), default=end)  # the first
    parties = [m for m in ctx.mentions if between < m.start and m.end <= stop and not m.nested
               and m.type in PARTY_TYPES and text[between:m.start].count("(") <= text[between:m.start].count(")")]
    return [m.key for m in parties] if len(parties) > 1 else []
