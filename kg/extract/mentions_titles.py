"""Title chains: the titles a person holds, each with the body it names right after it
("Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao", "Đại sứ Việt Nam tại Nhật Bản",
"Thống đốc bang X", "Ngoại trưởng Hoa Kỳ"), read into Units that kg.extract.people
turns into positions.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.mentions_context import MentionContext
from kg.extract.mentions_ministries import country_after, ministry_at, same_ministry
from kg.extract.mentions_names import MISSION_TAILS, beyond_org, name_key
from kg.extract.mentions_orgs import known_org
from kg.extract.mentions_places import generic_kind, place_key
from kg.extract.names import blocked, fields_end
from kg.extract.people import QUALIFIER_START, Unit, name_end
from kg.extract.text import Cursor, span_text
from kg.resources import slug

PLACE_GENERIC = {"tỉnh", "Tỉnh", "bang", "Bang", "thành phố", "Thành phố", "TP", "TP.", "thủ đô", "Thủ đô", "vùng"}
DIVISION_WORDS = {"bang", "Bang", "vùng", "Vùng"}  # before a foreign first-level division
FOREIGN_MINISTER = {"Ngoại trưởng", "Phó Ngoại trưởng", "Trợ lý Ngoại trưởng"}  # titles.tsv: of "Bộ Ngoại giao"


def read_chain(ctx: MentionContext, i: int, end: int) -> tuple[list[Unit], int]:
    """Titles separated by commas, each with an optional body: (units, next token)."""
    cur, ents = ctx.cur, ctx.ents
    units: list[Unit] = []
    while i < end and (title := cur.at(i, {L.TITLE})):
        t = ctx.tables.titles[title.id_]
        j = title.end
        written = span_text(title)
        if j < end and cur.texts[j] in QUALIFIER_START:  # "phụ trách châu Á": part of the title
            q = j
            while q < end and cur.texts[q] not in (",", "của") and not body_starts(cur, q):
                q += 1
            written, j = cur.text(title.start, q), q
        if j + 1 < end and cur.texts[j] in (",", "của") and body_starts(cur, j + 1) \
                and not cur.at(j + 1, {L.TITLE}):
            j += 1
        at = j
        body, posted, j = read_body(ctx, j, end, t.scope)
        unplaced = ctx.unplaced.get(at)
        if body and j + 2 < end and cur.texts[j] == "(":  # "Quỹ Nhi đồng Liên hợp quốc (UNICEF) Jane Doe"
            _, close = ctx.tables.names._parenthesis(cur, j)
            j = close + 1 if close > j else j
        if t.scope == "mission" and body and not posted and (place := posted_place(cur, j, end)):
            posted, j = place_key(ctx, place), place.end
        accredited: tuple[str, ...] = ()
        if posted:
            accredited, j = concurrent_accreditation(ctx, j, end)
        if t.title in FOREIGN_MINISTER and body and body.startswith("Country:"):
            iso3 = body.split(":", 1)[1]  # "Ngoại trưởng Hoa Kỳ" names the US foreign ministry
            body = ents.add("Ministry", f"Bộ Ngoại giao|{iso3}", "Bộ Ngoại giao", None, country=iso3)
        units.append(Unit(t.scope, written, body, posted, unplaced, accredited))
        i = j
        if i + 1 < end and cur.texts[i] == "," and cur.at(i + 1, {L.TITLE}) and cur.texts[i + 1][0].isupper():
            i += 1
            continue
        if i + 1 < end and cur.texts[i] == "kiêm" and cur.at(i + 1, {L.TITLE}):
            i += 1  # "Phó Thủ tướng phụ trách kinh tế kiêm Bộ trưởng ..."
            continue
        break
    return units, i


def posted_place(cur: Cursor, j: int, end: int) -> Span | None:
    """The place of posting after a mission's title at token j: "tại Nhật Bản", "tại thành phố Houston"."""
    if j + 1 >= end or cur.texts[j] != "tại":
        return None
    k = past_generic(cur, j + 1)
    return cur.at(k, {L.COUNTRY, L.PLACE}) if k < end else None


def past_generic(cur: Cursor, k: int) -> int:
    """The token after a generic word for a place at k ("tỉnh", "thành phố"), else k."""
    return k + 1 if cur.texts[k] in PLACE_GENERIC else k + 2 if cur.text(k, k + 2) in PLACE_GENERIC else k


def concurrent_accreditation(ctx: MentionContext, j: int, end: int) -> tuple[tuple[str, ...], int]:
    """The countries an envoy is also accredited to, after the place of posting at token j:
    ", kiêm nhiệm Nepal và Bhutan", "(kiêm nhiệm Cộng hòa Séc)". Returns (country keys, next token)."""
    cur, texts = ctx.cur, ctx.cur.texts
    k = j + 1 if j < end and texts[j] in (",", "(") else j
    if cur.text(k, k + 2) != "kiêm nhiệm":
        return (), j
    k += 2
    keys: list[str] = []
    while k < end and (country := cur.at(k, {L.COUNTRY})):
        keys.append(ctx.ents.country(ctx.lex, country.id_, country))
        k = country.end
        if k + 1 < end and texts[k] in (",", "và") and cur.at(k + 1, {L.COUNTRY}):
            k += 1
    if not keys:
        return (), j
    if texts[j] == "(" and k < end and texts[k] == ")":
        k += 1
    return tuple(keys), k


def body_starts(cur: Cursor, i: int) -> bool:
    """Whether a body may be named at token i: "Bộ", a known ministry, organization or country,
    or a capitalized head word."""
    return bool(cur.texts[i] == "Bộ" or cur.at(i, {L.MINISTRY, L.ORG, L.COUNTRY})
                or (cur.at(i, {L.HEAD}) and cur.texts[i][0].isupper()))


