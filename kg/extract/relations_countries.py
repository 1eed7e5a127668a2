"""Which country each person comes from and is posted to, and the two sides of an article:
read once per document by `RelationContext.of`, before any relation rule runs.

Title chains place most people (kg_positions); a country named right before a name
('Thủ tướng Ethiopia Abiy Ahmed Ali') and the body whose delegation a person leads place
the others. The visit rules read these: nobody visits their own country or the country
they are posted to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from kg.extract.people import Position, is_vietnamese
from kg.extract.relations_common import DELEGATION_OF, LEADS, PLACES

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

# words that end a title chain: "chuyến thăm Hàn Quốc của Chủ tịch X" names no Korean
NOT_A_TITLE = {"của", "với", "và", "tới", "đến", "thăm", "sang", "tại", "ở", "cho", "đã", "sẽ", "đón", "tiếp"}


def countries_of_people(ctx: RelationContext) -> dict[str, str]:
    """Person -> country, from the posts the title chains gave them."""
    out: dict[str, str] = {}
    # a post the chain placed in a body speaks before one whose country was only assumed
    for pos in sorted(ctx.doc._.kg_positions, key=lambda p: p.implicit):
        if pos.tail.startswith("Country:"):
            out.setdefault(pos.person, pos.tail)
        elif (tail := ctx.entities.get(pos.tail)) and tail.props.get("country"):
            out.setdefault(pos.person, f"Country:{tail.props['country']}")
        elif country := country_of_body(ctx, pos.tail):
            out.setdefault(pos.person, country)
    for pos in ctx.doc._.kg_positions:  # "Phó Chủ tịch UBND tỉnh Hoàng Văn A": a body of no named place
        if pos.person not in out and is_vietnamese(pos.person) and "Country:VNM" in ctx.entities:
            out[pos.person] = "Country:VNM"
    return out


def local_places(ctx: RelationContext) -> dict[str, set[str]]:
    """Person -> the provinces and cities whose bodies (or which themselves) they hold posts in:
    'Chủ tịch UBND tỉnh X', 'Thị trưởng thành phố Y'."""
    inner = {n.key: n.inner for n in ctx.doc._.kg_names}
    out: dict[str, set[str]] = {}
    for pos in ctx.doc._.kg_positions:
        for key in (pos.tail, *inner.get(pos.tail, ())):
            found = ctx.entities.get(key)
            if found is not None and found.type in ("Province", "City"):
                out.setdefault(pos.person, set()).add(key)
    return out


def country_of_body(ctx: RelationContext, key: str) -> str | None:
    """The country of an organization: its lexicon id ('org:quoc-hoi-vnm'), else the place
    its name holds ('UBND tỉnh Lào Cai' -> VNM)."""
    body = ctx.entities.get(key)
    if body is None:
        return None
    code = str(body.props.get("id", "")).rsplit("-", 1)[-1].upper()
    if len(code) == 3 and f"Country:{code}" in ctx.entities:
        return f"Country:{code}"
    for name in ctx.doc._.kg_names:
        if name.key == key:
            for inner in name.inner:
                found = ctx.entities.get(inner)
                if found and found.type in PLACES:
                    code = found.props.get("iso3") or found.props.get("country")
                    return f"Country:{code}" if code else None
    return None


def countries_before_names(ctx: RelationContext) -> dict[str, str]:
    """'Thủ tướng nước Cộng hòa ... Ethiopia Abiy Ahmed Ali': a person whose post the title chains
    did not place comes from the country named right before their name (not 'tại X', a posting)."""
    out: dict[str, str] = {}
    countries = sorted((m for m in ctx.mentions if m.type == "Country"), key=lambda c: c.end)
    ends = [c.end for c in countries]
    for m in ctx.mentions:
        if m.type != "Person" or m.key in out or m.key in ctx.country_of:
            continue
        window = countries[bisect_left(ends, m.start - 45):bisect_left(ends, m.start + 1)]
        near = [c for c in window if m.start - 45 <= c.end <= m.start
                and not re.search(r"[.;:]", ctx.text[c.end:m.start])
                and not NOT_A_TITLE & set(ctx.text[c.end:m.start].split())
                and ctx.text[max(0, c.start - 5):c.start].strip() not in ("tại", "ở")]
        if near:
            out[m.key] = near[-1].key
    return out


def delegation_leaders(ctx: RelationContext) -> dict[str, tuple[str, str]]:
    """'Đoàn đại biểu Bộ Công an Trung Quốc do ông X, Bộ trưởng, dẫn đầu': X leads the delegation
    of that body and comes from its country. Leader -> (body, country)."""
    out: dict[str, tuple[str, str]] = {}
    text = ctx.text
    people = [m for m in ctx.mentions if m.type == "Person"]
    for m in ctx.mentions:
        if m.nested or m.type not in ("Organization", "Ministry"):
            continue
        if not DELEGATION_OF.search(text[max(0, m.start - 40):m.start]):
            continue
        country = country_of_body(ctx, m.key) or next(
            (f"Country:{ctx.country_code(o.key)}" for o in reversed(ctx.mentions)
             if m.start <= o.start and o.end <= m.end and o.type in PLACES and ctx.country_code(o.key)), None)
        if m.type == "Ministry":
            country = f"Country:{m.key.rsplit('|', 1)[-1]}"
        if not country:
            continue
        clause = re.split(r"[.;]", text[m.end:m.end + 220], maxsplit=1)[0]
        by = re.match(r"(?:\s*\([^)]*\))?\s*do\b", clause)
        if not by or not LEADS.search(clause):
            continue
        leader = next((p for p in people if m.end + by.end() <= p.start < m.end + len(clause)), None)
        if leader:
            out.setdefault(leader.key, (m.key, country))
    return out


def sides(ctx: RelationContext) -> list[str]:
    """The two countries of a bilateral article: Viet Nam and the foreign country named most."""
    counts = {k: len(f.mentions) for k, f in ctx.entities.items() if f.type == "Country" and k != "Country:VNM"}
    if "Country:VNM" not in ctx.entities or not counts:
        return []
    return ["Country:VNM", max(counts, key=counts.get)]


def ambassador_in_vnm(ctx: RelationContext, pos: Position) -> bool:
    """A foreign ambassador named with their country only ('Đại sứ Australia John Doe')."""
    return pos.scope == "mission" and not pos.posted_to and "Đại sứ" in pos.title \
        and "Country:VNM" in ctx.entities and not is_vietnamese(pos.person) \
        and _country_of_place_or_body(ctx, pos.tail) not in (None, "Country:VNM")


def _country_of_place_or_body(ctx: RelationContext, key: str) -> str | None:
    found = ctx.entities.get(key)
    if found is None:
        return None
    if found.type in PLACES:
        return ctx.country_of_place(key)
    if found.type == "Ministry":
        return f"Country:{key.rsplit('|', 1)[-1]}"
    return country_of_body(ctx, key)
