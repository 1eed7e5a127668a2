"""Places: the countries, provinces and cities the gazetteers know, and towns they lack that the
text says are towns ("thành phố Sakaiminato").

A name that is both a division and a city is of the kind the generic word before it says
("tỉnh", "thành phố"); one below the first level ("huyện Sơn Tây") is no place of the graph.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract import lexicon as L
from kg.extract.mentions_context import MentionContext
from kg.extract.mentions_ministries import country_after
from kg.extract.text import span_text, token_texts
from kg.resources import Place, slug

# Generic words before a place that say which kind of place it is.
PROVINCE_WORDS = {"tỉnh", "Tỉnh", "bang", "Bang"}
CITY_WORDS = {"phố", "TP", "TP.", "thủ", "Thủ", "xã"}  # thành phố, thủ đô, thị xã
# Below the first level: "huyện Sơn Tây" is a district, not the Chinese province.
DISTRICT_WORDS = {"huyện", "quận", "phường", "trấn", "Huyện", "Quận", "Phường"}
TOWN_WORDS = {"thành phố", "thị trấn", "thị xã", "TP", "TP."}
TOWN_LAST = {w.rsplit(" ", 1)[1] for w in TOWN_WORDS if " " in w}  # to join two words only where it may match
TOWN_LISTS = ("thành phố", "thị trấn", "thị xã", "huyện lỵ", "đô thị")  # "các huyện lỵ ... gồm: A, B"
LIST_OPENERS = {":", "gồm", "như"}
# What may stand between a place and its country: "Hà Nam (Trung Quốc)", "Hà Nam, Trung Quốc"
NAMED_AFTER = {"(", ",", "-", "–", "của", "thuộc"}


def find_places(ctx: MentionContext) -> None:
    """Every known country and place outside the personal names read."""
    cur, ents = ctx.cur, ctx.ents
    chosen = [s for s in cur.longest({L.COUNTRY, L.PLACE, L.BLOCK}, ctx.person_tokens) if s.label_ != L.BLOCK]
    # A name that is both a division and a city: the generic word before any
    # of its mentions decides, for the whole document.
    kind_of: dict[str, str] = {}
    for span in chosen:
        if span.label_ == L.PLACE and (kind := generic_kind(cur.doc, span)):
            kind_of.setdefault(span_text(span), kind)
    in_org = {k for o in cur.longest({L.ORG}, set()) for k in range(o.start + 1, o.end)}
    texts = cur.texts
    for span in chosen:
        if span.start >= 2 and texts[span.start - 2] == "(" and texts[span.start - 1] == "từ":
            continue  # a byline: "Nguyễn Văn A (từ New Delhi)"
        if span.label_ == L.COUNTRY:
            ents.country(ctx.lex, span.id_, span)
        elif span.start in in_org and not generic_kind(cur.doc, span):
            continue  # "Thượng Hải" in "Tổ chức Hợp tác Thượng Hải": a place inside a name
        elif company_before(ctx, span.start):
            continue  # "Tổng công ty Thái Bình": a company named after a place
        elif kind_of.get(span_text(span)) != "District":
            place_key(ctx, span, kind_of.get(span_text(span)))


def company_before(ctx: MentionContext, i: int) -> bool:
    """Whether a company's head word ("Công ty", "Tổng công ty", "Tập đoàn") ends right before token i."""
    return any(head.kind == "company" for head in ctx.heads_before(i))


