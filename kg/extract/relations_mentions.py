"""The mentions the relation rules read: every mention of an entity `kg_mentions` found, and
titles written without a name ('Thủ tướng cho biết ...', 'tiếp Thủ tướng Đức và đoàn') that mean
the one person of the document who holds them. Read once per document by `RelationContext.of`."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from kg.extract.relations_common import Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

# "Bộ trưởng Kinh tế của 11 nước", "Thủ tướng các nước": the title of many, not of one person
MANY_OWNERS = re.compile(r"[^,.;:]{0,40}?\b(?:của\s+)?(?:các|những|\d+|hai|ba|bốn|năm)\s+(?:nước|quốc gia|bên|đoàn)\b")


def mentions(ctx: RelationContext) -> list[Mention]:
    """The mentions of the document by start (outer names first), each marked nested when inside another."""
    named = [Mention(s, e, f.key, f.type) for f in ctx.entities.values() for s, e in f.mentions]
    found = sorted(named + _bare_titles(ctx, named), key=lambda m: (m.start, -m.end))
    outer_end = -1
    for m in found:
        m.nested = m.start < outer_end
        outer_end = max(outer_end, m.end)
    return found


def _bare_titles(ctx: RelationContext, named: list[Mention]) -> list[Mention]:
    """'Thủ tướng cho biết ...' after 'Thủ tướng Lâm Quốc Hưng': a title written without a name
    is the one person of the document who holds it (ANNOTATION.md: short forms the reader
    resolves with certainty). Titles two people hold stay unresolved."""
    holders: dict[str, set[str]] = {}
    countries: dict[str, str] = {}  # holder -> the country of the post
    for pos in ctx.doc._.kg_positions:
        if len(pos.title.split()) >= 2:
            holders.setdefault(pos.title, set()).add(pos.person)
            if pos.tail.startswith("Country:"):
                countries[pos.person] = pos.tail
    unique = {t: next(iter(ps)) for t, ps in holders.items() if len(ps) == 1}
    if not unique:
        return []
    starts = sorted((m.start, m.end) for m in named)
    country_at = {m.start: m.key for m in named if m.type == "Country"}
    out: list[Mention] = []
    text = ctx.text
    for hit_start, title in _occurrences(ctx, unique):
        hit_end = hit_start + len(title)
        following = text[hit_end:hit_end + 20].split()
        if following and following[0][:1].isupper():
            # "Thủ tướng Lâm Quốc Hưng", "Thủ tướng Lào": a title chain, not a bare title, unless the
            # country named is the one the title's holder holds it in ("tiếp Thủ tướng Đức và đoàn")
            country = country_at.get(hit_end + 1)
            if country is None or countries.get(unique[title]) != country or _name_follows(ctx, hit_end + 1, named):
                continue
        if MANY_OWNERS.match(text, hit_end):
            continue
        before = text[max(0, hit_start - 5):hit_start].split()
        if before and before[-1] in ("Phó", "phó", "nguyên", "các", "những", "hai", "ba"):
            continue
        i = bisect_left(starts, (hit_start + 1, 0))
        if i and starts[i - 1][1] > hit_start:
            continue  # inside a name
        out.append(Mention(hit_start, hit_end, unique[title], "Person"))
    return out


def _name_follows(ctx: RelationContext, at: int, named: list[Mention]) -> bool:
    """Whether a person is named right after the country at `at` ("Thủ tướng Đức Olaf Scholz")."""
    country_end = next(m.end for m in named if m.start == at and m.type == "Country")
    return any(m.type == "Person" and 0 <= m.start - country_end <= 2 for m in named)


def _occurrences(ctx: RelationContext, titles) -> list[tuple[int, str]]:
    """Where each title is written as whole words (longest first at one place)."""
    text = ctx.text
    found: dict[int, str] = {}
    for title in sorted(titles, key=len, reverse=True):
        at = text.find(title)
        while at >= 0:
            end = at + len(title)
            whole = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")) and \
                (end == len(text) or not (text[end].isalnum() or text[end] == "-"))
            if whole and at not in found:
                found[at] = title
            at = text.find(title, end)
    return sorted(found.items())
