"""Resolution: one document's Extraction -> a GraphDelta under canonical ids.

Canonical ids are built from what identifies an entity (DESIGN.md, "Graph model"):
`country:VNM`, `province:quang-ninh`, `ministry:VNM:bo-ngoai-giao` (the gazetteers' ids),
`person:lê-hoài-trung` (a name with its letters: IRIs percent-encode them). The same entity in two articles gets the same id, so
articles ingested one at a time still join up in the graph.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from datetime import date, timedelta
from functools import cache

from kg.model import Edge, Entity, Extraction, GraphDelta, Node
from kg.event_names import event_identity
from kg.resources import Ministry, Org, Place, Title, ident, lexicon
from kg.schema import CAMEO, CAMEO_MET_KIND, FACT_KEYS, ID_SCHEME, SYMMETRIC, allowed

log = logging.getLogger(__name__)


def canonical_id(entity: Entity) -> str:
    props = entity.props
    if props.get("id"):
        return str(props["id"])
    kind = entity.type
    if kind == "Country":
        return f"country:{props['iso3']}"
    if kind in ("Province", "City"):
        return entity.key.split(":", 1)[1]  # the lexicon's place id
    # Names keep their letters: Hùng and Hưng are two people (kg.resources.ident)
    if kind == "Ministry":
        return f"ministry:{props.get('country', 'VNM')}:{ident(entity.name)}"
    if kind == "Event":
        return f"event:{ident(event_identity(entity.name))}"
    if kind == "Organization":
        return org_id(entity.name)
    return f"{kind.lower()}:{ident(entity.name)}"


def org_id(name: str) -> str:
    """An organization's id, its province written one way: "Sở Ngoại vụ tỉnh Hà Giang" and "Sở
    Ngoại vụ Hà Giang", "Thành ủy TPHCM" and "Thành ủy Thành phố Hồ Chí Minh" are one body each."""
    words = name.split()
    folded = [w.casefold() for w in words]
    forms, lengths = _province_forms()
    for n in lengths:
        if len(words) > n and (canonical := forms.get(tuple(folded[-n:]))):
            head = words[:-n]
            if folded[-n - 1] in ("tỉnh", "tp", "tp."):
                head = head[:-1]
            elif len(head) > 2 and folded[-n - 2:-n] == ["thành", "phố"]:
                head = head[:-2]
            return f"org:{ident(' '.join([*head, canonical]))}"
    return f"org:{ident(name)}"


@cache
def _province_forms() -> tuple[dict[tuple[str, ...], str], list[int]]:
    """Casefolded words of each way a Vietnamese province is written -> its name; and the
    lengths of those forms in words, longest first."""
    forms = {tuple(form.casefold().split()): p.name for p in lexicon().places
             if p.type == "Province" and p.country == "VNM" for form in p.names}
    return forms, sorted({len(f) for f in forms}, reverse=True)


def namesakes_abroad(ex: Extraction) -> dict[str, tuple[str, str]]:
    """Entity key -> (name, node id) of each person with a Vietnamese-shaped name whom the article
    places in one foreign country's posts: "Lý Cường" in China's government is
    `person:lý-cường:CHN`, never one node with a Vietnamese Lý Cường. Sino-Vietnamese readings
    of Chinese names share the surnames of Vietnamese ones, so such names collide; a name of
    another shape (Joe Biden) does not, and a person the article gives no foreign post stays
    under the name alone."""
    lex = lexicon()
    country = {e.key: str(e.props.get("iso3") or e.props.get("country") or "") for e in ex.entities}
    abroad: dict[str, set[str]] = {}
    for r in ex.relations:
        if r.type == "HOLDS_POSITION" and country.get(r.target) not in ("", "VNM", None):
            abroad.setdefault(r.source, set()).add(country[r.target])
    out = {}
    for e in ex.entities:
        if e.type == "Person" and len(countries := abroad.get(e.key, ())) == 1 and e.name.split()[0] in lex.surnames:
            out[e.key] = (e.name, f"person:{ident(e.name)}:{next(iter(countries))}")
    return out


def bodies_abroad(ex: Extraction) -> dict[str, tuple[str, str]]:
    """Entity key -> (name, node id) of each organization the article puts in a foreign place that
    shares its name with a Vietnamese province: "Chính quyền tỉnh Hà Nam (Trung Quốc)" is
    `org:chính-quyền-tỉnh-hà-nam:CHN`, never the government of Viet Nam's Hà Nam."""
    lex, alike = lexicon(), _named_like_vietnamese()
    foreign = {e.key: place for e in ex.entities if e.type in ("Province", "City")
               and (place := lex.place(canonical_id(e))) is not None and place.id in alike}
    names = {e.key: e.name for e in ex.entities if e.type == "Organization"}
    return {r.source: (names[r.source], f"org:{ident(names[r.source])}:{foreign[r.target].country}")
            for r in ex.relations if r.type == "PART_OF" and r.source in names and r.target in foreign}


