"""`kg export graphml|json`: the files read back into networkx with the store's counts and ids.
(The HTML view is tested in test_html_view.py.)"""

from __future__ import annotations

import json

import networkx as nx
import pytest

from runkg import kg


@pytest.fixture(scope="module")
def stored(built) -> dict:
    """Counts from `kg stats` and every node id and relationship in the store."""
    stats = json.loads(kg("stats", "--format", "json", "--data-dir", str(built)).stdout)
    ids = json.loads(kg("query", "MATCH (n) RETURN n.id AS id, labels(n) AS labels, n.name AS name, "
                           "n.caption AS caption",
                        "--format", "json", "--data-dir", str(built)).stdout)
    rels = json.loads(kg("query", "MATCH (s)-[r]->(t) RETURN s.id AS s, type(r) AS type, t.id AS t",
                         "--format", "json", "--data-dir", str(built)).stdout)
    return {"stats": stats, "nodes": ids, "rels": rels}


def node_count(stats: dict) -> int:
    return stats["labels"].get("Article", 0) + stats["labels"].get("Entity", 0)


def edge_count(stats: dict) -> int:
    return sum(stats["relationships"].values())


def same_as_store(g: nx.MultiDiGraph, stored: dict) -> None:
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == node_count(stored["stats"]) > 0
    assert g.number_of_edges() == edge_count(stored["stats"]) > 0
    assert set(g.nodes) == {n["id"] for n in stored["nodes"]}
    assert sorted((s, d["type"], t) for s, t, d in g.edges(data=True)) == sorted(
        (r["s"], r["type"], r["t"]) for r in stored["rels"])
    for n in stored["nodes"]:
        label = next(l for l in n["labels"] if l != "Entity")
        assert g.nodes[n["id"]]["label"] == label
    by_type = {}
    for _, _, d in g.edges(data=True):
        by_type[d["type"]] = by_type.get(d["type"], 0) + 1
    assert by_type == stored["stats"]["relationships"]


def test_graphml_round_trips_with_the_store_counts_and_ids(built, stored, tmp_path):
    out = tmp_path / "graph.graphml"
    kg("export", "graphml", "-o", str(out), "--data-dir", str(built))
    g = nx.read_graphml(out, force_multigraph=True)
    same_as_store(g, stored)
    # GraphML has no lists: list properties come back as JSON text
    holds = [d for _, _, d in g.edges(data=True) if d["type"] == "HOLDS_POSITION"]
    assert all(isinstance(json.loads(d["sources"]), list) and json.loads(d["sources"]) for d in holds)
    person = next(d for _, d in g.nodes(data=True) if d["label"] == "Person")
    assert isinstance(json.loads(person["aliases"]), list)


def test_json_round_trips_with_the_store_counts_and_ids(built, stored, tmp_path):
    out = tmp_path / "graph.json"
    kg("export", "json", "-o", str(out), "--data-dir", str(built))
    g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    same_as_store(g, stored)
    holds = [d for _, _, d in g.edges(data=True) if d["type"] == "HOLDS_POSITION"]
    assert all(isinstance(d["sources"], list) and d["sources"] for d in holds)
    assert g.nodes["country:VNM"]["name"] == "Việt Nam"
