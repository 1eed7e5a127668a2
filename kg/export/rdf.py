"""RDF export of the stored graph, typed by ontology/diplomacy.ttl and valid against ontology/shapes.ttl.

One function turns a node into triples (`Triples.node`) and one a relationship
(`Triples.reading`, flattened by `Triples.relationship`); every format is written from those
same triples:

- N-Triples is streamed: a line per triple as the nodes and relationships are
  read page by page, no rdflib Graph, memory flat as the graph grows. Terms are
  written by `nt_term`, the one term serializer of this module.
- Turtle and JSON-LD serialize an rdflib Graph of the same triples.
- TriG (`write_trig`, also `to_dataset` as an rdflib Dataset) splits each relationship's triples
  by what they rest on. The default graph holds what is not one article's: the entities, the
  articles, posts and roles, each direct triple (person dip:holdsPosition ministry), and each
  fact resource's own description once (its types, rdf:subject/predicate/object, dip:factKey,
  confidence, dates, CAMEO code, roles, org:member ...), and each article's named graph
  <base>graph/<article> as a prov:Bundle derived from that article. The named graph of an
  article holds only what that article supports: (fact prov:wasDerivedFrom article) and the
  sentence(s) it was read in, and the article's dip:mentions. A fact read in N articles thus
  costs its description once plus a constant per article, and the export grows linearly with
  the articles (it was O(N) triples in each of N graphs when each graph repeated the fact).
  A fact read in no article (the gazetteer's MERGED_INTO) stays in the default graph. The
  union of the graphs is the Turtle export's graph plus the two triples of each prov:Bundle.

  Which article a sentence comes from: the store keeps a fact's `sources` (article ids) and
  `evidence` (sentences) as two lists, each unioned without repeats as articles are written
  (kg.graph, kg/store/cypher.py), one source and one sentence per reading. They stay aligned
  while neither list drops a repeat; they part when an article reads a fact twice (one source,
  two sentences), when two articles write the same sentence (two sources, one sentence), or
  when an article is read again after the extraction changed. So `attribute_evidence` names
  an article's sentences only where the lists tell them: one source (all the sentences are
  its own); as many sentences as sources (the i-th is the i-th source's: right for all 66
  facts read in several articles when the 139 train and dev articles were built, though a
  repeat dropped from each list would shift them); one sentence for several sources (each
  reading brought one, so all brought this one: it goes into each of their graphs). Otherwise
  no sentence can be named for one article: the fact's sentences stay in the default graph
  with its description, once, which keeps the size linear and says nothing that was not read.

  `write_trig` writes the TriG itself, as the N-Triples writer does: the default graph as it
  is read, then one block per article. rdflib's TriG serializer would take time quadratic in
  the articles of a fact again: to write a subject in one graph it scans the subject's triples
  in all graphs, and a fact has some in every graph of its articles.

Each relationship of the property graph gives its direct triple
(person dip:holdsPosition ministry) and a fact resource with a deterministic IRI
from the relationship key: an org:Membership for a post held, a dip:Visit, a
dip:Meeting (dip:Talks, dip:PhoneCall ...), a dip:Signing, a dip:Participation,
or a dip:Relation; each carries rdf:subject/rdf:predicate/rdf:object of its
direct triple, prov:wasDerivedFrom its articles and dip:evidence its sentences.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from typing import Any, Iterable, NamedTuple, TextIO
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV
from rdflib.term import BNode, Node

from kg.export.rdf_vocab import DEFAULT_BASE, DIP, ORG, SCHEMA, SEM, TIME, WD
from kg.schema import CAMEO, CAMEO_MET_KIND, ENTITY_LABELS, PATTERNS, REFERENCE_TYPES

__all__ = [
    "DIP", "ORG", "SCHEMA", "SEM", "TIME", "WD", "DEFAULT_BASE", "FORMATS", "Minter", "Reading", "Triples",
    "attribute_evidence", "date_literal", "nt_term", "to_rdf", "to_dataset", "write_ntriples", "write_trig",
    "write", "jsonld_context",
]

Triple = tuple[Node, Node, Node]

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
    "MERGED_INTO": DIP.mergedInto,
}
DATA_PROPERTY = {"iso3": DIP.iso3, "gso_code": DIP.gsoCode, "kind": DIP.kind}
ENTITY_CLASS = {label: DIP[label] for label in ENTITY_LABELS}
POST_BODIES = frozenset(PATTERNS["HOLDS_POSITION"][1])  # what a post is held in
EVENT_CLASS = {
    "conference": DIP.Conference, "summit": DIP.Summit, "congress": DIP.Congress, "forum": DIP.Forum,
    "dialogue": DIP.Dialogue, "ceremony": DIP.Ceremony, "seminar": DIP.Seminar, "session": DIP.Session,
    "exhibition": DIP.Exhibition, "fair": DIP.Exhibition, "festival": DIP.Festival, "week": DIP.Festival,
}
MEETING_CLASS = {"talks": DIP.Talks, "phone_call": DIP.PhoneCall, "video_call": DIP.VideoCall,
                 "reception": DIP.Reception}
# relationship type -> (path segment of its fact IRIs, the classes of its fact resource)
FACT = {
    "HOLDS_POSITION": ("membership", (DIP.Membership, ORG.Membership)),
    "VISITED": ("visit", (DIP.Visit, SCHEMA.Event)),
    "MET": ("meeting", (DIP.Meeting, SCHEMA.Event)),
    "SIGNED": ("signing", (DIP.Signing, SCHEMA.Event)),
    "PARTICIPATED_IN": ("participation", (DIP.Participation,)),
    "POSTED_TO": ("relation", (DIP.Relation,)),
    "COOPERATES_WITH": ("relation", (DIP.Relation,)),
    "PART_OF": ("relation", (DIP.Relation,)),
}
PREFIXES = {
    "dip": DIP._NS, "org": ORG, "prov": PROV, "schema": SCHEMA, "foaf": FOAF, "sem": SEM, "time": TIME,
    "dcterms": DCTERMS, "wd": WD, "owl": OWL, "xsd": XSD, "rdfs": RDFS, "rdf": RDF,
}

_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class Minter:
    """Instance IRIs from canonical ids: 'person:lê-x' -> <base>person/l%C3%AA-x, valid for any name.

    Facts get <base>membership/KEY, visit/KEY, ...; posts <base>post/<body path>/<title>,
    roles <base>role/<title>, named graphs <base>graph/<article path>.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base) or _BAD_IRI.search(base):
            raise ValueError(f"base IRI {base!r} is not an absolute IRI (e.g. https://example.org/id/)")
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, node_id: str) -> URIRef:
        return URIRef(self.base + quote(node_id.replace(":", "/"), safe="/"))

    def fact(self, segment: str, key: str) -> URIRef:
        return URIRef(f"{self.base}{segment}/{quote(key, safe='')}")

    def role(self, title: str) -> URIRef:
        return URIRef(f"{self.base}role/{_title_slug(title)}")

    def post(self, body_id: str, title: str) -> URIRef:
        return URIRef(f"{self.base}post/{quote(body_id.replace(':', '/'), safe='/')}/{_title_slug(title)}")

    def graph(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{quote(article_id.replace(':', '/'), safe='/')}")


def _title_slug(title: str) -> str:
    """'Thứ trưởng' -> 'th%E1%BB%A9-tr%C6%B0%E1%BB%9Fng': lower case, NFC, spaces as '-', diacritics kept."""
    return quote("-".join(unicodedata.normalize("NFC", title).lower().split()), safe="")


# -- literals ------------------------------------------------------------------------------

_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date), (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
               (re.compile(r"^\d{4}$"), XSD.gYear))


