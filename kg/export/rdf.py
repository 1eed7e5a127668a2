"""RDF export of the stored graph, typed by ontology/diplomacy.ttl."""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

DIP = Namespace("https://w3id.org/vndkg/ontology#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
DEFAULT_BASE = "https://w3id.org/vndkg/id/"

PROPERTY = {
    "HOLDS_POSITION": DIP.holdsPosition,
    "POSTED_TO": DIP.postedTo,
    "VISITED": DIP.visited,
    "MET": DIP.met,
    "SIGNED": DIP.signed,
    "PARTICIPATED_IN": DIP.participatedIn,
    "COOPERATES_WITH": DIP.cooperatesWith,
    "PART_OF": DIP.partOf,
    "MENTIONS": DIP.mentions,
}
DATA_PROPERTY = {"iso3": DIP.iso3, "gso_code": DIP.gsoCode, "kind": DIP.kind}


class Minter:
    """Instance IRIs from canonical ids: 'person:lê-x' -> <base>person/l%C3%AA-x, valid for any name."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, node_id: str) -> URIRef:
        return URIRef(self.base + quote(node_id.replace(":", "/"), safe="/"))


def to_rdf(nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]],
           base: str = DEFAULT_BASE) -> Graph:
    """nodes: {"id", "labels", "props"}; relationships: {"source", "type", "target", "props"}."""
    iri = Minter(base)
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("dip", DIP), ("schema", SCHEMA), ("wd", WD), ("prov", PROV), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    for node in nodes:
        subject = iri(node["id"])
        props = node["props"]
        for label in node["labels"]:
            if label != "Entity":
                g.add((subject, RDF.type, DIP[label]))
        g.add((subject, DIP.canonicalId, Literal(node["id"])))
        if "Article" in node["labels"]:
            _article(g, subject, props)
            continue
        if props.get("name"):
            g.add((subject, RDFS.label, Literal(props["name"], lang="vi")))
        if props.get("name_en"):
            g.add((subject, RDFS.label, Literal(props["name_en"], lang="en")))
        for alias in props.get("aliases") or []:
            g.add((subject, SCHEMA.alternateName, Literal(alias, lang="vi")))
        for key, prop in DATA_PROPERTY.items():
            if props.get(key):
                g.add((subject, prop, Literal(props[key])))
        if props.get("mention_count") is not None:
            g.add((subject, DIP.mentionCount, Literal(int(props["mention_count"]), datatype=XSD.integer)))
        if props.get("wikidata"):
            g.add((subject, OWL.sameAs, WD[props["wikidata"]]))
    for rel in relationships:
        prop = PROPERTY.get(rel["type"])
        if prop is not None:
            g.add((iri(rel["source"]), prop, iri(rel["target"])))
    return g


def _article(g: Graph, subject: URIRef, props: dict[str, Any]) -> None:
    if props.get("title"):
        g.add((subject, DCTERMS.title, Literal(props["title"], lang="vi")))
    if props.get("url"):
        g.add((subject, SCHEMA.url, Literal(props["url"], datatype=XSD.anyURI)))
    if props.get("published"):
        g.add((subject, DCTERMS.issued, date_literal(props["published"])))


def date_literal(value: str) -> Literal:
    """An ISO 8601 date at the precision it has: xsd:date, xsd:gYearMonth or xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=datatype)
