"""The in-memory graph: GraphDeltas merged into one networkx MultiDiGraph.

Nodes are keyed by canonical id and carry `label` and their properties;
edges are keyed by their fact key, so the same fact read in two articles is
one edge whose `sources` and `evidence` grow.
"""

from __future__ import annotations

from typing import Iterator

import networkx as nx

from kg.model import GraphDelta

MENTIONS = "MENTIONS"


def _union(a: list | None, b: list | None) -> list:
    return list(dict.fromkeys([*(a or []), *(b or [])]))


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)


class KnowledgeGraph:
    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    def add(self, delta: GraphDelta) -> None:
        art = delta.article
        self.g.add_node(art.id, label=art.label, **art.props)
        for node in delta.nodes:
            self._merge_node(node.id, node.label, node.props)
        for entity_id, count in delta.mentions.items():
            self.g.add_edge(art.id, entity_id, key=MENTIONS, type=MENTIONS, count=count)
        for edge in delta.edges:
            self._merge_edge(edge.source, edge.target, edge.type, edge.key, edge.props)

    def _merge_node(self, node_id: str, label: str, props: dict) -> None:
        if node_id not in self.g:
            self.g.add_node(node_id, label=label, **props)
            return
        data = self.g.nodes[node_id]
        # the first name stays the name; another (an event written two ways) joins the aliases
        names = {*data.get("aliases", []), *props.get("aliases", []), props.get("name")}
        data["aliases"] = sorted(n for n in names if n and n != data.get("name"))
        for k, v in props.items():
            data.setdefault(k, v)

    def _merge_edge(self, s: str, t: str, rel_type: str, key: str, props: dict) -> None:
        if not self.g.has_edge(s, t, key):
            self.g.add_edge(s, t, key=key, type=rel_type, **props)
            return
        data = self.g.edges[s, t, key]
        data["sources"] = _union(data.get("sources"), props.get("sources"))
        data["evidence"] = _union(data.get("evidence"), props.get("evidence"))
        data["first_seen"] = _min(data.get("first_seen"), props.get("first_seen"))
        data["last_seen"] = _max(data.get("last_seen"), props.get("last_seen"))
        data["confidence"] = max(data.get("confidence", 0), props.get("confidence", 0))

    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict]]:
        for node_id, data in self.g.nodes(data=True):
            if label is None or data["label"] == label:
                yield node_id, data

    def edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """(source, target, key, data) of every relationship, MENTIONS included."""
        yield from self.g.edges(keys=True, data=True)