def read_body(ctx: MentionContext, i: int, end: int, scope: str) -> tuple[str | None, str | None, int]:
    """The body a title of `scope` names right after it: (entity key, posted-to key, next token)."""
    cur, ents, lex, ministry_names = ctx.cur, ctx.ents, ctx.lex, ctx.tables.ministry_names
    doc = cur.doc
    if i >= end:
        return None, None, i
    if cur.texts[i] == "Chính" and i + 1 < end and cur.texts[i + 1] == "phủ" and scope == "country":
        # "Thủ tướng Chính phủ [Việt Nam]" is still the country's head of government, and the
        # government is no body of the document there
        j = i + 2
        if country := cur.at(j, {L.COUNTRY}):
            key, j = ents.country(lex, country.id_, country), country.end
        else:
            key = None
        ctx.government.append((i, j))  # no body, when the chain names a person
        return key, None, j
    if ministry := ministry_at(ctx, i):
        cur.take(ministry[1], ministry[2])
        return ministry[0], None, ministry[2]
    short = cur.at(i, {L.MINISTRY_SHORT})
    fields = fields_end(cur, i, i) if scope == "ministry" else i
    if short and scope == "ministry" and short.end >= fields:
        m = ctx.tables.ministries[short.id_]
        country = country_after(cur, short.end)
        if country and country.id_ != "VNM":
            ents.country(lex, country.id_, country)
            key = ents.add("Ministry", f"{m.name}|{country.id_}", m.name, None, country=country.id_)
            return key, None, country.end
        key = ents.add("Ministry", f"{m.name}|VNM", m.name, short, country="VNM", id=m.id)
        if not country:
            ctx.unplaced[i] = short
        return key, None, (country.end if country else short.end)
    if fields > i:  # "Bộ trưởng Công nghiệp, Thương mại và Năng lượng Hàn Quốc": a foreign ministry
        name = "Bộ " + cur.text(i, fields)
        country = country_after(cur, fields)
        iso3 = country.id_ if country else (same_ministry(ents, name) or ctx.foreign_before(i))
        # a foreign country named after the fields makes the ministry foreign, also where Viet Nam
        # has one of that name ("Bộ trưởng Nông nghiệp và PTNT Rumani")
        if iso3 and iso3 != "VNM" and iso3 in lex.countries and (country or name not in ministry_names):
            ents.country(lex, iso3, country)
            key = ents.add("Ministry", f"{name}|{iso3}", name, doc[i:country.end if country else fields],
                           country=iso3)
            return key, None, (country.end if country else fields)
        if iso3 == "VNM" and country and (vn := ministry_names.get(name)):
            ents.country(lex, iso3, country)  # "Bộ trưởng Nông nghiệp và PTNT Việt Nam"
            key = ents.add("Ministry", f"{vn.name}|VNM", vn.name, doc[i:country.end], country="VNM", id=vn.id)
            return key, None, country.end
    if (org := cur.at(i, {L.ORG})) and beyond_org(ctx, i, org) is None:
        key, j = known_org(ctx, org)
        return key, None, j
    if (name := ctx.tables.names.read(cur, i)) and name.head.type == "Organization":
        key = name_key(ctx, name)
        inner = ctx.found_names[name.start].inner
        posted = inner[-1] if name.head.tail in MISSION_TAILS and len(inner) > 1 else None
        return key, posted, name.end
    k = past_generic(cur, i)
    if (scope != "mission" or k > i) and k < end and (place := cur.at(k, {L.PLACE})) \
            and not (k == i and cur.at(i, {L.COUNTRY})) and not blocked(cur, k):
        # "Thống đốc bang X", "Tỉnh trưởng tỉnh X", "Phó Thị trưởng Ankara": a place as the body
        if generic_kind(doc, place) != "District":
            return place_key(ctx, place), None, place.end
    if k == i + 1 and cur.texts[i] in DIVISION_WORDS and (division := _unknown_division(cur, k, end)):
        # "Phó Thống đốc bang Goias Daniel Vilela": a division the gazetteer lacks, then the holder
        iso3 = ctx.foreign_before(i)
        if iso3 in lex.countries and iso3 != "VNM":
            key = ents.add("Province", f"province:{iso3}:{slug(span_text(division))}", span_text(division), division,
                           country=iso3)
            return key, None, division.end
    if cur.texts[i] == "nước" and i + 1 < end and cur.at(i + 1, {L.COUNTRY}):
        i += 1  # "Đại sứ đặc mệnh toàn quyền nước Mông Cổ"
    if country := cur.at(i, {L.COUNTRY}):
        key = ents.country(lex, country.id_, country)
        j, posted = country.end, None
        if scope == "mission" and (place := posted_place(cur, j, end)):
            posted, j = place_key(ctx, place), place.end
        return key, posted, j
    return None, None, i


def _unknown_division(cur: Cursor, k: int, end: int) -> Span | None:
    """One capitalized word no lexicon knows at k, its hyphenated parts joined ("Auvergne-Rhône-Alpes"),
    followed by a personal name of two words or more: the division's name, before its holder's."""
    doc, texts = cur.doc, cur.texts
    if k >= end or not texts[k][:1].isupper() or not texts[k].isalpha() or cur.by_start.get(k):
        return None
    j = k + 1
    while j + 1 < end and texts[j] in ("-", "‐") and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
            and texts[j + 1][:1].isupper() and texts[j + 1].isalpha():
        j += 2
    if j < end and name_end(cur, j, end) - j >= 2:  # "bang Ken Alex": the state left unsaid
        return doc[k:j]
    return None
