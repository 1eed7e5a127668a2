"""RDF export: parses back, types every entity, mints valid IRIs."""

from __future__ import annotations

from importlib.resources import files

from rdflib import OWL, RDF, Graph, URIRef

from kg.export.rdf import DIP, Minter, date_literal, to_rdf
from test_store import A, C, graph_of


def test_ontology_parses_and_declares_every_label():
    onto = Graph().parse(data=(files("ontology") / "diplomacy.ttl").read_text("utf-8"), format="turtle")
    classes = set(onto.subjects(RDF.type, OWL.Class))
    for label in ("Person", "Country", "Province", "City", "Ministry", "Organization", "Agreement", "Event", "Article"):
        assert DIP[label] in classes


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


def test_iris_are_valid_for_any_name():
    iri = Minter("https://example.org/id")("person:Lê Hoài Trung <\"x\">")
    assert iri == URIRef("https://example.org/id/person/L%C3%AA%20Ho%C3%A0i%20Trung%20%3C%22x%22%3E")
    assert len(Graph().parse(data=f"<{iri}> <{DIP.canonicalId}> \"x\" .", format="nt")) == 1


def test_dates_keep_their_precision():
    assert str(date_literal("2015-11").datatype).endswith("gYearMonth")
    assert str(date_literal("2016-08-13").datatype).endswith("#date")
    assert str(date_literal("2018").datatype).endswith("gYear")
