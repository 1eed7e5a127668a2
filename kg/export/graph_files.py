"""The stored graph as a networkx MultiDiGraph, and its GraphML and node-link JSON files.

Nodes are keyed by their `id`; their attributes are the stored properties plus
`label` (the node's type: Person, Country, ..., Article). Relationships are keyed
by their fact key (`key`, or the type for MENTIONS); their attributes are the
stored properties plus `type`. The store is read page by page (GraphStore.iter_*).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

NodeRows = Iterable[dict[str, Any]]
RelRows = Iterable[dict[str, Any]]


def primary_label(labels: Iterable[str]) -> str:
    """Person for [Entity, Person]; Article for [Article]."""
    labels = list(labels)
    return next((l for l in labels if l != "Entity"), labels[0] if labels else "")


def read_graph(nodes: NodeRows, relationships: RelRows) -> nx.MultiDiGraph:
    """Build the MultiDiGraph from GraphStore.iter_nodes() and iter_relationships() rows."""
    g = nx.MultiDiGraph()
    for row in nodes:
        props = {k: v for k, v in (row.get("props") or {}).items() if k != "id" and v is not None}
        g.add_node(row["id"], **props, label=primary_label(row.get("labels") or []))
    for row in relationships:
        props = {k: v for k, v in (row.get("props") or {}).items() if v is not None}
        key = props.pop("key", None) or row["type"]
        if row["source"] not in g or row["target"] not in g:
            continue  # a node without id cannot be addressed; nothing the exports can say about it
        g.add_edge(row["source"], row["target"], key=key, **props, type=row["type"])
    return g


def read_store(db) -> nx.MultiDiGraph:
    return read_graph(db.iter_nodes(), db.iter_relationships())


def _graphml_value(value: Any) -> Any:
    """GraphML has no lists or maps: they become JSON text (["a", "b"] -> '["a", "b"]')."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def for_graphml(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        out.add_node(n, **{k: _graphml_value(v) for k, v in data.items()})
    for s, t, key, data in g.edges(keys=True, data=True):
        out.add_edge(s, t, key=key, **{k: _graphml_value(v) for k, v in data.items()})
    return out


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    # infer_numeric_types: a property that is an int on one node and a float on another
    # is declared once, as double, rather than as two keys of the same name.
    nx.write_graphml(for_graphml(g), str(path), encoding="utf-8", infer_numeric_types=True,
                     named_key_ids=True, edge_id_from_attribute=None)


def write_json(g: nx.MultiDiGraph, path: str | Path) -> None:
    """networkx node-link JSON (read back with nx.node_link_graph(data, edges="edges"))."""
    data = nx.node_link_data(g, edges="edges")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


WRITERS: dict[str, Callable[[nx.MultiDiGraph, str | Path], None]] = {
    "graphml": write_graphml,
    "json": write_json,
}
