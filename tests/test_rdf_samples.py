"""The RDF export of the sample build (examples/news, through the `kg` CLI): valid against the
shapes, consistent under OWL RL with the ontology, the same graph in every format, and every
query of queries/sparql/ answering what the two sample articles say."""

from __future__ import annotations

import json
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic

from kg.export.rdf import DIP, ORG, Minter, ontology_graph, validate
from test_cli import kg

SPARQL = Path(__file__).resolve().parent.parent / "queries" / "sparql"
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@pytest.fixture(scope="module")
def dump(tmp_path_factory, samples) -> dict[str, Path]:
    data = tmp_path_factory.mktemp("kg-rdf")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    files = {}
    for fmt in ("ttl", "nt", "jsonld", "trig"):
        files[fmt] = data / f"graph.{fmt}"
        kg("export", "rdf", "--format", fmt, "-o", str(files[fmt]), "--data-dir", str(data))
    return files


@pytest.fixture(scope="module")
def graph(dump) -> Graph:
    return Graph().parse(dump["ttl"], format="turtle")


@pytest.fixture(scope="module")
def oxi(dump) -> ox.Store:
    st = ox.Store()
    st.load(path=str(dump["nt"]), format=ox.RdfFormat.N_TRIPLES)
    return st


def run(st: ox.Store, name: str) -> list[dict]:
    res = st.query((SPARQL / f"{name}.rq").read_text("utf-8"))
    names = [v.value for v in res.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in res]


def test_sample_dump_conforms_to_the_shapes(graph):
    conforms, results, text = validate(graph)
    assert conforms, text
    assert not list(results.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult")))


def test_cli_validate_passes_and_reports(dump, tmp_path):
    data = dump["ttl"].parent
    proc = kg("export", "rdf", "--format", "nt", "-o", str(tmp_path / "g.nt"), "--validate", "--data-dir", str(data))
    assert "conforms" in proc.stderr
    bad = kg("export", "rdf", "--format", "ttl", "-o", str(tmp_path / "g.ttl"), "--base-iri", "not an iri",
             "--data-dir", str(data), check=False)
    assert bad.returncode == 2 and "base IRI" in bad.stderr


def test_a_broken_resource_in_the_sample_dump_is_caught(graph):
    broken = Graph()
    for t in graph:
        broken.add(t)
    membership = next(graph.subjects(RDF.type, ORG.Membership))
    broken.remove((membership, ORG.organization, None))
    conforms, results, _ = validate(broken)
    assert not conforms
    assert membership in set(results.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))


def test_turtle_n_triples_json_ld_and_trig_are_the_same_graph(dump, graph):
    nt = Graph().parse(dump["nt"], format="nt")
    jsonld = Graph().parse(dump["jsonld"], format="json-ld")
    trig = Graph()
    for s, p, o, _ in Dataset().parse(dump["trig"], format="trig").quads((None, None, None, None)):
        if not str(s).startswith(Minter().base + "graph/"):  # the prov:Bundle of each named graph
            trig.add((s, p, o))
    assert len(graph) > 500
    assert to_isomorphic(graph) == to_isomorphic(nt) == to_isomorphic(jsonld) == to_isomorphic(trig)


def test_owl_rl_closure_of_ontology_and_dump_is_consistent(graph):
    g = ontology_graph()
    for t in graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = [str(m) for m in g.objects(None, ERR.error)]
    assert not errors, errors
    m = Minter()
    # the closure did its work: alignments hold for the instances
    assert (m("person:lê-hoài-trung"), RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in g
    assert (m("ministry:VNM:bo-ngoai-giao"), RDF.type, ORG.Organization) in g


def test_owl_rl_catches_an_inconsistent_dump(graph):
    g = ontology_graph()
    for t in graph:
        g.add(t)
    g.add((Minter()("person:lê-hoài-trung"), RDF.type, DIP.Country))  # a person cannot be a place
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.objects(None, ERR.error))


# -- the queries, on what the sample articles say -------------------------------------------------------

EXPECTED_QUERIES = {"officials_of_ministry", "visits_by_country_year", "agreements_and_parties",
                    "events_with_participants", "fact_provenance", "wikidata_links", "meetings"}


