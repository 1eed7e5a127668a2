"""PART_OF written by juxtaposition: a unit right before the body it belongs to ('Cục Lãnh
sự, Bộ Ngoại giao', 'Vụ A thuộc Bộ B'), and an organization whose name ends with the name of
another ('Ban Đối ngoại Trung ương Đảng X'); a ministry's departments named alone are part of
the ministry the article names most. (PART_OF that a name holds: relations_names.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

UNIT_WORDS = {"Cục", "Vụ", "Ban", "Văn phòng", "Viện", "Sở", "Phòng", "Tổng cục", "Trường", "Học viện",
              "Ủy ban", "Hội đồng", "Trung tâm", "Tổng Lãnh sự quán", "Đại sứ quán"}
DASHES = {"-", "–"}
# between a unit and its body: "Ban A HĐND B", "Vụ A - Văn phòng B", "Cục A, Bộ B", "Vụ A thuộc Bộ B"
UNIT_GAPS = {"", ",", "(", "thuộc", "trực thuộc", ", thuộc", "của"} | DASHES


def wholes_ending_names(ctx: RelationContext) -> None:
    """'Ban Đối ngoại Trung ương Đảng X', 'Bộ Chính trị Đảng Y', 'Ủy ban X của Hạ viện về Y': an
    organization whose name ends with the name of another, or names it after 'của' or 'thuộc', is a
    part of it (ANNOTATION.md: the part of a longer name)."""
    seen: set[tuple[str, str]] = set()
    for n, m in enumerate(ctx.mentions):
        if m.nested or m.type != "Organization" or ctx.entities[m.key].props.get("kind") == "mission":
            continue
        for inner in ctx.mentions[n + 1:]:
            if inner.start >= m.end:
                break
            before = ctx.text[m.start:inner.start].split()[-1:]
            of = before in (["của"], ["thuộc"])  # "Ủy ban X của Hạ viện về Y"
            if inner.type == "Organization" and (inner.end == m.end or of) and inner.start > m.start \
                    and inner.key != m.key and (m.key, inner.key) not in seen \
                    and before not in (["liên"], ["với"]):  # "Ủy ban liên Chính phủ"; "hợp tác với X": a partner
                seen.add((m.key, inner.key))
                sent = ctx.doc.char_span(m.start, m.end, alignment_mode="expand").sent
                ctx.add("PART_OF", m.key, inner.key, sent, 0.6, "name_ends_with_whole")


def units_of(ctx: RelationContext, sent: Span, ms: list[Mention]) -> None:
    """'Cục Lãnh sự, Bộ Ngoại giao', 'Cục X (Bộ Y)', 'Vụ A thuộc Bộ B': a unit written
    right before the body it belongs to is part of it."""
    top = [m for m in ms if not m.nested and m.type in ("Organization", "Ministry")]
    for a, b in zip(top, top[1:]):
        if a.type != "Organization" or a.key == b.key:
            continue
        if not _is_unit(ctx, a.key):
            continue
        gap = ctx.text[a.end:b.start].strip()
        if b.type == "Organization" and _is_unit(ctx, b.key) and gap not in DASHES:
            continue  # "Cục A, Cục B": a list of units, not a unit and its body ("Vụ A - Văn phòng B" is one)
        if gap in UNIT_GAPS and (b.type == "Ministry" or gap != ","):  # "A, B, C": a list
            ctx.add("PART_OF", a.key, b.key, sent, 0.55, "unit_of_body")


def _is_unit(ctx: RelationContext, key: str) -> bool:
    first = ctx.entities[key].name.split()[:2]
    return bool(first) and (first[0] in UNIT_WORDS or " ".join(first) in UNIT_WORDS)


def units_of_the_ministry(ctx: RelationContext) -> None:
    """Once per document: a ministry's departments ("Cục X", "Vụ X", "Tổng cục X", "Văn phòng Bộ")
    named on their own are part of the ministry the article names most, if one is named most."""
    ministries = sorted(((len(f.mentions), k) for k, f in ctx.entities.items() if f.type == "Ministry"), reverse=True)
    if not ministries or len(ministries) > 1 and ministries[0][0] == ministries[1][0]:
        return
    ministry = ministries[0][1]
    placed = {r.source for r in ctx.out if r.type == "PART_OF"}
    for key, found in ctx.entities.items():
        words = found.name.split()
        department = found.name == "Văn phòng Bộ" or len(words) > 1 and (
            words[0] in ("Cục", "Vụ") or words[:2] == ["Tổng", "cục"] and len(words) > 2)
        if found.type == "Organization" and department and key not in placed and found.mentions:
            sent = ctx.doc.char_span(*min(found.mentions), alignment_mode="expand").sent
            ctx.add("PART_OF", key, ministry, sent, 0.4, "unit_of_the_ministry")
