"""Posts (HOLDS_POSITION, POSTED_TO) from the title chains `kg_mentions` parsed, and from
titles of heads of state or government written before a foreign name with no country."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from kg.extract import lexicon as L
from kg.extract.entities import Found
from kg.extract.people import is_vietnamese
from kg.extract.relations_common import PLACES
from kg.extract.relations_countries import ambassador_in_vnm
from kg.resources import lexicon

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

MISSION_HEADS = ("Đại sứ", "Tổng Lãnh sự", "Tổng lãnh sự")
# the titles.tsv scopes whose body an entity type can be
SCOPES_OF = {"Ministry": {"ministry"}, "Organization": {"party", "organization"}}


def positions(ctx: RelationContext) -> None:
    """HOLDS_POSITION and POSTED_TO from each title chain."""
    posts = ctx.doc._.kg_positions
    # "Thứ trưởng Trung" after "Thứ trưởng Ngoại giao Lê Hoài Trung": a bare title
    # repeats a post the document already placed in a body.
    placed = {p.person for p in posts if not p.implicit}
    # missions that name their country: a bare "Đại sứ quán" does not say whose
    missions = [n for n in ctx.doc._.kg_names if n.kind == "mission" and n.key in ctx.entities
                and any(ctx.entities[k].type == "Country" for k in n.inner if k in ctx.entities)]
    foreign = ctx.foreign_countries()
    for pos in posts:
        if pos.implicit and pos.person in placed:
            continue
        if pos.implicit and pos.scope == "mission" and len({m.key for m in missions}) == 1:
            # "Công sứ Nguyễn Đức Minh" in an article about one embassy: its diplomat
            mission = missions[0]
            places = [k for k in mission.inner if ctx.entities[k].type in PLACES]
            pos.posted_to = places[-1] if len(places) > 1 else None
            if not pos.title.startswith(MISSION_HEADS):  # a head of mission holds the post of the country
                pos.tail = mission.key
        if pos.implicit and pos.person in ctx.led_from and pos.tail.startswith("Country:"):
            body = ctx.led_body[pos.person]  # "Đoàn đại biểu Tỉnh ủy X do Phó Bí thư Y dẫn đầu": Y's body
            pos.tail = body if pos.scope in SCOPES_OF.get(ctx.entities[body].type, ()) else ctx.led_from[pos.person]
        if pos.implicit and pos.scope == "mission" and not pos.posted_to and pos.tail == "Country:VNM" \
                and "Đại sứ" in pos.title and len(foreign) == 1:
            pos.posted_to = foreign[0]  # "Đại sứ Nguyễn Văn A" in an article about one foreign country
        _ensure_country(ctx, pos.tail)
        sent = ctx.doc.char_span(*pos.sentence, alignment_mode="expand")
        ctx.add("HOLDS_POSITION", pos.person, pos.tail, sent, 0.8, "title_chain", title=pos.title)
        if pos.posted_to:
            ctx.add("POSTED_TO", pos.person, pos.posted_to, sent, 0.9, "title_chain")
        elif ambassador_in_vnm(ctx, pos):
            # "Đại sứ Australia John Doe" in the Vietnamese press: the ambassador in Viet Nam
            ctx.add("POSTED_TO", pos.person, "Country:VNM", sent, 0.6, "ambassador_in_vnm")
        for country in pos.accredited:  # "kiêm nhiệm Nepal và Bhutan": an envoy who travels there to work
            ctx.add("POSTED_TO", pos.person, country, sent, 0.9, "accredited")


def unplaced_titles(ctx: RelationContext) -> None:
    """'Tổng thống John Doe' with no country in the chain: a foreign head of state or government
    holds the post in the country the text places them in, else in the one foreign country of
    the article; 'Đại sứ John Doe' likewise. (The title chains give no post they cannot place.)"""
    held = {p.person for p in ctx.doc._.kg_positions}
    foreign = ctx.foreign_countries()
    scopes = {t.title: t.scope for t in lexicon().titles}
    titles = sorted((m.span for m in ctx.lexicon if m.label == L.TITLE
                     and (scopes.get(m.id) == "country" or m.id.startswith("Đại sứ"))),
                    key=lambda s: s.end_char)
    if not titles:
        return
    ends = [t.end_char for t in titles]
    for key, found in ctx.entities.items():
        if found.type != "Person" or key in held or is_vietnamese(key):
            continue
        country = ctx.country_of.get(key) or (foreign[0] if len(foreign) == 1 else None)
        if country is None:
            continue
        for start, _ in found.mentions:
            i = bisect_left(ends, start - 1)
            if i < len(titles) and titles[i].end_char <= start and not ctx.text[titles[i].end_char:start].strip():
                t = titles[i]
                sent = ctx.doc.char_span(t.start_char, start, alignment_mode="expand").sent
                ctx.add("HOLDS_POSITION", key, country, sent, 0.6, "title_unplaced", title=t.id_)
                break


def _ensure_country(ctx: RelationContext, key: str) -> None:
    # A post whose body the text leaves implicit points to the person's country,
    # which then is an entity of the document even where it is not named.
    if key not in ctx.entities and key.startswith("Country:"):
        iso3 = key.split(":", 1)[1]
        ctx.entities[key] = Found("Country", key, lexicon().countries[iso3].name, {"iso3": iso3})
