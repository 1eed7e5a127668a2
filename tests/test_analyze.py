"""`kg analyze`: centrality of officials, communities of co-operating entities, connected places."""

from __future__ import annotations

import json

import pytest

from kg.analyze import analyze, co_appearance, cooperation_graph, relation_graph
from kg.export.graph_files import read_store
from kg.graph import KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from runkg import kg


NAMES = {
    "person:a": ("Person", "An"), "person:b": ("Person", "Bình"), "person:c": ("Person", "Cường"),
    "person:d": ("Person", "Dũng"),
    "ministry:mofa": ("Ministry", "Bộ Ngoại giao"),
    "country:VNM": ("Country", "Việt Nam"), "country:JPN": ("Country", "Nhật Bản"),
    "country:KOR": ("Country", "Hàn Quốc"), "country:USA": ("Country", "Hoa Kỳ"),
    "province:VNM:ha-noi": ("Province", "Hà Nội"),
    "organization:asean": ("Organization", "ASEAN"),
    "agreement:x": ("Agreement", "Hiệp định X"), "event:summit": ("Event", "Hội nghị thượng đỉnh"),
}

RELATIONS = [  # (source, type, target, fact key)
    ("person:a", "HOLDS_POSITION", "ministry:mofa", "bo-truong"),
    ("person:b", "HOLDS_POSITION", "ministry:mofa", "thu-truong"),
    ("person:a", "MET", "person:c", "m1"),
    ("person:a", "VISITED", "country:JPN", "v1"),
    ("person:a", "VISITED", "country:JPN", "v2"),  # a second visit: one more relation, same neighbour
    ("person:a", "VISITED", "province:VNM:ha-noi", "v3"),
    ("person:d", "POSTED_TO", "country:KOR", "p1"),
    # community 1: Việt Nam, Nhật Bản, Hà Nội
    ("country:VNM", "COOPERATES_WITH", "country:JPN", "c1"),
    ("province:VNM:ha-noi", "COOPERATES_WITH", "country:VNM", "c2"),
    ("province:VNM:ha-noi", "COOPERATES_WITH", "country:JPN", "c3"),
    ("country:VNM", "SIGNED", "agreement:x", "s1"),
    ("country:JPN", "SIGNED", "agreement:x", "s2"),
    # community 2: Hàn Quốc, Hoa Kỳ, ASEAN (parties of one event)
    ("country:KOR", "PARTICIPATED_IN", "event:summit", "e1"),
    ("country:USA", "PARTICIPATED_IN", "event:summit", "e2"),
    ("organization:asean", "PARTICIPATED_IN", "event:summit", "e3"),
    ("country:KOR", "COOPERATES_WITH", "country:USA", "c4"),
    # a weak bridge between the two
    ("country:JPN", "COOPERATES_WITH", "country:KOR", "c5"),
]

ARTICLES = {  # article -> entities it mentions
    "article:1": ["person:a", "person:b", "person:c", "country:VNM"],
    "article:2": ["person:a", "person:b", "country:JPN"],
    "article:3": ["person:d", "country:KOR", "country:VNM"],
}


def node(node_id: str) -> Node:
    label, name = NAMES[node_id]
    return Node(id=node_id, label=label, props={"name": name, "aliases": [name]})


def deltas() -> list[GraphDelta]:
    out = []
    for i, (art, mentioned) in enumerate(ARTICLES.items()):
        edges = [Edge(source=s, target=t, type=rel, key=f"{s}|{rel}|{t}|{k}",
                      props={"sources": [art], "evidence": [f"{s} {rel} {t}"], "first_seen": "2024-01-01",
                             "last_seen": "2024-01-01", "confidence": 0.9})
                 for s, rel, t, k in (RELATIONS if i == 0 else [])]
        ids = set(mentioned) | ({x for s, _, t, _ in RELATIONS for x in (s, t)} if i == 0 else set())
        out.append(GraphDelta(
            article=Node(id=art, label="Article", props={"title": art, "published": "2024-01-01"}),
            nodes=[node(n) for n in sorted(ids)],
            mentions={n: 1 for n in mentioned},
            edges=edges,
        ))
    return out


@pytest.fixture
def graph(store):
    kg = KnowledgeGraph()
    for d in deltas():
        kg.add(d)
    store.write_graph(kg)
    return read_store(store)


def test_reads_the_store_and_leaves_articles_out(graph):
    assert graph.number_of_nodes() == len(NAMES) + len(ARTICLES)
    rel = relation_graph(graph)
    assert set(rel.nodes) == set(NAMES)
    assert rel.number_of_edges() == len(RELATIONS)


