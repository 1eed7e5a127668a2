"""Driver values -> plain Python (dicts, lists, str, numbers) for printing and tests."""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> Any:
    """Nodes become {"_labels": [...], **props}; relationships {"_type": T, **props}."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    labels = getattr(value, "labels", None)
    if labels is not None:  # neo4j.graph.Node, falkordb.Node
        return {"_labels": sorted(labels), **plain(dict(_props(value)))}
    rel_type = getattr(value, "type", None) or getattr(value, "relation", None)
    if rel_type is not None:  # neo4j.graph.Relationship, falkordb.Edge
        return {"_type": rel_type, **plain(dict(_props(value)))}
    nodes = getattr(value, "nodes", None)
    if callable(nodes):  # falkordb.Path
        return {"_nodes": [plain(n) for n in nodes()], "_edges": [plain(e) for e in value.edges()]}
    if nodes is not None:  # neo4j.graph.Path
        return {"_nodes": [plain(n) for n in nodes], "_edges": [plain(r) for r in value.relationships]}
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return value.iso_format()
    return str(value)


def _props(value: Any) -> dict:
    props = getattr(value, "properties", None)
    return props if isinstance(props, dict) else dict(value.items())