def test_every_query_is_tested():
    assert {p.stem for p in SPARQL.glob("*.rq")} == EXPECTED_QUERIES
    assert len(EXPECTED_QUERIES) >= 6


def test_officials_of_ministry(oxi):
    rows = run(oxi, "officials_of_ministry")
    trung = [r for r in rows if r["personName"] == "Lê Hoài Trung"]
    assert [(r["ministryName"], r["title"], r["from"], r["until"]) for r in trung] == [
        ("Bộ Ngoại giao (Việt Nam)", "Thứ trưởng", "2016-08-13", "2016-08-13")]
    assert {("Bùi Thanh Sơn", "Bộ trưởng"), ("Nguyễn Minh Vũ", "Thứ trưởng")} <= {
        (r["personName"], r["title"]) for r in rows}
    assert {r["ministryName"] for r in rows} == {"Bộ Ngoại giao (Việt Nam)"}  # its caption


def test_fact_provenance(oxi):
    rows = run(oxi, "fact_provenance")
    behind = [r for r in rows if r["subjectName"] == "Lê Hoài Trung" and r["predicate"] == str(DIP.holdsPosition)]
    assert len(behind) == 1
    assert "Thứ trưởng Ngoại giao Lê Hoài Trung" in behind[0]["sentence"]
    assert behind[0]["articleTitle"] == "Công tác ngoại vụ được triển khai đồng bộ, rộng khắp"
    assert behind[0]["published"] == "2016-08-13"
    assert all(r["article"] and r["sentence"] for r in rows)


def test_wikidata_links(oxi):
    rows = {(r["name"], r["wikidata"].rsplit("/", 1)[1]) for r in run(oxi, "wikidata_links")}
    assert {("Việt Nam", "Q881"), ("Trung Quốc", "Q148"), ("Cuba", "Q241"), ("Quảng Ninh", "Q33396"),
            ("Vân Nam (Trung Quốc)", "Q43194")} <= rows


def test_agreements_and_parties(oxi):
    rows = run(oxi, "agreements_and_parties")
    assert {r["partyName"] for r in rows} == {"Việt Nam", "Trung Quốc"}
    assert {r["date"] for r in rows} == {"2015-11"}
    assert all(r["agreementName"].startswith("Hiệp định") for r in rows)


def test_visits_by_country_year(oxi):
    rows = run(oxi, "visits_by_country_year")
    # d002 has no publication date and gives none for the visit: the year stays unbound
    assert [(r["countryName"], r["year"], r["visits"], r["visitors"]) for r in rows] == [
        ("Cuba", None, "1", "Nguyễn Xuân Phúc")]


def test_events_with_participants(oxi):
    rows = run(oxi, "events_with_participants")
    named = {(r["eventName"], r["participantName"], r["role"]) for r in rows if r["eventType"] == str(DIP.Event)}
    assert ("Hội nghị Ngoại vụ toàn quốc lần thứ 18", "Bộ Ngoại giao (Việt Nam)", "organizer") in named
    assert (str(DIP.Visit), "Nguyễn Xuân Phúc") in {(r["eventType"], r["participantName"]) for r in rows}


def test_meetings_are_none_in_the_samples(oxi):
    assert run(oxi, "meetings") == []  # covered on a hand-made graph in test_rdf.py


def test_dates_are_typed_by_precision(graph):
    dates = {str(o.datatype).rsplit("#", 1)[1] for o in graph.objects(None, DIP.date) if isinstance(o, Literal)}
    assert dates == {"gYearMonth"}
    issued = list(graph.objects(Minter()("article:3339c5436586f34a"), URIRef("http://purl.org/dc/terms/issued")))
    assert [str(d.datatype).rsplit("#", 1)[1] for d in issued] == ["date"]


def test_json_ld_uses_the_context(dump):
    doc = json.loads(dump["jsonld"].read_text("utf-8"))
    assert doc["@context"]["dip"] == "https://w3id.org/vndkg/ontology#"
    text = dump["jsonld"].read_text("utf-8")
    assert '"holdsPosition"' in text and "Lê Hoài Trung" in text
