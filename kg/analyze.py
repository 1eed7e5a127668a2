"""Network analysis of the stored graph with networkx.

Works on the entities and their relations (Articles and MENTIONS are left out,
except for the co-appearance of persons, which is read from MENTIONS):

* officials: degree and betweenness centrality of every Person over the undirected
  graph of relations, and their co-appearance with other persons (mentioned in the
  same article: weight = number of shared articles);
* communities of co-operating entities: Louvain (fixed seed) over COOPERATES_WITH,
  plus a link between entities that SIGNED the same agreement or PARTICIPATED_IN
  the same event;
* places: the most connected countries and provinces (degree over relations).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from kg.graph import MENTIONS

SEED = 42
PLACE_LABELS = ("Country", "Province")
COOPERATION = "COOPERATES_WITH"
SHARED_TARGET = ("SIGNED", "PARTICIPATED_IN")  # parties of one agreement / one event co-operate


def relation_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Entity nodes and relation edges only."""
    keep = [n for n, d in g.nodes(data=True) if d.get("label") != "Article"]
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep)
    sub.add_edges_from((s, t, k, d) for s, t, k, d in g.edges(keys=True, data=True)
                       if d.get("type") != MENTIONS and s in sub and t in sub)
    return sub


def _name(g: nx.MultiDiGraph, n: str) -> str:
    """The caption where there is one ("Bộ Ngoại giao (Việt Nam)"): bodies of several countries share names."""
    node = g.nodes[n]
    return str(node.get("caption") or node.get("name") or n)


def co_appearance(g: nx.MultiDiGraph) -> nx.Graph:
    """Persons linked when an article mentions both; weight = the number of such articles."""
    co = nx.Graph()
    persons = {n for n, d in g.nodes(data=True) if d.get("label") == "Person"}
    co.add_nodes_from(persons)
    for art, data in g.nodes(data=True):
        if data.get("label") != "Article":
            continue
        mentioned = sorted({t for _, t, d in g.out_edges(art, data=True)
                            if d.get("type") == MENTIONS and t in persons})
        for a, b in combinations(mentioned, 2):
            w = co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1
            co.add_edge(a, b, weight=w)
    return co


def officials(g: nx.MultiDiGraph, rel: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    rel = rel if rel is not None else relation_graph(g)
    und = nx.Graph(rel.to_undirected())  # several relations between two entities: one link
    und.remove_edges_from(nx.selfloop_edges(und))
    degree_c = nx.degree_centrality(und)
    between = nx.betweenness_centrality(und, normalized=True)
    co = co_appearance(g)
    rows = []
    for n, d in rel.nodes(data=True):
        if d.get("label") != "Person":
            continue
        partners = sorted(co[n].items(), key=lambda kv: (-kv[1]["weight"], _name(g, kv[0])))
        rows.append({
            "id": n,
            "name": _name(g, n),
            "degree": und.degree(n),
            "degree_centrality": round(degree_c.get(n, 0.0), 6),
            "betweenness": round(between.get(n, 0.0), 6),
            "co_appearance": int(sum(e["weight"] for _, e in partners)),
            "co_appears_with": [_name(g, p) for p, _ in partners],
        })
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], -r["co_appearance"], r["name"], r["id"]))
    return rows


def cooperation_graph(rel: nx.MultiDiGraph) -> nx.Graph:
    """Entities that co-operate: COOPERATES_WITH, or parties of the same agreement or event."""
    co = nx.Graph()

    def link(a: str, b: str) -> None:
        if a == b:
            return
        w = co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1
        co.add_edge(a, b, weight=w)

    parties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, t, d in rel.edges(data=True):
        if d.get("type") == COOPERATION:
            link(s, t)
        elif d.get("type") in SHARED_TARGET:
            parties[(d["type"], t)].add(s)
    for (_, _target), members in sorted(parties.items()):
        for a, b in combinations(sorted(members), 2):
            link(a, b)
    return co


def communities(g: nx.MultiDiGraph, rel: nx.MultiDiGraph | None = None, seed: int = SEED) -> list[dict[str, Any]]:
    rel = rel if rel is not None else relation_graph(g)
    co = cooperation_graph(rel)
    if co.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(co, weight="weight", seed=seed)
    groups = []
    for members in found:
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda n: (-co.degree(n, weight="weight"), _name(g, n), n))
        groups.append({
            "size": len(ordered),
            "members": [{"id": n, "name": _name(g, n), "label": g.nodes[n].get("label")} for n in ordered],
        })
    groups.sort(key=lambda c: (-c["size"], c["members"][0]["name"]))
    for i, c in enumerate(groups, 1):
        c["community"] = i
    return [{"community": c["community"], "size": c["size"], "members": c["members"]} for c in groups]


def places(g: nx.MultiDiGraph, rel: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    rel = rel if rel is not None else relation_graph(g)
    und = rel.to_undirected()
    rows = []
    for n, d in rel.nodes(data=True):
        if d.get("label") not in PLACE_LABELS:
            continue
        types = Counter(e["type"] for _, _, e in rel.in_edges(n, data=True))
        types.update(e["type"] for _, _, e in rel.out_edges(n, data=True))
        rows.append({
            "id": n,
            "name": _name(g, n),
            "label": d.get("label"),
            "degree": rel.degree(n),  # relations, counted once each
            "neighbours": len(set(und[n]) - {n}),
            "relations": dict(sorted(types.items())),
        })
    rows.sort(key=lambda r: (-r["degree"], -r["neighbours"], r["name"], r["id"]))
    return rows


def analyze(g: nx.MultiDiGraph, limit: int | None = None, seed: int = SEED) -> dict[str, list]:
    """{"officials": [...], "communities": [...], "places": [...]}; `limit` cuts the two rankings."""
    rel = relation_graph(g)
    result = {
        "officials": officials(g, rel),
        "communities": communities(g, rel, seed=seed),
        "places": places(g, rel),
    }
    if limit:
        result["officials"] = result["officials"][:limit]
        result["places"] = result["places"][:limit]
    return result