@cache
def _named_like_vietnamese() -> frozenset[str]:
    """Ids of the foreign places written like a Vietnamese province (China's Hà Nam)."""
    forms, _ = _province_forms()
    return frozenset(p.id for p in lexicon().places if p.country != "VNM"
                     and any(tuple(n.casefold().split()) in forms for n in p.names))


def local_bodies(ex: Extraction) -> dict[str, tuple[str, str]]:
    """Entity key -> (name, node id) of each body of a Vietnamese province the article names
    without it ("Tỉnh ủy", "UBND tỉnh"; kg/data/local_bodies.tsv), qualified by the province the
    extraction puts it in (PART_OF), else by the one province the article names most: "Tỉnh ủy
    Quảng Nam". Where neither says, the body keeps its name under an id of the article's own,
    rather than one node for the bodies of every province."""
    lex = lexicon()
    bare = {e.key: (e.name, lex.local_bodies[n]) for e in ex.entities
            if e.type == "Organization" and (n := ident(e.name)) in lex.local_bodies}
    if not bare:
        return {}
    provinces = {e.key: (place, len(e.mentions)) for e in ex.entities if e.type == "Province"
                 and (place := lex.place(canonical_id(e))) is not None and place.country == "VNM"}
    top = Counter({k: n for k, (_, n) in provinces.items()}).most_common(2)
    subject = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
    whole = {r.source: r.target for r in ex.relations if r.type == "PART_OF" and r.target in provinces}
    out = {}
    for key, (name, template) in bare.items():
        province = whole.get(key, subject)
        if province is None:
            out[key] = (name, f"org:{ident(name)}:{ex.doc.id.split(':')[-1]}")
            continue
        place = provinces[province][0]
        full = template.format(name=name, province=place.name,
                               generic="thành phố" if place.kind == "thanh_pho" else "tỉnh")
        out[key] = (full, org_id(full))
    return out


def _node(entity: Entity, node_id: str) -> Node:
    lex = lexicon()
    props: dict = {"name": entity.name, "aliases": sorted(set(entity.aliases) - {entity.name})}
    for k in ("iso3", "country", "kind"):
        if entity.props.get(k):
            props[k] = entity.props[k]
    if entity.type == "Country" and (c := lex.countries.get(str(entity.props["iso3"]))):
        props |= {"name_en": c.name_en, "wikidata": c.wikidata}
    elif entity.type in ("Province", "City"):
        if place := lex.place(node_id):  # the gazetteer's name, however written: "TP HCM" is Hồ Chí Minh
            props |= {**_named(place.name, entity.name, props["aliases"]), **_place_props(place)}
    elif entity.type == "Ministry":
        props |= _ministry_names(entity.name, str(entity.props.get("country") or "VNM"))
    elif entity.type == "Organization" and (org := _orgs_by_id().get(node_id)):
        # a body the lexicon knows, as for places: the lexicon's name ("ASEAN" is one of its aliases)
        props |= {**_named(org.name, entity.name, props["aliases"]), "name_en": org.name_en, "wikidata": org.wikidata}
    props["caption"] = caption(entity.type, props["name"], props.get("country"))
    return Node(id=node_id, label=entity.type, props={k: v for k, v in props.items() if v not in ("", None)})


def _named(name: str, written: str, aliases: list[str]) -> dict:
    """The lexicon's name, the written one among the aliases."""
    return {"name": name, "aliases": sorted({*aliases, written} - {name})}


def _place_props(place: Place) -> dict[str, str]:
    """What the gazetteer says of a place; for a Vietnamese province also its validity
    (ISO dates, where known: Hà Giang ended on 2025-06-30)."""
    return {"name_en": place.name_en, "wikidata": place.wikidata, "gso_code": place.gso_code,
            "valid_from": place.valid_from, "valid_to": place.valid_to}


def successions(nodes: dict[str, Node]) -> tuple[list[Node], list[Edge]]:
    """The provinces that the absorbed provinces among `nodes` joined in 2025, and a MERGED_INTO
    edge to each: an article about Hà Giang in 2024 and one about Tuyên Quang in 2026 meet in the
    graph. The edges come from the gazetteer (kg/data/provinces_vn.tsv), not from the article,
    so they carry the act that merged the units and no sources."""
    lex = lexicon()
    new_nodes, edges = [], []
    for node_id in list(nodes):
        place = lex.place(node_id)
        if place is None or not place.merged_into or (successor := lex.place(place.merged_into)) is None:
            continue
        if successor.id not in nodes:
            new_nodes.append(_node(Entity(key=f"{successor.type}:{successor.id}", type=successor.type,
                                          name=successor.name, props={"country": successor.country}),
                                   successor.id))
        since = (date.fromisoformat(place.valid_to) + timedelta(days=1)).isoformat() if place.valid_to else None
        props = {k: v for k, v in {"since": since, "basis": place.merged_by}.items() if v}
        edges.append(Edge(source=node_id, target=successor.id, type="MERGED_INTO",
                          key=edge_key("MERGED_INTO", node_id, successor.id, props),
                          props={**props, "sources": [], "evidence": []}))
    return new_nodes, edges


