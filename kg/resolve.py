"""Resolution: one document's Extraction -> a GraphDelta under canonical ids.

Canonical ids are built from what identifies an entity (DESIGN.md, "Graph model"):
`country:VNM`, `province:quang-ninh`, `ministry:VNM:bo-ngoai-giao`,
`person:le-hoai-trung`. The same entity in two articles gets the same id, so
articles ingested one at a time still join up in the graph.
"""

from __future__ import annotations

import hashlib
import logging

from kg.model import Edge, Entity, Extraction, GraphDelta, Node
from kg.resources import lexicon, slug
from kg.schema import CAMEO, CAMEO_MET_KIND, FACT_KEYS, SYMMETRIC, allowed

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
    if kind == "Ministry":
        return f"ministry:{props.get('country', 'VNM')}:{slug(entity.name)}"
    prefix = {"Organization": "org"}.get(kind, kind.lower())
    return f"{prefix}:{slug(entity.name)}"


def _node(entity: Entity, node_id: str) -> Node:
    lex = lexicon()
    props: dict = {"name": entity.name, "aliases": sorted(set(entity.aliases) - {entity.name})}
    for k in ("iso3", "country", "kind"):
        if entity.props.get(k):
            props[k] = entity.props[k]
    if entity.type == "Country" and (c := lex.countries.get(str(entity.props["iso3"]))):
        props |= {"name_en": c.name_en, "wikidata": c.wikidata}
    elif entity.type in ("Province", "City"):
        if place := lex.place(node_id):
            props |= {"name_en": place.name_en, "wikidata": place.wikidata, "gso_code": place.gso_code}
    return Node(id=node_id, label=entity.type, props={k: v for k, v in props.items() if v not in ("", None)})


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
            "sha256": doc.sha256, "source": doc.source,
        }.items() if v is not None},
    )
    ids: dict[str, str] = {}
    types: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    mentions: dict[str, int] = {}
    for e in ex.entities:
        node_id = ids[e.key] = canonical_id(e)
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
        props |= {
            "confidence": r.confidence,
            "sources": [doc.id],
            "evidence": [r.evidence.sentence],
            "first_seen": doc.published,
            "last_seen": doc.published,
        }
        edges.append(Edge(source=source, target=target, type=r.type,
                          key=edge_key(r.type, source, target, props), props=props))
    return GraphDelta(article=article, nodes=list(nodes.values()), mentions=mentions, edges=edges)