def date_literal(value: str) -> Literal:
    """An ISO 8601 date at the precision it has: xsd:date, xsd:gYearMonth or xsd:gYear; else a plain literal."""
    value = str(value).strip()
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            try:
                _dt.date.fromisoformat((value + "-01-01")[:10])
            except ValueError:
                break
            return Literal(value, datatype=datatype)
    return Literal(value)


def _date(subject: Node, prop: URIRef, value: Any) -> list[Triple]:
    """A date property, or dip:dateText where the value is no ISO date of any precision."""
    if value in (None, ""):
        return []
    lit = date_literal(value)
    return [(subject, prop if lit.datatype else DIP.dateText, lit)]


def _decimal(value: Any) -> Literal | None:
    try:
        return Literal(format(Decimal(str(value)), "f"), datatype=XSD.decimal)
    except (InvalidOperation, ValueError):
        return None


def _list(value: Any) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# -- the one term serializer ------------------------------------------------------------------

_ESCAPE = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
           **{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029] if c not in (9, 10, 13)}}


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        lex = str(term).translate(_ESCAPE)
        if term.language:
            return f'"{lex}"@{term.language}'
        if term.datatype is not None:
            return f'"{lex}"^^<{term.datatype}>'
        return f'"{lex}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


# -- nodes and relationships to triples ----------------------------------------------------------


