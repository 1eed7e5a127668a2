"""Names opened by a head word (kg.extract.names reads them) as entities: organizations,
agreements and events, with the countries, places and bodies named inside them.

"Quốc hội Bulgaria" and "Quốc hội Cộng hòa Bulgaria" are one body: a mission or state body
is keyed by its head and the places it names. Only organizations are read inside the title
of an agreement or event, and the agreement a signing ceremony names ("Lễ ký kết Hiệp định X");
no agreement or event is read inside an organization's name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.entities import Found, FoundName
from kg.extract.mentions_context import MentionContext
from kg.extract.mentions_ministries import ministry_at
from kg.extract.mentions_orgs import credit, org_key
from kg.extract.mentions_places import company_before, generic_kind, place_key
from kg.extract.names import Name, blocked
from kg.extract.text import span_text

MISSION_TAILS = {"mission", "body"}  # name_heads.tsv tails: the head, then its country
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,9}")  # "EVFTA", "CPTPP", "AMM44"
OF_WORDS = {"của", "thuộc"}  # "Ủy ban Đối ngoại của Quốc hội Peru": a body of its own inside a name


def find_names(ctx: MentionContext) -> None:
    """Every name opened by a head word or a known body, outside people's names and the
    stretches already read."""
    cur = ctx.cur
    doc = cur.doc
    i = inside = ceremony = 0  # inside: end of the agreement or event title being read, from `ceremony`
    org_ends: set[int] = set()  # ends of the organization names read
    org_inside = 0  # end of the organization names read
    skip = ctx.person_tokens
    opens = cur.starts({L.HEAD, L.ORG})  # a name opens at a head or a known body
    while i < len(doc):
        if (at := bisect_left(opens, i)) == len(opens):
            break
        i = opens[at]
        if cur.taken(i) or i in skip:
            i += 1
            continue
        if org := cur.at(i, {L.ORG}):
            name = beyond_org(ctx, i, org)
            if name is None:
                i += 1
                continue
        else:
            name = ctx.tables.names.read(cur, i)
        if name is None:
            i += 1
            continue
        inner_org = cur.at(cur.at(name.start, {L.HEAD}).end, {L.ORG})
        if name.head.kind == "forum" and inner_org is not None and inner_org.end == name.end:
            org_key(ctx, cur.doc[name.start:name.end], inner_org.id_)  # "Diễn đàn APEC" is APEC
            i = name.end
            continue
        if name.head.kind == "forum" and (known := next((ctx.tables.org_names[a] for a in name.aliases
                                                         if a in ctx.tables.org_names), None)):
            # "Diễn đàn hợp tác kinh tế ... (APEC)": the organization its acronym names
            org_key(ctx, cur.doc[name.start:name.end], known.id)
            i = name.end
            continue
        if name.head.kind == "media" and credit(cur, doc[name.start:name.end]):
            i = name.end
            continue
        if name.head.type == "Organization" and name.end in org_ends and cur.texts[i - 1] not in OF_WORDS:
            i += 1  # "Lãnh sự quán ..." inside "Tổng Lãnh sự quán ...": the same body
            continue
        if name.head.type != "Organization" and name.start < org_inside:
            i += 1  # "Ủy ban Hiệp ước ...": no agreement or event inside an organization's name
            continue
        if name.head.type == "Organization":
            org_ends.add(name.end)
            org_inside = max(org_inside, name.end)
        if name.head.type == "Organization" or not inside or name.start >= inside or \
                name.head.type == "Agreement" and cur.texts[ceremony:ceremony + 2] == ["Lễ", "ký"]:
            name_key(ctx, name)  # "Lễ ký kết Hiệp định X": the agreement is named as well
        if name.head.type != "Organization" and name.start >= inside:
            ceremony = name.start
        if name.head.type != "Organization":
            inside = max(inside, name.end)  # only organizations are read inside a title
        i += 1


def find_acronyms(ctx: MentionContext) -> None:
    """'EVFTA' alone after 'Hiệp định ... (EVFTA)': an agreement or event named again by the
    acronym the document gave it in brackets, where no other name or lexicon entry stands."""
    cur, ents = ctx.cur, ctx.ents
    owners: dict[str, list[Found]] = {}
    for f in ents.by_key.values():
        if f.type in ("Agreement", "Event"):
            for alias in f.aliases:
                if ACRONYM.fullmatch(alias):
                    owners.setdefault(alias, []).append(f)
    named = {acr: found[0] for acr, found in owners.items() if len(found) == 1}
    if not named:
        return
    spans = sorted(m for f in ents.by_key.values() for m in f.mentions)
    for i, text in enumerate(cur.texts):
        if text not in named or i in cur.by_start or cur.taken(i) or i in ctx.person_tokens:
            continue
        span = cur.doc[i:i + 1]
        k = bisect_right(spans, (span.start_char, span.end_char))
        if any(s <= span.start_char and span.end_char <= e for s, e in spans[max(0, k - 8):k]):
            continue  # inside another name ("Hiệp định về thương mại EVFTA")
        found = named[text]
        ents.add(found.type, found.key.split(":", 1)[1], found.name, span)


def name_key(ctx: MentionContext, name: Name) -> str:
    """The entity key of a name read from a head word; the entities named inside it are added
    too, and the name is recorded in ctx.found_names (once per first token)."""
    if name.start in ctx.found_names:
        return ctx.found_names[name.start].key
    cur, ents = ctx.cur, ctx.ents
    doc = cur.doc
    span = doc[name.start:name.end]
    raw = span_text(span)
    if name.head.tail in MISSION_TAILS:  # "Quốc hội Bulgaria" is "Quốc hội Cộng hòa Bulgaria"
        head = cur.at(name.start, {L.HEAD})
        places, k = [], head.end
        while k < name.end:
            p = cur.at(k, {L.COUNTRY, L.PLACE})
            places.append(p.id_) if p else None
            k = p.end if p else k + 1
        raw = ctx.missions.setdefault((name.head.head, *places), raw)
    key = ents.add(name.head.type, raw, span_text(span), span, kind=name.head.kind)
    for alias in name.aliases:
        if alias not in ents.by_key[key].aliases:
            ents.by_key[key].aliases.append(alias)
    inner = []
    k = name.start + 1
    while k < name.end:
        if cur.texts[k] == "Bộ" or cur.at(k, {L.MINISTRY}):
            if found := ministry_at(ctx, k):
                inner.append(found[0])
                k = found[2]
                continue
        nested = cur.at(k, {L.COUNTRY, L.PLACE, L.ORG})
        if nested is not None and nested.label_ != L.ORG and (blocked(cur, k) or cur.at(k, {L.BLOCK})):
            nested = None  # "Thái Bình" in "... xuyên Thái Bình Dương" is no place
        if nested is None:
            k += 1
        elif generic_kind(doc, nested) == "District" or nested.label_ != L.ORG \
                and company_before(ctx, k):
            k = nested.end  # "Tổng công ty Thái Bình": no place of the document
        elif nested.label_ == L.ORG:
            inner.append(org_key(ctx, nested))
            k = nested.end
        else:
            inner.append(place_key(ctx, nested))
            k = nested.end
    sent = span.sent
    ctx.found_names[name.start] = FoundName(key, name.head.type, name.head.kind, name.start, name.end,
                                            inner, (sent.start_char, sent.end_char))
    return key


def beyond_org(ctx: MentionContext, i: int, org: Span) -> Name | None:
    """'Chính phủ Lào', 'Quốc hội New Zealand': a body named with its country reads on past the
    known name ('Chính phủ' is Viet Nam's); the known one is then no entity of its own."""
    name = ctx.tables.names.read(ctx.cur, i)
    if name is None or name.head.tail not in MISSION_TAILS or name.end <= org.end:
        return None
    ctx.cur.take(org.start, org.end)
    return name
