"""A standalone, offline, interactive HTML view of the graph, coloured like the Neo4j Browser.

Drawn with neo4j-viz (Neo4j's NVL renderer): its HTML template carries the whole
JavaScript and CSS inline, so the file opens without a network. Colours, sizes and
captions come from kg/data/browser-style.grass (docker/ links to it), the style the Browser is given, so a
Person is the same blue in both. Click a node or relationship to see its properties
in the side panel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

GRASS_FILE = files("kg") / "data" / "browser-style.grass"  # docker/browser-style.grass links to it

# a rule's body runs to the first `}` outside quotes (captions are '{name}')
_RULE = re.compile(r"""(node|relationship)(?:\.([A-Za-z_]\w*))?\s*\{((?:'[^']*'|"[^"]*"|[^}'"])*)\}""", re.S)


@dataclass
class Style:
    """Per-label node and per-type relationship styles (grass properties, e.g. {"color": "#4C8EDA"})."""

    node_default: dict[str, str] = field(default_factory=dict)
    rel_default: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    relationships: dict[str, dict[str, str]] = field(default_factory=dict)

    def node(self, label: str) -> dict[str, str]:
        return {**self.node_default, **self.nodes.get(label, {})}

    def relationship(self, rel_type: str) -> dict[str, str]:
        return {**self.rel_default, **self.relationships.get(rel_type, {})}


def parse_grass(text: str) -> Style:
    """The Neo4j Browser's GraSS: `node.Person { color: #4C8EDA; caption: '{name}'; }` rules."""
    style = Style()
    for kind, name, body in _RULE.findall(text):
        props = {}
        for decl in body.split(";"):
            key, sep, value = decl.partition(":")
            if sep:
                props[key.strip()] = value.strip().strip("'\"")
        if kind == "node":
            (style.nodes.setdefault(name, {}) if name else style.node_default).update(props)
        else:
            (style.relationships.setdefault(name, {}) if name else style.rel_default).update(props)
    return style


def load_style(path: str | Path = GRASS_FILE) -> Style:
    return parse_grass(Path(path).read_text(encoding="utf-8"))


def _px(value: str | None, default: float) -> float:
    try:
        return float(str(value).removesuffix("px"))
    except (TypeError, ValueError):
        return default


def caption(template: str | None, props: dict[str, Any], fallback: str) -> str:
    """'{name}' -> the name; '<type>' is handled by the caller; a missing value falls back to the id."""
    if not template:
        return fallback
    text = re.sub(r"\{(\w+)\}", lambda m: str(props.get(m.group(1)) or ""), template).strip()
    return text or fallback


# -- which part of the graph to draw --------------------------------------------------------


def _walk(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        yield value
        if "_labels" in value or "_type" in value:
            return  # a node or relationship: its properties (e.g. `sources`) name nothing to draw
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def result_subgraph(g: nx.MultiDiGraph, rows: list[list[Any]]) -> nx.MultiDiGraph:
    """The part of `g` a query result names.

    Nodes: those returned (as nodes or inside paths), and, for table results, the
    entities whose id (or exact name) appears in a cell. Relationships: those
    returned (matched by type and fact key between the nodes kept); when the result
    returns none, the relationships among the nodes kept, so a table of officials
    still shows who holds which post.
    """
    by_name: dict[str, list[str]] = {}
    for n, data in g.nodes(data=True):
        if isinstance(data.get("name"), str):
            by_name.setdefault(data["name"], []).append(n)
    keep: set[str] = set()
    rels: set[tuple[str, Any]] = set()  # (type, key) of returned relationships
    for value in _walk(rows):
        if isinstance(value, dict):
            if "_labels" in value and value.get("id") in g:
                keep.add(value["id"])
            elif "_type" in value:
                rels.add((value["_type"], value.get("key") or value["_type"]))
        elif isinstance(value, str):
            if value in g:
                keep.add(value)
            else:
                keep.update(by_name.get(value, ()))
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep)
    for s, t, key, data in g.edges(keys=True, data=True):
        if s in keep and t in keep and (not rels or (data["type"], key) in rels):
            sub.add_edge(s, t, key=key, **data)
    return sub


# -- rendering -----------------------------------------------------------------------------------


def render(g: nx.MultiDiGraph, style: Style | None = None, *, title: str = "Knowledge graph",
           height: str = "95vh") -> str:
    """The HTML page (a string) drawing `g`, whose nodes carry `label` and edges `type`."""
    from neo4j_viz import Node, Relationship, VisualizationGraph
    from neo4j_viz.options import DiscreteLegendSection, Legend, LegendEntry

    style = style or load_style()
    nodes, rels, node_legend, rel_legend = [], [], {}, {}
    for n, data in g.nodes(data=True):
        label = data.get("label", "")
        s = style.node(label)
        props = {k: v for k, v in data.items() if k != "label"}
        nodes.append(Node(
            id=n, caption=caption(s.get("caption"), data, n), color=s.get("color"),
            size=_px(s.get("diameter"), 50) / 2,
            properties={"id": n, "labels": ":".join(x for x in ("Entity", label) if x)
                        if label != "Article" else "Article", **props},
        ))
        if s.get("color"):
            node_legend[label] = s["color"]
    for i, (src, tgt, key, data) in enumerate(g.edges(keys=True, data=True)):
        rel_type = data.get("type", "")
        s = style.relationship(rel_type)
        rels.append(Relationship(
            id=f"r{i}", source=src, target=tgt, caption=rel_type, color=s.get("color"),
            width=_px(s.get("shaft-width"), 1),
            properties={"type": rel_type, "key": key, **{k: v for k, v in data.items() if k != "type"}},
        ))
        if s.get("color"):
            rel_legend[rel_type] = s["color"]
    vg = VisualizationGraph(nodes=nodes, relationships=rels)
    vg.legend = Legend(
        nodes=DiscreteLegendSection(title="Labels", entries=[
            LegendEntry(label=k, color=v.upper()) for k, v in sorted(node_legend.items())]),
        relationships=DiscreteLegendSection(title="Relationships", entries=[
            LegendEntry(label=k, color=v.upper()) for k, v in sorted(rel_legend.items())]),
    )
    html = vg.render(width="100%", height=height, theme="light", on_dangling="none",
                     max_allowed_nodes=max(10_000, len(nodes) + 1)).data
    return re.sub(r"<title>.*?</title>", lambda m: f"<title>{_escape(title)}</title>", html, count=1, flags=re.S)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(g: nx.MultiDiGraph, path: str | Path, *, title: str = "Knowledge graph") -> int:
    """Write the page; returns its size in bytes."""
    html = render(g, title=title)
    data = html.encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)


def remote_urls(html: str) -> list[str]:
    """URLs the page would load (script/link/img src or href, CSS url(), @import), for the offline check."""
    found = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", html)
    found += re.findall(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", html)
    found += re.findall(r"""@import\s+["']((?:https?:)?//[^"']+)""", html)
    return found


__all__ = ["Style", "parse_grass", "load_style", "result_subgraph", "render", "write", "remote_urls"]