def attribute_evidence(sources: list[str], evidence: list[Any]) -> tuple[list[list[Any]], list[Any]]:
    """(the sentences of each source, in its order; the sentences no one article can be named for).

    `sources` and `evidence` are a fact's two lists as the store holds them (see the module's
    docstring): one source, all its sentences; as many sentences as sources, one each, by place;
    one sentence and several sources, that sentence for each; otherwise, none named.
    """
    if not sources:
        return [], list(evidence)
    if len(sources) == 1:
        return [list(evidence)], []
    if len(evidence) == len(sources):
        return [[e] for e in evidence], []
    if len(evidence) == 1:
        return [list(evidence) for _ in sources], []
    return [[] for _ in sources], list(evidence)


class Reading(NamedTuple):
    """A relationship's triples, split by what they rest on (TriG puts them in different graphs)."""

    direct: list[Triple]  # about its two ends: (person dip:holdsPosition ministry), (person org:holds post)
    fact: list[Triple]  # the fact resource's own description (and sentences no one article is named for)
    supports: dict[str, list[Triple]]  # article id -> (fact prov:wasDerivedFrom article), its sentences
    shared: list[Triple]  # posts and roles, described the first time they are met


class Triples:
    """Turns the store's node and relationship dicts into triples; every format is written from these."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.iri = Minter(base)
        self._shared_seen: set[URIRef] = set()  # posts and roles already described (few: titles x bodies)
        self._labels: dict[str, tuple[str, str]] = {}  # entity id -> (label, English name), for posts' labels

    def node(self, node: dict[str, Any]) -> list[Triple]:
        """The triples describing one node: an entity or an article."""
        subject = self.iri(node["id"])
        props = node.get("props") or {}
        out: list[Triple] = [(subject, DIP.canonicalId, Literal(node["id"]))]
        labels = node.get("labels") or []
        if "Article" in labels:
            return out + self._article(subject, props)
        for label in labels:
            if label in ENTITY_CLASS:
                out.append((subject, RDF.type, ENTITY_CLASS[label]))
                if label == "Event" and props.get("kind") in EVENT_CLASS:
                    out.append((subject, RDF.type, EVENT_CLASS[props["kind"]]))
        # the caption tells apart nodes written alike ("Bộ Ngoại giao (Nhật Bản)"); the bare name stays a name
        label = props.get("caption") or props.get("name")
        if label:
            out.append((subject, RDFS.label, Literal(label, lang="vi")))
            if not POST_BODIES.isdisjoint(labels):  # kept only for what a post can be in
                self._labels[node["id"]] = (str(label), str(props.get("name_en") or ""))
        if props.get("caption") and props.get("name") and props["caption"] != props["name"]:
            out.append((subject, SCHEMA.alternateName, Literal(props["name"], lang="vi")))
        if props.get("name_en"):
            out.append((subject, RDFS.label, Literal(props["name_en"], lang="en")))
        for alias in _list(props.get("aliases")):
            out.append((subject, SCHEMA.alternateName, Literal(alias, lang="vi")))
        for key, prop in DATA_PROPERTY.items():
            if props.get(key) not in (None, ""):
                out.append((subject, prop, Literal(str(props[key]))))
        if isinstance(props.get("country"), str) and _ISO3.match(props["country"]):
            out.append((subject, DIP.country, self.iri(f"country:{props['country']}")))
        if props.get("mention_count") is not None:
            out.append((subject, DIP.mentionCount, Literal(int(props["mention_count"]))))
        out += _date(subject, DIP.firstSeen, props.get("first_seen"))
        out += _date(subject, DIP.lastSeen, props.get("last_seen"))
        out += _date(subject, DIP.validFrom, props.get("valid_from"))
        out += _date(subject, DIP.validTo, props.get("valid_to"))
        if isinstance(props.get("wikidata"), str) and _QID.match(props["wikidata"]):
            out.append((subject, OWL.sameAs, WD[props["wikidata"]]))
        return out

    def _article(self, subject: URIRef, props: dict[str, Any]) -> list[Triple]:
        out: list[Triple] = [(subject, RDF.type, DIP.Article)]
        if props.get("name"):
            out.append((subject, RDFS.label, Literal(str(props["name"]))))
        if props.get("title"):
            out.append((subject, DCTERMS.title, Literal(props["title"], lang="vi")))
        if props.get("url"):
            out.append((subject, SCHEMA.url, Literal(props["url"], datatype=XSD.anyURI)))
        out += _date(subject, DCTERMS.issued, props.get("published"))
        if props.get("sha256"):
            out.append((subject, DIP.sha256, Literal(props["sha256"])))
        if props.get("source"):
            out.append((subject, DIP.sourceFile, Literal(str(props["source"]))))
        return out

    def bundle(self, article_id: str) -> list[Triple]:
        """TriG only: the named graph of an article, as a prov:Bundle derived from it."""
        g = self.iri.graph(article_id)
        return [(g, RDF.type, PROV.Bundle), (g, PROV.wasDerivedFrom, self.iri(article_id))]

    def relationship(self, rel: dict[str, Any]) -> tuple[list[str], list[Triple], list[Triple]]:
        """(article ids it was read in, its triples, triples describing shared posts and roles)."""
        r = self.reading(rel)
        supports = [t for triples in r.supports.values() for t in triples]
        if len(r.supports) > 1:  # a sentence attributed to several articles is one triple
            supports = list(dict.fromkeys(supports))
        return list(r.supports), [*r.direct, *r.fact, *supports], r.shared

    def reading(self, rel: dict[str, Any]) -> Reading:
        """The triples of one relationship, split by what they rest on (see Reading)."""
        rel_type = rel["type"]
        prop = PROPERTY.get(rel_type)
        if prop is None:
            return Reading([], [], {}, [])
        s, o = self.iri(rel["source"]), self.iri(rel["target"])
        props = rel.get("props") or {}
        if rel_type == "MENTIONS":  # what the article names: its own
            return Reading([], [], {rel["source"]: [(s, prop, o)]}, [])
        if rel_type in REFERENCE_TYPES:  # from the gazetteer, read in no article: no fact, no named graph
            return Reading([(s, prop, o)], [], {}, [])
        sources = list(dict.fromkeys(str(a) for a in _list(props.get("sources"))))
        segment, classes = FACT[rel_type]
        f = self.iri.fact(segment, str(props.get("key") or _fallback_key(rel)))
        direct: list[Triple] = [(s, prop, o)]
        out: list[Triple] = [(f, RDF.type, c) for c in classes]
        out += [(f, RDF.subject, s), (f, RDF.predicate, prop), (f, RDF.object, o),
                (f, DIP.factKey, Literal(str(props.get("key") or _fallback_key(rel))))]
        named, unnamed = attribute_evidence(sources, _list(props.get("evidence")))
        supports = {a: [(f, PROV.wasDerivedFrom, self.iri(a)), *_evidence(f, sentences)]
                    for a, sentences in zip(sources, named)}
        out += _evidence(f, unnamed)
        if props.get("confidence") is not None and (c := _decimal(props["confidence"])) is not None:
            out.append((f, DIP.confidence, c))
        out += _date(f, DIP.firstSeen, props.get("first_seen"))
        out += _date(f, DIP.lastSeen, props.get("last_seen"))
        cameo = props.get("cameo") or (CAMEO_MET_KIND.get(str(props.get("kind"))) if rel_type == "MET"
                                      else CAMEO.get(rel_type))
        if cameo:
            out.append((f, DIP.cameoCode, Literal(str(cameo))))
        shared: list[Triple] = []
        if rel_type == "HOLDS_POSITION":
            out += [(f, ORG.member, s), (f, ORG.organization, o)]
            if title := str(props.get("title") or "").strip():
                role, post = self.iri.role(title), self.iri.post(rel["target"], title)
                out += [(f, ORG.role, role), (f, DIP.post, post), (f, DIP.title, Literal(title, lang="vi"))]
                direct.append((s, ORG.holds, post))
                title_en = str(props.get("title_en") or "")
                if role not in self._shared_seen:
                    self._shared_seen.add(role)
                    shared += [(role, RDF.type, ORG.Role), (role, RDFS.label, Literal(title, lang="vi"))]
                    shared += [(role, RDFS.label, Literal(title_en, lang="en"))] if title_en else []
                if post not in self._shared_seen:
                    self._shared_seen.add(post)
                    # a post is the role in one body: "Bộ trưởng, Bộ Ngoại giao (Nhật Bản)"
                    body, body_en = self._labels.get(rel["target"], ("", ""))
                    shared += [(post, RDF.type, ORG.Post), (post, ORG.postIn, o), (post, ORG.role, role),
                               (post, RDFS.label, Literal(f"{title}, {body}" if body else title, lang="vi"))]
                    if title_en and body_en:
                        shared.append((post, RDFS.label, Literal(f"{title_en}, {body_en}", lang="en")))
            out += self._during(f, props)
        elif rel_type == "VISITED":
            out += [(f, DIP.agent, s), (f, DIP.participant, s), (f, DIP.place, o)]
            if props.get("status"):
                out.append((f, DIP.status, Literal(str(props["status"]))))
        elif rel_type == "MET":
            if props.get("kind") in MEETING_CLASS:
                out.append((f, RDF.type, MEETING_CLASS[props["kind"]]))
            if props.get("kind"):
                out.append((f, DIP.kind, Literal(str(props["kind"]))))
            out += [(f, DIP.participant, s), (f, DIP.participant, o)]
        elif rel_type == "SIGNED":
            out += [(f, DIP.signatory, s), (f, DIP.participant, s), (f, DIP.agreement, o)]
        elif rel_type == "PARTICIPATED_IN":
            out += [(f, DIP.agent, s), (f, DIP.participant, s), (f, DIP.event, o)]
            if props.get("role"):
                out.append((f, DIP.participantRole, Literal(str(props["role"]))))
        if rel_type in ("VISITED", "MET", "SIGNED"):
            out += _date(f, DIP.date, props.get("date"))
        return Reading(direct, out, supports, shared)

    def _during(self, f: URIRef, props: dict[str, Any]) -> list[Triple]:
        """org:memberDuring: the interval from the first to the last article that attests the post."""
        ends = [(TIME.hasBeginning, "begin", props.get("first_seen")), (TIME.hasEnd, "end", props.get("last_seen"))]
        ends = [(p, name, date_literal(v)) for p, name, v in ends if v]
        ends = [(p, name, lit) for p, name, lit in ends if lit.datatype]
        if not ends:
            return []
        interval = URIRef(f"{f}/during")
        out: list[Triple] = [(f, ORG.memberDuring, interval), (interval, RDF.type, TIME.Interval)]
        for prop, name, lit in ends:
            instant = URIRef(f"{interval}/{name}")
            in_xsd = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear}
            out += [(interval, prop, instant), (instant, RDF.type, TIME.Instant), (instant, in_xsd[lit.datatype], lit)]
        return out


def _evidence(f: URIRef, sentences: list[Any]) -> list[Triple]:
    """dip:evidence of each sentence, once."""
    lits = dict.fromkeys(Literal(e.strip(), lang="vi") for e in sentences if isinstance(e, str) and e.strip())
    return [(f, DIP.evidence, lit) for lit in lits]


def _fallback_key(rel: dict[str, Any]) -> str:
    props = {k: v for k, v in (rel.get("props") or {}).items() if k not in ("sources", "evidence")}
    raw = json.dumps([rel["type"], rel["source"], rel["target"], props], sort_keys=True, default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


# -- writers ----------------------------------------------------------------------------------


def _bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)


def to_rdf(nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]],
           base: str = DEFAULT_BASE) -> Graph:
    """An rdflib Graph of the export. nodes: {"id", "labels", "props"}; relationships: {"source", "type", "target", "props"}."""
    t = Triples(base)
    g = Graph(bind_namespaces="core")
    _bind(g)
    add = g.add
    for node in nodes:
        for triple in t.node(node):
            add(triple)
    for rel in relationships:
        _, triples, shared = t.relationship(rel)
        for triple in triples:
            add(triple)
        for triple in shared:
            add(triple)
    return g


def to_dataset(nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]],
               base: str = DEFAULT_BASE) -> Dataset:
    """A Dataset: entities, articles (with their named graph as a prov:Bundle), posts, roles, direct
    triples and each fact's own description in the default graph; in each article's named graph,
    what that article supports (see the module's docstring). `write_trig` writes the same dataset."""
    t = Triples(base)
    ds = Dataset()
    _bind(ds)
    default = ds.default_graph
    graphs: dict[str, Graph] = {}

    def named(article_id: str) -> Graph:
        if article_id not in graphs:
            graphs[article_id] = ds.graph(t.iri.graph(article_id))
        return graphs[article_id]

    for node in nodes:
        for triple in t.node(node):
            default.add(triple)
        if "Article" in (node.get("labels") or []):
            named(node["id"])
            for triple in t.bundle(node["id"]):
                default.add(triple)
    for rel in relationships:
        r = t.reading(rel)
        for triples in (r.direct, r.fact, r.shared):
            for triple in triples:
                default.add(triple)
        for article_id, triples in r.supports.items():
            graph = named(article_id)
            for triple in triples:
                graph.add(triple)
    return ds


class _TurtleTerms:
    """Terms in Turtle/TriG syntax: vocabulary as prefixed names (dip:Visit, xsd:date; rdf:type as
    `a`), the rest as `nt_term` writes it. Only IRIs outside the instance base are looked up, and
    remembered: they are the vocabulary and the Wikidata items, few."""

    _LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

    def __init__(self, base: str) -> None:
        self.base = base
        self.names: dict[URIRef, str] = {}
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))

    def iri(self, term: URIRef) -> str:
        if term.startswith(self.base):
            return f"<{term}>"
        name = self.names.get(term)
        if name is None:
            name = f"<{term}>"
            for ns, prefix in self.namespaces:
                if term.startswith(ns) and self._LOCAL.match(term[len(ns):]):
                    name = f"{prefix}:{term[len(ns):]}"
                    break
            self.names[term] = name
        return name

    def __call__(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            return f'"{str(term).translate(_ESCAPE)}"^^{self.iri(term.datatype)}'
        return nt_term(term)

    def statements(self, triples: Iterable[Triple], indent: str = "") -> str:
        """The triples as Turtle statements, those of one subject in a row joined by `;`."""
        out: list[str] = []
        subject = None
        for s, p, o in triples:
            verb = "a" if p == RDF.type else self.iri(p)
            if s == subject:
                out.append(f" ;\n{indent}    {verb} {self(o)}")
            else:
                if subject is not None:
                    out.append(" .\n")
                out.append(f"{indent}{self(s)} {verb} {self(o)}")
                subject = s
        if subject is not None:
            out.append(" .\n")
        return "".join(out)


def write_trig(nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]], out: TextIO,
               base: str = DEFAULT_BASE, batch: int = 2000) -> int:
    """Write the dataset of `to_dataset` as TriG to `out`; returns the quads written (each once).

    The default graph is written as the nodes and relationships are read; what each article
    supports is kept, as UTF-8 text, until the input ends, then written as one block per article.
    Time and size are linear in the triples; memory is that of the named graphs' text (the
    Turtle export holds all the triples in an rdflib Graph).
    """
    t = Triples(base)
    terms = _TurtleTerms(t.iri.base)
    out.write("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items()) + "\n")
    graphs: dict[str, bytearray] = {}
    direct_seen: set[Triple] = set()  # a direct triple recurs in the relationships of one pair
    count = 0
    parts: list[str] = []

    def default(triples: list[Triple]) -> None:
        nonlocal count
        if triples:
            parts.append(terms.statements(triples))
            count += len(triples)

    for node in nodes:
        default(t.node(node))
        if "Article" in (node.get("labels") or []):
            graphs.setdefault(node["id"], bytearray())
            default(t.bundle(node["id"]))
        if len(parts) >= batch:
            out.write("".join(parts))
            parts.clear()
    for rel in relationships:
        r = t.reading(rel)
        direct = [d for d in r.direct if d not in direct_seen]
        direct_seen.update(direct)
        default(direct + r.fact + r.shared)
        for article_id, triples in r.supports.items():
            graphs.setdefault(article_id, bytearray()).extend(terms.statements(triples, "    ").encode("utf-8"))
            count += len(triples)
        if len(parts) >= batch:
            out.write("".join(parts))
            parts.clear()
    out.write("".join(parts))
    for article_id, text in graphs.items():
        if text:
            out.write(f"\n{terms(t.iri.graph(article_id))} {{\n{text.decode('utf-8')}}}\n")
    return count


def write_ntriples(nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]], out: TextIO,
                   base: str = DEFAULT_BASE, batch: int = 2000) -> int:
    """Stream N-Triples to `out` as the nodes and relationships are read; returns the lines written.

    Nothing is kept but the posts and roles already described, so memory stays flat.
    """
    t = Triples(base)
    nt = nt_term
    count = 0
    lines: list[str] = []

    def flush() -> None:
        out.write("".join(lines))
        lines.clear()

    for node in nodes:
        for s, p, o in t.node(node):
            lines.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
        if len(lines) >= batch:
            count += len(lines)
            flush()
    for rel in relationships:
        _, triples, shared = t.relationship(rel)
        for s, p, o in triples:
            lines.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
        for s, p, o in shared:
            lines.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
        if len(lines) >= batch:
            count += len(lines)
            flush()
    count += len(lines)
    flush()
    return count


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context of ontology/context.jsonld (its "@context" object)."""
    return json.loads((files("ontology") / "context.jsonld").read_text("utf-8"))["@context"]


FORMATS = ("ttl", "nt", "jsonld", "trig")


def write(fmt: str, nodes: Iterable[dict[str, Any]], relationships: Iterable[dict[str, Any]], destination: str,
          base: str = DEFAULT_BASE) -> int:
    """Write the export in one of FORMATS to a file; returns the number of triples (N-Triples: lines,
    which may repeat a triple; TriG: quads)."""
    if fmt in ("nt", "trig"):
        with open(destination, "w", encoding="utf-8", newline="\n") as out:
            writer = write_ntriples if fmt == "nt" else write_trig
            return writer(nodes, relationships, out, base=base)
    g = to_rdf(nodes, relationships, base=base)
    if fmt == "ttl":
        g.serialize(destination=destination, format="turtle")
    elif fmt == "jsonld":
        g.serialize(destination=destination, format="json-ld", context=jsonld_context(), auto_compact=True)
    else:
        raise ValueError(f"unknown RDF format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return len(g)


def shapes_graph() -> Graph:
    return Graph().parse(data=(files("ontology") / "shapes.ttl").read_text("utf-8"), format="turtle")


def ontology_graph() -> Graph:
    return Graph().parse(data=(files("ontology") / "diplomacy.ttl").read_text("utf-8"), format="turtle")


def validate(data: Graph) -> tuple[bool, Graph, str]:
    """pySHACL against ontology/shapes.ttl: (conforms, results graph, results text)."""
    from pyshacl import validate as shacl

    return shacl(data, shacl_graph=shapes_graph(), inference="none", advanced=True)