def test_officials_ranked_by_betweenness_with_co_appearance(graph):
    officials = analyze(graph)["officials"]
    assert [o["name"] for o in officials] == ["An", "Bình", "Cường", "Dũng"]
    a, b, c, d = officials
    assert a["degree"] == 4  # Bộ Ngoại giao, Cường, Nhật Bản (two visits, one neighbour), Hà Nội
    assert a["betweenness"] > 0 and b["betweenness"] == c["betweenness"] == 0
    assert (b["degree"], c["degree"], d["degree"]) == (1, 1, 1)
    n = len(NAMES) - 1
    assert a["degree_centrality"] == pytest.approx(4 / n, abs=1e-6)
    # articles 1 and 2 mention An and Bình; article 1 also Cường; article 3 only Dũng
    assert (a["co_appearance"], b["co_appearance"], c["co_appearance"], d["co_appearance"]) == (3, 3, 2, 0)
    assert a["co_appears_with"] == ["Bình", "Cường"]
    co = co_appearance(graph)
    assert co.edges["person:a", "person:b"]["weight"] == 2


def test_communities_of_co_operating_entities(graph):
    rel = relation_graph(graph)
    co = cooperation_graph(rel)
    assert co.edges["country:VNM", "country:JPN"]["weight"] == 2  # COOPERATES_WITH + SIGNED the same agreement
    assert co.edges["country:USA", "organization:asean"]["weight"] == 1  # PARTICIPATED_IN the same event
    assert "person:a" not in co and "agreement:x" not in co
    communities = analyze(graph)["communities"]
    members = [{m["id"] for m in c["members"]} for c in communities]
    assert sorted(members, key=sorted) == [
        {"country:JPN", "country:VNM", "province:VNM:ha-noi"},
        {"country:KOR", "country:USA", "organization:asean"},
    ]
    assert [c["community"] for c in communities] == [1, 2]
    assert analyze(graph)["communities"] == communities  # fixed seed: the same answer every run


def test_places_by_degree(graph):
    places = analyze(graph)["places"]
    assert [(p["name"], p["degree"]) for p in places] == [
        ("Nhật Bản", 6), ("Hàn Quốc", 4), ("Hà Nội", 3), ("Việt Nam", 3), ("Hoa Kỳ", 2)]
    japan = places[0]
    assert japan["neighbours"] == 5  # An twice
    assert japan["relations"] == {"COOPERATES_WITH": 3, "SIGNED": 1, "VISITED": 2}
    assert analyze(graph, limit=2)["places"] == places[:2]


def test_cli_on_the_sample_build(tmp_path, samples):
    data = tmp_path / "data"
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    out = tmp_path / "analysis.json"
    proc = kg("analyze", "--format", "json", "-o", str(out), "--limit", "0", "--data-dir", str(data))
    result = json.loads(proc.stdout)
    assert json.loads(out.read_text(encoding="utf-8")) == result
    assert set(result) == {"officials", "communities", "places"}
    persons = json.loads(kg("query", "MATCH (p:Person) RETURN p.id AS id", "--format", "json",
                            "--data-dir", str(data)).stdout)
    assert {o["id"] for o in result["officials"]} == {p["id"] for p in persons}
    assert result["places"][0]["name"] == "Việt Nam"
    assert all(p["label"] in ("Country", "Province") for p in result["places"])
    vietnam = next(c for c in result["communities"] if "country:VNM" in {m["id"] for m in c["members"]})
    assert "country:CHN" in {m["id"] for m in vietnam["members"]}  # they signed the same agreements
    table = kg("analyze", "--data-dir", str(data)).stdout
    assert "Officials" in table and "Communities" in table and "Việt Nam" in table


def test_bodies_named_alike_are_told_apart_by_their_captions():
    import networkx as nx

    from kg.analyze import places

    g = nx.MultiDiGraph()
    for n, caption in (("province:ha-nam", "Hà Nam"), ("province:CHN:ha-nam", "Hà Nam (Trung Quốc)")):
        g.add_node(n, label="Province", name="Hà Nam", caption=caption)
    g.add_node("country:VNM", label="Country", name="Việt Nam")
    for n in ("province:ha-nam", "province:CHN:ha-nam"):
        g.add_edge(n, "country:VNM", type="COOPERATES_WITH")
    assert sorted(r["name"] for r in places(g) if r["label"] == "Province") == ["Hà Nam", "Hà Nam (Trung Quốc)"]
