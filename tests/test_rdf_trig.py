"""TriG: each article's named graph holds only what that article supports, so a fact read in K
articles costs its description once and a constant per article, not K triples in each of K graphs.

Input: kg/export/rdf_synthetic.py's graph read again and again (`articles` above one reading),
where every fact of 10 people is read in each of the K articles, each time with its own sentence.
"""

from __future__ import annotations

import io
from collections import Counter

import pyoxigraph as ox
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import PROV

from kg.export import rdf_synthetic as syn
from kg.export.rdf import (DIP, Minter, Triples, attribute_evidence, to_dataset, to_rdf, validate, write,
                           write_trig)

PEOPLE = 10  # one article's people: each of K articles reads all their facts
MINT = Minter()


def trig(people: int, articles: int) -> tuple[str, int]:
    out = io.StringIO()
    count = write_trig(syn.nodes(people, articles), syn.relationships(people, articles), out)
    return out.getvalue(), count


def parsed(text: str) -> Dataset:
    return Dataset().parse(data=text, format="trig")


def per_graph(ds: Dataset) -> Counter:
    """Quads per named graph (the default graph left out)."""
    default = ds.default_graph.identifier
    return Counter(str(g) for _, _, _, g in ds.quads((None, None, None, None)) if g != default)


def union(ds: Dataset) -> Graph:
    """All the graphs' triples but the two of each named graph's prov:Bundle."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if not str(s).startswith(MINT.base + "graph/"):
            g.add((s, p, o))
    return g


def test_quads_grow_linearly_with_the_articles_a_fact_is_read_in():
    counts = {k: trig(PEOPLE, k)[1] for k in (50, 100, 150)}
    # each article adds the same quads: its node, its bundle, and per fact one derivation and one sentence
    assert counts[150] - counts[100] == counts[100] - counts[50] > 0
    per_article = (counts[100] - counts[50]) // 50
    assert per_article < 100, per_article  # 10 people, 3 facts each: a few quads per fact, not K
    for k in (50, 100):
        ds = parsed(trig(PEOPLE, k)[0])
        sizes = set(per_graph(ds).values())
        facts = PEOPLE * 3  # a post, a visit, a meeting (the last person meets no one, one signing)
        assert sizes == {2 * facts + PEOPLE}, sizes  # a derivation and a sentence per fact, a mention per person


def test_each_named_graph_holds_its_own_sentence_and_not_the_others():
    k = 50
    ds = parsed(trig(PEOPLE, k)[0])
    visit = MINT.fact("visit", "v3")
    sentence = "Chuyến thăm chính thức của Người3."
    all_sentences = {Literal(syn.reread(sentence, a, PEOPLE), lang="vi") for a in range(k)}
    assert len(all_sentences) == k
    for a in range(k):
        g = ds.graph(MINT.graph(f"article:a{a}"))
        assert set(g.objects(visit, DIP.evidence)) == {Literal(syn.reread(sentence, a, PEOPLE), lang="vi")}
        assert set(g.objects(visit, PROV.wasDerivedFrom)) == {MINT(f"article:a{a}")}
        assert (visit, RDF.type, DIP.Visit) not in g  # the fact's description is in the default graph, once
    default = ds.default_graph
    assert (visit, RDF.type, DIP.Visit) in default
    assert not set(default.objects(visit, DIP.evidence)) and not set(default.objects(visit, PROV.wasDerivedFrom))
    assert {o for _, _, o, _ in ds.quads((visit, DIP.evidence, None, None))} == all_sentences


def test_the_union_of_the_graphs_is_the_turtle_graph_and_conforms():
    text, count = trig(PEOPLE, 30)
    ds = parsed(text)
    assert len(list(ds.quads((None, None, None, None)))) == count
    data = union(ds)
    assert to_isomorphic(data) == to_isomorphic(to_rdf(syn.nodes(PEOPLE, 30), syn.relationships(PEOPLE, 30)))
    conforms, _, report = validate(data)
    assert conforms, report


def test_write_trig_and_to_dataset_are_the_same_dataset():
    text, _ = trig(PEOPLE, 20)
    ours, theirs = parsed(text), to_dataset(syn.nodes(PEOPLE, 20), syn.relationships(PEOPLE, 20))

    def graphs(ds: Dataset) -> dict[str, object]:
        return {str(g.identifier): to_isomorphic(Graph() + g) for g in ds.graphs() if len(g)}

    assert graphs(ours) == graphs(theirs)


def test_a_second_engine_reads_the_same_quads():
    text, count = trig(PEOPLE, 20)
    st = ox.Store()
    st.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG)
    assert len(st) == count
    graphs = {q.graph_name.value for q in st if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs == {str(MINT.graph(f"article:a{a}")) for a in range(20)}
    rows = list(st.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dip: <https://w3id.org/vndkg/ontology#> "
        "SELECT ?g ?s WHERE { GRAPH ?g { ?f prov:wasDerivedFrom ?a ; dip:evidence ?s } ?f a dip:Visit ; "
        "dip:factKey 'v3' }"))
    assert len(rows) == 20 and len({r["s"].value for r in rows}) == 20


# -- which article a sentence comes from ------------------------------------------------------------------


def test_evidence_is_attributed_only_where_the_store_tells_the_article():
    assert attribute_evidence(["a"], ["s1", "s2"]) == ([["s1", "s2"]], [])  # one article, read twice
    assert attribute_evidence(["a", "b"], ["s1", "s2"]) == ([["s1"], ["s2"]], [])  # one sentence each
    assert attribute_evidence(["a", "b"], ["s"]) == ([["s"], ["s"]], [])  # the same sentence in both
    assert attribute_evidence(["a", "b"], ["s1", "s2", "s3"]) == ([[], []], ["s1", "s2", "s3"])  # no telling
    assert attribute_evidence([], ["s"]) == ([], ["s"])


def test_sentences_no_article_can_be_named_for_stay_with_the_fact():
    rel = {"source": "person:a", "type": "VISITED", "target": "country:JPN",
           "props": {"key": "k", "sources": ["article:a1", "article:a2"], "evidence": ["một.", "hai.", "ba."]}}
    nodes = [{"id": "person:a", "labels": ["Entity", "Person"], "props": {"name": "A"}},
             {"id": "country:JPN", "labels": ["Entity", "Country"], "props": {"name": "Nhật Bản", "iso3": "JPN"}},
             *({"id": f"article:a{i}", "labels": ["Article"], "props": {"title": f"t{i}"}} for i in (1, 2))]
    reading = Triples().reading(rel)
    f = MINT.fact("visit", "k")
    assert reading.supports == {"article:a1": [(f, PROV.wasDerivedFrom, MINT("article:a1"))],
                                "article:a2": [(f, PROV.wasDerivedFrom, MINT("article:a2"))]}
    sentences = {Literal(s, lang="vi") for s in ("một.", "hai.", "ba.")}
    assert {o for _, p, o in reading.fact if p == DIP.evidence} == sentences
    out = io.StringIO()
    write_trig(nodes, [rel], out)
    ds = parsed(out.getvalue())
    assert len(list(ds.default_graph.objects(f, DIP.evidence))) == 3
    assert to_isomorphic(union(ds)) == to_isomorphic(to_rdf(nodes, [rel]))


def test_a_reference_fact_and_a_repeated_direct_triple_stay_in_the_default_graph_once(tmp_path):
    rels = [{"source": "province:old", "type": "MERGED_INTO", "target": "province:new", "props": {"key": "m"}},
            *({"source": "person:a", "type": "VISITED", "target": "country:JPN",
               "props": {"key": key, "date": date, "sources": ["article:a1"], "evidence": [f"Thăm {date}."]}}
              for key, date in (("k1", "2023"), ("k2", "2024")))]
    count = write("trig", iter(()), iter(rels), str(tmp_path / "g.trig"))
    ds = Dataset().parse(tmp_path / "g.trig", format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == count
    default = ds.default_graph
    assert (MINT("province:old"), DIP.mergedInto, MINT("province:new")) in default
    assert (MINT("person:a"), DIP.visited, MINT("country:JPN")) in default
    g1 = ds.graph(MINT.graph("article:a1"))
    assert set(g1.subjects(PROV.wasDerivedFrom, MINT("article:a1"))) == {MINT.fact("visit", "k1"),
                                                                         MINT.fact("visit", "k2")}
    assert isinstance(next(iter(g1.subjects())), URIRef)