def find_unlisted_cities(ctx: MentionContext) -> None:
    """Towns the gazetteer lacks, where the text says they are towns: "thành phố Sakaiminato",
    "các thị trấn ven biển gồm: Aaa, Bbb, Ccc". Their country is that of the
    nearest place the document names."""
    cur, ents = ctx.cur, ctx.ents
    doc = cur.doc
    known = [(s, f.props.get("country") or f.props.get("iso3")) for f in ents.by_key.values()
             if f.type in ("Country", "Province", "City") for s, _ in f.mentions]
    if not known:
        return
    found: list[Span] = []
    texts = cur.texts
    cues = TOWN_WORDS | TOWN_LAST | LIST_OPENERS
    for i in [i for i, text in enumerate(texts) if text in cues]:
        text = texts[i]
        if (known_place := cur.at(i, {L.PLACE})) is not None and known_place.end > i + 1:
            continue  # "TP HCM": the town word opens a name the gazetteer knows
        if text in TOWN_WORDS or text in TOWN_LAST and i and f"{texts[i - 1]} {text}" in TOWN_WORDS:
            found += _capitalized_run(ctx, i + 1)[:1]
        if text in LIST_OPENERS and any(w in " ".join(texts[max(0, i - 8):i]) for w in TOWN_LISTS):
            j = i + 1
            while (items := _capitalized_run(ctx, j)):
                found.append(items[0])
                j = items[0].end
                if j < len(doc) and cur.texts[j] in (",", "và"):
                    j += 1
                else:
                    break
    for span in found:
        iso3 = min(known, key=lambda k: abs(k[0] - span.start_char))[1]
        if iso3 in ctx.lex.countries:
            ents.add("City", f"city:{iso3}:{slug(span_text(span))}", span_text(span), span, country=iso3)


def _capitalized_run(ctx: MentionContext, i: int) -> list[Span]:
    """[the unknown capitalized name starting at token i], or []."""
    cur, skip = ctx.cur, ctx.person_tokens
    doc, j = cur.doc, i
    while j < len(doc) and j - i < 4 and doc[j].is_alpha and cur.texts[j][0].isupper() \
            and j not in skip and not cur.by_start.get(j):
        j += 1
        # "San-ti-a-gô": syllables of a transliteration joined by hyphens without spaces
        while j > i and j + 1 < len(doc) and cur.texts[j] in ("-", "‐") and not doc[j - 1].whitespace_ \
                and not doc[j].whitespace_ and doc[j + 1].is_alpha and cur.texts[j + 1].islower():
            j += 2
    return [doc[i:j]] if j > i else []


def generic_kind(doc: Doc, span: Span) -> str | None:
    """The kind of place the generic word before `span` names ("tỉnh": Province), if any."""
    prev = token_texts(doc)[span.start - 1] if span.start else ""
    if prev in PROVINCE_WORDS:
        return "Province"
    if prev in CITY_WORDS:
        return "City"
    if prev in DISTRICT_WORDS:
        return "District"
    return None


def place_key(ctx: MentionContext, span: Span, kind: str | None = None) -> str:
    """The entity key of the country or place at `span`, added to the document's entities."""
    lex, ents = ctx.lex, ctx.ents
    if span.label_ == L.COUNTRY:
        return ents.country(lex, span.id_, span)
    places = [p for i in ctx.cur.ids(span) if (p := lex.place(i))]
    kind = kind or generic_kind(ctx.cur.doc, span)
    wanted = next(k for k in (kind, "City", "Province", places[0].type) if any(p.type == k for p in places))
    place = home_or_named(ctx, span, [p for p in places if p.type == wanted])
    if place.country in lex.countries and place.country != "VNM":
        # a foreign place brings its country (a visit there visits the country); Viet Nam,
        # where the news is written, is an entity only where the text names it
        ents.country(lex, place.country, None)
    return ents.add(place.type, place.id, written_place(span_text(span)), span, country=place.country)


def home_or_named(ctx: MentionContext, span: Span, places: list[Place]) -> Place:
    """Of places of one kind written alike ("Hà Nam": a Vietnamese province and China's Henan), the
    one whose country the text names right after it ("tỉnh Hà Nam (Trung Quốc)", "Hà Nam, Trung
    Quốc", "Hà Nam của Trung Quốc"); else Viet Nam's, where the news is written."""
    if len(places) == 1:
        return places[0]
    cur, k = ctx.cur, span.end
    while k < len(cur.texts) and k - span.end < 3 and cur.texts[k] in NAMED_AFTER:
        k += 1
    named = country_after(cur, k)
    return next((p for p in places if named is not None and p.country == named.id_), None) \
        or next((p for p in places if p.country == "VNM"), places[0])


def written_place(text: str) -> str:
    """A place as the document writes it, keyed without a generic word glued to it: "TPHCM",
    "TP.HCM" -> "HCM" (ANNOTATION.md: keys keep the written form)."""
    for prefix in ("TP. ", "TP.", "TP "):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):]
    if text.startswith("TP") and text[2:].isupper() and len(text) > 3:
        return text[2:]
    return text