def caption(kind: str, name: str, country: object) -> str:
    """The name with what tells it apart from others written alike: the country of a ministry
    ("Bộ Ngoại giao (Nhật Bản)", every country has one) and of a foreign place ("Hà Nam (Trung
    Quốc)", also a Vietnamese province)."""
    c = lexicon().countries.get(str(country))
    if c is None or c.name in name or kind not in ("Ministry", "Province", "City"):
        return name
    return name if kind != "Ministry" and c.country == "VNM" else f"{name} ({c.name})"


def _ministry_names(name: str, iso3: str) -> dict[str, str]:
    """English name (with the country, as ministries of many countries share a name) and
    Wikidata id, from Viet Nam's ministry of the same name ("Bộ Ngoại giao" of Japan: "Ministry
    of Foreign Affairs (Japan)")."""
    ministry = _ministries_by_name().get(name)
    country = lexicon().countries.get(iso3)
    if ministry is None or not ministry.name_en or country is None:
        return {}
    return {"name_en": f"{ministry.name_en} ({country.name_en})",
            "wikidata": ministry.wikidata if iso3 == "VNM" else ""}


@cache
def _orgs_by_id() -> dict[str, Org]:
    return {org.id: org for org in lexicon().orgs}


@cache
def _ministries_by_name() -> dict[str, Ministry]:
    return {n: m for m in lexicon().ministries for n in m.names}


@cache
def _titles() -> dict[str, Title]:
    """Every written form of a title -> the title (kg/data/titles.tsv)."""
    return {form: t for t in lexicon().titles for form in t.forms}


def edge_key(rel_type: str, source: str, target: str, props: dict) -> str:
    facts = "|".join(str(props.get(k) or "") for k in FACT_KEYS.get(rel_type, ()))
    raw = f"{rel_type}|{source}|{target}|{facts}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def resolve(ex: Extraction) -> GraphDelta:
    doc = ex.doc
    article = Node(
        id=doc.id,
        label="Article",
        props={k: v for k, v in {
            "name": doc.name, "url": doc.url, "title": doc.title, "published": doc.published,
            "sha256": doc.sha256, "source": doc.source, "id_scheme": ID_SCHEME,
        }.items() if v is not None},
    )
    ids: dict[str, str] = {}
    types: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    mentions: dict[str, int] = {}
    qualified = local_bodies(ex) | bodies_abroad(ex) | namesakes_abroad(ex)  # ids a name alone would not tell apart
    for e in ex.entities:
        name, node_id = qualified.get(e.key, (e.name, ""))
        if name != e.name:  # "Tỉnh ủy" -> "Tỉnh ủy Quảng Nam", the written form an alias
            e = e.model_copy(update={"name": name, "aliases": [*e.aliases, e.name]})
        node_id = ids[e.key] = node_id or canonical_id(e)
        types[e.key] = e.type
        nodes.setdefault(node_id, _node(e, node_id))
        mentions[node_id] = mentions.get(node_id, 0) + max(1, len(e.mentions))
    edges: list[Edge] = []
    for r in ex.relations:
        if r.source not in ids or r.target not in ids:
            log.warning("%s: relation %s refers to an unknown entity; dropped", doc.source, r.type)
            continue
        if not allowed(r.type, types[r.source], types[r.target]):
            log.info("%s: %s %s->%s is outside the schema; dropped",
                     doc.source, r.type, types[r.source], types[r.target])
            continue
        source, target = ids[r.source], ids[r.target]
        if r.type in SYMMETRIC and target < source:
            source, target = target, source
        props = {k: v for k, v in r.props.items() if v not in (None, "")}
        cameo = CAMEO_MET_KIND.get(str(props.get("kind"))) if r.type == "MET" else CAMEO.get(r.type)
        if cameo:
            props["cameo"] = cameo
        if r.type == "HOLDS_POSITION" and (title := _titles().get(str(props.get("title")))):
            props["title_en"] = title.gloss_en
            if title.head_of_mission:
                props["head_of_mission"] = True
        props |= {
            "confidence": r.confidence,
            "sources": [doc.id],
            "evidence": [r.evidence.sentence.strip()],  # a sentence's span may end in the blank line after it
            "first_seen": doc.published,
            "last_seen": doc.published,
        }
        edges.append(Edge(source=source, target=target, type=r.type,
                          key=edge_key(r.type, source, target, props), props=props))
    successors, merged = successions(nodes)
    return GraphDelta(article=article, nodes=[*nodes.values(), *successors], mentions=mentions,
                      edges=edges + merged)
