"""RDF export: the ontology, the shapes, the four formats, the streamed N-Triples, and the
SPARQL queries on a small hand-made graph written into a real store."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tracemalloc
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import PROV

from kg.export import rdf_synthetic as syn
from kg.export.rdf import (DIP, ORG, SCHEMA, Minter, date_literal, jsonld_context, nt_term, ontology_graph,
                           shapes_graph, to_dataset, to_rdf, validate, write, write_ntriples)
from kg.graph import KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from test_store import A, C, graph_of

SPARQL = Path(__file__).resolve().parent.parent / "queries" / "sparql"
SH = "http://www.w3.org/ns/shacl#"
EVIL = 'câu "trích dẫn" \\ với\nxuống dòng\r\ttab \x07 và \u2028 kết thúc'


# -- a hand-made graph with every relationship type ----------------------------------------------


def handmade() -> KnowledgeGraph:
    art = Node(id="article:h1", label="Article",
               props={"title": "Thủ tướng thăm Nhật Bản", "published": "2023-09-25", "sha256": "a" * 64,
                      "url": "https://baoquocte.vn/a.html", "name": "h1"})
    art2 = Node(id="article:h2", label="Article", props={"title": "Hội đàm", "published": "2024-01"})
    nodes = [
        Node(id="person:pham-minh-chinh", label="Person", props={"name": "Phạm Minh Chính"}),
        Node(id="person:kishida-fumio", label="Person", props={"name": "Kishida Fumio"}),
        Node(id="person:ai", label="Person", props={"name": 'Tên <lạ> "x" \\ y'}),
        Node(id="country:VNM", label="Country",
             props={"name": "Việt Nam", "iso3": "VNM", "name_en": "Vietnam", "wikidata": "Q881"}),
        Node(id="country:JPN", label="Country",
             props={"name": "Nhật Bản", "iso3": "JPN", "name_en": "Japan", "wikidata": "Q17"}),
        Node(id="city:JPN:tokyo", label="City", props={"name": "Tokyo", "country": "JPN", "wikidata": "Q1490"}),
        Node(id="province:quang-ninh", label="Province",
             props={"name": "Quảng Ninh", "country": "VNM", "gso_code": "22", "wikidata": "Q33396"}),
        Node(id="ministry:VNM:bo-ngoai-giao", label="Ministry", props={"name": "Bộ Ngoại giao", "country": "VNM"}),
        Node(id="org:cuc-le-tan", label="Organization", props={"name": "Cục Lễ tân Nhà nước", "kind": "agency"}),
        Node(id="agreement:tuyen-bo-chung", label="Agreement", props={"name": "Tuyên bố chung Việt Nam - Nhật Bản"}),
        Node(id="event:apec-2023", label="Event", props={"name": "Tuần lễ cấp cao APEC 2023", "kind": "summit"}),
    ]
    src = {"sources": ["article:h1"], "evidence": [EVIL], "first_seen": "2023-09-25", "last_seen": "2023-09-25",
           "confidence": 0.8}

    def edge(s, t, type_, key, **props):
        return Edge(source=s, target=t, type=type_, key=key, props={**src, **props})

    edges = [
        edge("person:pham-minh-chinh", "country:VNM", "HOLDS_POSITION", "k-hold", title="Thủ tướng"),
        edge("person:pham-minh-chinh", "country:JPN", "VISITED", "k-visit", date="2023-11", status="done",
             cameo="042"),
        edge("person:pham-minh-chinh", "city:JPN:tokyo", "VISITED", "k-visit-tokyo", date="2023", status="planned",
             cameo="042"),
        edge("person:pham-minh-chinh", "person:kishida-fumio", "MET", "k-met", kind="talks", date="2023-11-27",
             cameo="046"),
        edge("country:VNM", "agreement:tuyen-bo-chung", "SIGNED", "k-sign-vn", date="2023-11-27", cameo="057"),
        edge("country:JPN", "agreement:tuyen-bo-chung", "SIGNED", "k-sign-jp", date="2023-11-27", cameo="057"),
        edge("person:pham-minh-chinh", "event:apec-2023", "PARTICIPATED_IN", "k-apec", role="participant"),
        edge("person:ai", "country:JPN", "POSTED_TO", "k-post"),
        edge("org:cuc-le-tan", "ministry:VNM:bo-ngoai-giao", "PART_OF", "k-part"),
        edge("province:quang-ninh", "country:JPN", "COOPERATES_WITH", "k-coop"),
        edge("person:ai", "ministry:VNM:bo-ngoai-giao", "HOLDS_POSITION", "k-hold-2", title="Vụ trưởng"),
    ]
    g = KnowledgeGraph()
    g.add(GraphDelta(article=art, nodes=nodes, mentions={n.id: 1 for n in nodes}, edges=edges))
    g.add(GraphDelta(article=art2, nodes=nodes[:2], mentions={nodes[0].id: 1, nodes[1].id: 1}, edges=[
        Edge(source="person:pham-minh-chinh", target="person:kishida-fumio", type="MET", key="k-met",
             props={**src, "sources": ["article:h2"], "evidence": ["Hai Thủ tướng hội đàm."],
                    "first_seen": "2024-01", "last_seen": "2024-01", "kind": "talks", "date": "2023-11-27"}),
    ]))
    return g


@pytest.fixture
def exported(store):
    store.write_graph(handmade())
    return list(store.iter_nodes()), list(store.iter_relationships())


def query(graph_nt: str, name: str) -> list[dict]:
    st = ox.Store()
    st.load(graph_nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    res = st.query((SPARQL / f"{name}.rq").read_text("utf-8"))
    names = [v.value for v in res.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in res]


def nt_of(nodes, rels, **kw) -> str:
    out = io.StringIO()
    write_ntriples(iter(nodes), iter(rels), out, **kw)
    return out.getvalue()


# -- ontology -----------------------------------------------------------------------------------


def test_ontology_parses_and_declares_every_label():
    onto = ontology_graph()
    classes = set(onto.subjects(RDF.type, OWL.Class))
    for label in ("Person", "Country", "Province", "City", "Ministry", "Organization", "Agreement", "Event", "Article"):
        assert DIP[label] in classes
    ontology = URIRef("https://w3id.org/vndkg/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in onto
    assert onto.value(ontology, OWL.versionIRI) is not None


def test_the_namespace_and_the_ontology_declare_the_same_terms():
    onto = ontology_graph()
    ns = str(DIP._NS)
    declared = {str(s)[len(ns):] for s in onto.subjects(RDF.type, None) if str(s).startswith(ns)}
    assert declared == set(DIP.__annotations__)
    with pytest.raises(AttributeError):
        DIP.holdPosition  # a typo raises


def test_every_term_has_vietnamese_and_english_labels_and_comments():
    onto = ontology_graph()
    for term in DIP.__annotations__:
        langs = {lit.language for lit in onto.objects(DIP[term], RDFS.label)}
        assert {"vi", "en"} <= langs, term
        if term != "cameo":
            assert {"vi", "en"} <= {lit.language for lit in onto.objects(DIP[term], RDFS.comment)}, term
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        assert onto.value(prop, RDFS.range) or onto.value(prop, RDFS.subPropertyOf), prop


def test_event_classes_carry_their_cameo_codes_and_are_aligned():
    onto = ontology_graph()
    cameo = {cls: str(onto.value(cls, DIP.cameo)) for cls in (DIP.Visit, DIP.Meeting, DIP.Talks, DIP.PhoneCall,
                                                                 DIP.Signing)}
    assert cameo == {DIP.Visit: "042", DIP.Meeting: "040", DIP.Talks: "046", DIP.PhoneCall: "041",
                     DIP.Signing: "057"}
    sem_event = URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")
    assert {SCHEMA.Event, sem_event} <= set(onto.objects(DIP.DiplomaticEvent, RDFS.subClassOf))
    assert ORG.Membership in set(onto.objects(DIP.Membership, RDFS.subClassOf))
    assert (DIP.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")) in onto


def test_shapes_target_every_class_the_exporter_writes(exported):
    nodes, rels = exported
    shapes = shapes_graph()
    targets = set(shapes.objects(None, URIRef(SH + "targetClass")))
    ds = to_dataset(nodes, rels)
    written = {o for _, p, o, _ in ds.quads((None, RDF.type, None, None))}
    assert written <= targets, written - targets


def test_context_is_json_ld_with_every_prefix():
    ctx = json.loads((files("ontology") / "context.jsonld").read_text("utf-8"))["@context"]
    assert ctx["dip"] == str(DIP._NS) and ctx["org"] == str(ORG) and ctx["holdsPosition"]["@type"] == "@id"


# -- IRIs and literals ----------------------------------------------------------------------------


def test_iris_are_valid_for_any_name():
    iri = Minter("https://example.org/id")("person:Lê Hoài Trung <\"x\">")
    assert iri == URIRef("https://example.org/id/person/L%C3%AA%20Ho%C3%A0i%20Trung%20%3C%22x%22%3E")
    assert len(Graph().parse(data=f"<{iri}> <{DIP.canonicalId}> \"x\" .", format="nt")) == 1
    role = Minter().role("Thứ  trưởng")
    assert role == URIRef("https://w3id.org/vndkg/id/role/th%E1%BB%A9-tr%C6%B0%E1%BB%9Fng")
    with pytest.raises(ValueError):
        Minter("not an iri")


def test_dates_keep_their_precision():
    assert str(date_literal("2015-11").datatype).endswith("gYearMonth")
    assert str(date_literal("2016-08-13").datatype).endswith("#date")
    assert str(date_literal("2018").datatype).endswith("gYear")
    assert date_literal("2016-13").datatype is None and date_literal("13/8").datatype is None


def test_nt_term_escapes_what_n_triples_needs():
    lit = Literal(EVIL, lang="vi")
    line = f"<urn:x:s> <urn:x:p> {nt_term(lit)} .\n"
    assert "\n" not in line[:-1] and "\r" not in line
    assert next(iter(Graph().parse(data=line, format="nt")))[2] == lit


# -- formats --------------------------------------------------------------------------------------


def test_export_from_store_parses_back_and_types_every_entity(store):
    store.write_graph(graph_of(A, C))
    nodes = list(store.iter_nodes())
    turtle = to_rdf(nodes, store.iter_relationships()).serialize(format="turtle")
    g = Graph().parse(data=turtle, format="turtle")
    mint = Minter()
    for node in nodes:
        types = set(g.objects(mint(node["id"]), RDF.type))
        assert types, node["id"]
        assert types <= {DIP[label] for label in node["labels"]}
    assert (mint("person:x"), DIP.holdsPosition, mint("country:VNM")) in g


def test_turtle_n_triples_and_json_ld_are_the_same_graph(exported):
    nodes, rels = exported
    ttl = Graph().parse(data=to_rdf(nodes, rels).serialize(format="turtle"), format="turtle")
    nt = Graph().parse(data=nt_of(nodes, rels), format="nt")
    jsonld = Graph().parse(data=to_rdf(nodes, rels).serialize(format="json-ld", context=jsonld_context()),
                           format="json-ld")
    assert len(ttl) > 200
    assert to_isomorphic(ttl) == to_isomorphic(nt) == to_isomorphic(jsonld)


def test_write_every_format_to_a_file(exported, tmp_path):
    nodes, rels = exported
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        path = tmp_path / f"g.{fmt}"
        count = write(fmt, iter(nodes), iter(rels), str(path))
        assert len(Graph().parse(path, format=parser)) == count
    count = write("trig", iter(nodes), iter(rels), str(tmp_path / "g.trig"))
    assert len(list(Dataset().parse(tmp_path / "g.trig", format="trig").quads((None, None, None, None)))) == count
    with pytest.raises(ValueError):
        write("rdfxml", iter(nodes), iter(rels), str(tmp_path / "g.rdf"))


def test_trig_has_a_named_graph_per_article_with_what_it_supports(exported, tmp_path):
    nodes, rels = exported
    write("trig", iter(nodes), iter(rels), str(tmp_path / "g.trig"))
    ds = Dataset().parse(tmp_path / "g.trig", format="trig")
    mint = Minter()
    h1, h2 = mint("article:h1"), mint("article:h2")
    g1, g2 = ds.graph(mint.graph("article:h1")), ds.graph(mint.graph("article:h2"))
    default = ds.default_graph
    met = mint.fact("meeting", "k-met")  # read in both articles, each with its own sentence
    visit = mint.fact("visit", "k-visit")
    sentences = next(r["props"]["evidence"] for r in rels if r["type"] == "MET")  # as the store keeps them
    assert sentences[1] == "Hai Thủ tướng hội đàm."
    assert set(g1.triples((met, None, None))) == {(met, PROV.wasDerivedFrom, h1),
                                                  (met, DIP.evidence, Literal(sentences[0].strip(), lang="vi"))}
    assert set(g2.triples((met, None, None))) == {(met, PROV.wasDerivedFrom, h2),
                                                  (met, DIP.evidence, Literal(sentences[1], lang="vi"))}
    assert (met, RDF.type, DIP.Talks) in default and (met, PROV.wasDerivedFrom, None) not in default
    assert (met, DIP.evidence, None) not in default
    assert (visit, PROV.wasDerivedFrom, h1) in g1 and (visit, None, None) not in g2
    assert (visit, RDF.type, DIP.Visit) in default and (visit, RDF.type, DIP.Visit) not in g1
    assert (mint("person:pham-minh-chinh"), DIP.met, mint("person:kishida-fumio")) in default
    assert (h1, DIP.mentions, mint("country:JPN")) in g1
    assert (mint.graph("article:h1"), RDF.type, PROV.Bundle) in default
    assert (mint.graph("article:h1"), PROV.wasDerivedFrom, h1) in default
    assert (h1, RDF.type, DIP.Article) in default
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if not str(s).startswith(mint.base + "graph/"):  # the prov:Bundle of each named graph
            union.add((s, p, o))
    assert to_isomorphic(union) == to_isomorphic(to_rdf(nodes, rels))


def test_n_ary_resources_are_built_from_the_relationships(exported):
    nodes, rels = exported
    g = to_rdf(nodes, rels)
    m = Minter()
    hold = m.fact("membership", "k-hold")
    assert {(hold, ORG.member, m("person:pham-minh-chinh")), (hold, ORG.organization, m("country:VNM")),
            (hold, ORG.role, m.role("Thủ tướng")), (hold, RDF.type, ORG.Membership)} <= set(g)
    assert g.value(g.value(g.value(hold, ORG.memberDuring), URIRef("http://www.w3.org/2006/time#hasBeginning")),
                   URIRef("http://www.w3.org/2006/time#inXSDDate")) == date_literal("2023-09-25")
    visit = m.fact("visit", "k-visit")
    assert g.value(visit, DIP.place) == m("country:JPN") and g.value(visit, DIP.date) == date_literal("2023-11")
    assert g.value(visit, PROV.wasDerivedFrom) == m("article:h1") and g.value(visit, DIP.cameoCode) == Literal("042")
    # the store drops control characters on the way in (kg.store.values.storable): the bell goes
    assert g.value(visit, DIP.evidence) == Literal(EVIL.strip().replace("\x07", ""), lang="vi")
    met = m.fact("meeting", "k-met")
    assert set(g.objects(met, PROV.wasDerivedFrom)) == {m("article:h1"), m("article:h2")}
    assert set(g.objects(met, DIP.participant)) == {m("person:pham-minh-chinh"), m("person:kishida-fumio")}
    sign = m.fact("signing", "k-sign-jp")
    assert g.value(sign, DIP.signatory) == m("country:JPN") and g.value(sign, DIP.agreement) == m(
        "agreement:tuyen-bo-chung")
    assert (m("event:apec-2023"), RDF.type, DIP.Summit) in g
    assert (m("country:VNM"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q881")) in g
    assert (m("province:quang-ninh"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q33396")) in g
    assert (m("person:pham-minh-chinh"), DIP.visited, m("country:JPN")) in g  # the direct triples stay
    assert (m("country:VNM"), RDFS.label, Literal("Vietnam", lang="en")) in g


def test_base_iri_is_used_for_every_instance(exported):
    nodes, rels = exported
    g = Graph().parse(data=nt_of(nodes, rels, base="https://example.org/kg/"), format="nt")
    ours = {str(t) for triple in g for t in triple if isinstance(t, URIRef) and "vndkg/id" in str(t)}
    assert not ours
    assert (URIRef("https://example.org/kg/country/VNM"), RDF.type, DIP.Country) in g


# -- SHACL ----------------------------------------------------------------------------------------


def test_hand_made_graph_conforms_and_broken_resources_are_caught(exported):
    nodes, rels = exported
    g = to_rdf(nodes, rels)
    conforms, _, text = validate(g)
    assert conforms, text
    m = Minter()
    hold, visit, sign = m.fact("membership", "k-hold"), m.fact("visit", "k-visit"), m.fact("signing", "k-sign-vn")
    broken = [
        lambda b: b.remove((hold, ORG.member, None)),                                     # membership without member
        lambda b: b.set((visit, DIP.date, Literal("27/11/2023"))),                        # date as a plain string
        lambda b: b.remove((sign, PROV.wasDerivedFrom, None)),                            # fact with no article
        lambda b: b.remove((m("person:kishida-fumio"), RDFS.label, None)),                # person with no name
        lambda b: b.set((m("country:JPN"), DIP.iso3, Literal("Japan"))),                  # bad ISO code
        lambda b: b.set((visit, DIP.place, m("agreement:tuyen-bo-chung"))),               # a visit to a document
    ]
    for i, breaking in enumerate(broken):
        b = Graph()
        for t in g:
            b.add(t)
        breaking(b)
        conforms, results, _ = validate(b)
        assert not conforms, f"broken resource {i} not caught"
        focus = set(results.objects(None, URIRef(SH + "focusNode")))
        assert focus & {hold, visit, sign, m("person:kishida-fumio"), m("country:JPN")}, i


# -- streaming ------------------------------------------------------------------------------------


def test_n_triples_are_written_while_the_input_is_read():
    written: list[int] = []

    class Out(io.StringIO):
        def write(self, s):
            written.append(len(s))
            return super().write(s)

    consumed = 0

    def nodes():
        nonlocal consumed
        for n in syn.nodes(3000):
            consumed += 1
            yield n

    write_ntriples(nodes(), iter(()), Out(), batch=500)
    assert len(written) > 5 and consumed > 3000


def _peak(people: int) -> int:
    tracemalloc.start()
    write_ntriples(syn.nodes(people), syn.relationships(people), _Null())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


class _Null(io.TextIOBase):
    def write(self, s):
        return len(s)


def test_n_triples_memory_is_flat_as_the_graph_grows():
    small, large = _peak(100), _peak(1000)  # 7k and 70k triples
    assert large < small * 1.5 + 200_000, (small, large)


def test_a_million_triples_stream_under_500_mb(tmp_path):
    """The acceptance figure, measured as bench/rdf.py does: peak RSS of a child process."""
    bench = Path(__file__).resolve().parent.parent / "bench" / "rdf.py"
    out = tmp_path / "million.nt"
    proc = subprocess.run([sys.executable, str(bench), "--child", "stream", "--people", "14400", "--out", str(out)],
                          capture_output=True, text=True, check=True, timeout=300)
    result = json.loads(proc.stdout)
    assert result["triples"] >= 1_000_000
    assert result["peak_rss_mb"] < 500, result
    with out.open(encoding="utf-8") as f:
        assert sum(1 for _ in f) == result["triples"]


def test_synthetic_export_conforms():
    conforms, _, text = validate(to_rdf(syn.nodes(120), syn.relationships(120)))
    assert conforms, text


# -- SPARQL on the hand-made graph ----------------------------------------------------------------------


def test_visits_by_country_and_year(exported):
    rows = query(nt_of(*exported), "visits_by_country_year")
    assert {(r["countryName"], r["year"], r["visits"]) for r in rows} == {("Nhật Bản", "2023", "2")}
    assert rows[0]["visitors"] == "Phạm Minh Chính"


def test_meetings(exported):
    rows = query(nt_of(*exported), "meetings")
    assert [(r["personName"], r["otherName"], r["kind"], r["date"], r["cameo"]) for r in rows] == [
        ("Phạm Minh Chính", "Kishida Fumio", "talks", "2023-11-27", "046")]


def test_agreements_and_parties(exported):
    rows = query(nt_of(*exported), "agreements_and_parties")
    assert {(r["agreementName"], r["partyName"], r["date"]) for r in rows} == {
        ("Tuyên bố chung Việt Nam - Nhật Bản", "Việt Nam", "2023-11-27"),
        ("Tuyên bố chung Việt Nam - Nhật Bản", "Nhật Bản", "2023-11-27")}


def test_events_with_participants(exported):
    rows = query(nt_of(*exported), "events_with_participants")
    kinds = {(r["eventType"].rsplit("#")[1], r["participantName"]) for r in rows}
    assert {("Event", "Phạm Minh Chính"), ("Visit", "Phạm Minh Chính"), ("Meeting", "Kishida Fumio"),
            ("Signing", "Nhật Bản")} <= kinds
    apec = next(r for r in rows if r["eventType"].endswith("#Event"))
    assert apec["eventName"] == "Tuần lễ cấp cao APEC 2023" and apec["role"] == "participant"


def test_officials_of_ministry_and_provenance(exported):
    nt = nt_of(*exported)
    rows = query(nt, "officials_of_ministry")
    assert [(r["personName"], r["title"], r["from"], r["until"]) for r in rows] == [
        ('Tên <lạ> "x" \\ y', "Vụ trưởng", "2023-09-25", "2023-09-25")]
    prov = [r for r in query(nt, "fact_provenance") if r["predicate"].endswith("#met")]
    assert {(r["article"].rsplit("/", 1)[1], r["published"]) for r in prov} == {("h1", "2023-09-25"), ("h2", "2024-01")}
    assert "Hai Thủ tướng hội đàm." in {r["sentence"] for r in prov}


def test_wikidata_links(exported):
    rows = query(nt_of(*exported), "wikidata_links")
    assert {(r["name"], r["wikidata"].rsplit("/", 1)[1]) for r in rows} == {
        ("Việt Nam", "Q881"), ("Nhật Bản", "Q17"), ("Tokyo", "Q1490"), ("Quảng Ninh", "Q33396")}


def test_every_query_file_has_a_question_header():
    for path in SPARQL.glob("*.rq"):
        assert re.match(r"# Question: .+\?", path.read_text("utf-8")), path.name
