"""Ministries: Viet Nam's, known by name, and foreign ones read from their fields
("Bộ Công nghiệp, Thương mại và Năng lượng Hàn Quốc"), keyed "Ministry:<name>|<ISO3>".

A ministry written with no country is Viet Nam's when Viet Nam has one of that name,
else that of the foreign country the text is about.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.entities import Entities
from kg.extract.mentions_context import MentionContext
from kg.extract.names import field_spans, joined_field_end, ministry_end
from kg.extract.people import Unit, is_vietnamese
from kg.extract.text import Cursor


def find_ministries(ctx: MentionContext) -> None:
    """Every ministry named outside the stretches already read (title chains, names)."""
    cur = ctx.cur
    # tokens in order; one taken by an earlier ministry is passed over
    starts = sorted({i for i, text in enumerate(cur.texts) if text == "Bộ"}.union(cur.starts({L.MINISTRY})))
    for i in starts:
        if not cur.taken(i):
            if found := ministry_at(ctx, i):
                cur.take(found[1], found[2])


def ministry_at(ctx: MentionContext, i: int) -> tuple[str, int, int] | None:
    """A ministry named at token i: 'Bộ X [, Y] [và Z] [Country]' or a known VN ministry.
    Returns (entity key, start, end)."""
    cur, ents, lex, ministry_names = ctx.cur, ctx.ents, ctx.lex, ctx.tables.ministry_names
    doc = cur.doc
    end = ministry_end(cur, i)
    if end == i:
        return None
    if i and cur.texts[i - 1] in ("các", "những") and cur.texts[i] == "Bộ":
        if listed := _listed_ministries(ctx, i):
            return listed
    if end > i + 1 and cur.texts[i] == "Bộ" and cur.text(i, end) not in ministry_names:
        end = joined_field_end(cur, end)
    country = country_after(cur, end)
    name = cur.text(i, end)
    vn = ministry_names.get(name)
    iso3 = country.id_ if country else "VNM"
    if not country and not vn:
        # Viet Nam has no ministry of that name: it is a foreign one named before
        # ("Bộ Thương mại và Du lịch" after "... Australia") or of the country the text is about.
        iso3 = same_ministry(ents, name) or ctx.foreign_before(i) or "VNM"
    span_end = country.end if country else end
    span = doc[i:span_end]
    if country:
        ents.country(lex, iso3, country)
    if iso3 == "VNM" and vn:
        key = ents.add("Ministry", f"{vn.name}|VNM", vn.name, span, country="VNM", id=vn.id)
        if not country:
            ctx.unplaced[i] = span
    else:
        key = ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3)
    return key, i, span_end


def _listed_ministries(ctx: MentionContext, i: int) -> tuple[str, int, int] | None:
    """'các Bộ Quốc phòng, Công Thương': one ministry per field (a known name such as
    'Văn hóa, Thể thao và Du lịch' stays whole). Returns the first as ministry_at does."""
    cur, ents, ministry_names = ctx.cur, ctx.ents, ctx.tables.ministry_names
    doc = cur.doc
    fields = field_spans(cur, i + 1)
    if len(fields) < 2 or not any(cur.texts[a - 1] == "," for a, _ in fields[1:]):
        return None
    end = fields[-1][1]
    country = country_after(cur, end)
    if country:
        ents.country(ctx.lex, country.id_, country)
    keys, p = [], 0
    while p < len(fields):
        for q in range(len(fields), p, -1):
            name = "Bộ " + cur.text(fields[p][0], fields[q - 1][1])
            if q == p + 1 or name in ministry_names:
                break
        vn = ministry_names.get(name)
        iso3 = country.id_ if country else ("VNM" if vn else ctx.foreign_before(i) or "VNM")
        span = doc[fields[p][0]:fields[q - 1][1]]
        if iso3 == "VNM" and vn:
            keys.append(ents.add("Ministry", f"{vn.name}|VNM", vn.name, span, country="VNM", id=vn.id))
        else:
            keys.append(ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3))
        p = q
    return keys[0], i, (country.end if country else end)


def country_after(cur: Cursor, k: int) -> Span | None:
    """The country named at token k, also after "nước" ("Bộ Ngoại giao nước Cộng hòa ...")."""
    if k < len(cur.texts) and cur.texts[k] == "nước":
        return cur.at(k + 1, {L.COUNTRY})
    return cur.at(k, {L.COUNTRY})


def same_ministry(ents: Entities, name: str) -> str | None:
    """The country of the one foreign ministry of that name the document has named."""
    found = {f.props.get("country") for f in ents.by_key.values()
             if f.type == "Ministry" and f.name == name and f.props.get("country") != "VNM"}
    return found.pop() if len(found) == 1 else None


def place_ministries(ctx: MentionContext, person: str, units: list[Unit], at: int) -> None:
    """A foreign official's ministry written with no country ("Bộ trưởng Bộ Quốc phòng" before a
    Chilean name) is that of the foreign country the text is about, not Viet Nam's; and a
    ministry the person was named holding abroad stays that country's ("Bộ trưởng Ngoại giao
    Lý Minh" after "Bộ trưởng Ngoại giao Trung Quốc Lý Minh", a name that reads Vietnamese)."""
    held = [(unit, *unit.body.split(":", 1)[1].rsplit("|", 1)) for unit in units
            if unit.body and unit.body.startswith("Ministry:")]  # (unit, ministry name, its country)
    for _, name, iso3 in held:
        if iso3 != "VNM":
            ctx.held_abroad[(person, name)] = iso3
    ents = ctx.ents
    for unit, name, country in held:
        if unit.unplaced is None or country != "VNM":
            continue
        iso3 = ctx.held_abroad.get((person, name))
        if iso3 is None and not is_vietnamese(person):
            iso3 = ctx.foreign_before(at)
        if iso3 is None or iso3 not in ctx.lex.countries:
            continue
        span = unit.unplaced
        old = ents.by_key.get(unit.body)
        if old is not None and (span.start_char, span.end_char) in old.mentions:
            old.mentions.remove((span.start_char, span.end_char))
            if not old.mentions:
                del ents.by_key[unit.body]
        name = old.name if old is not None else name
        ents.country(ctx.lex, iso3, None)
        unit.body = ents.add("Ministry", f"{name}|{iso3}", name, span, country=iso3)
