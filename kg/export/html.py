"""A standalone, offline, interactive HTML view of the graph, coloured like the Neo4j Browser.

Drawn with neo4j-viz (Neo4j's NVL renderer): its HTML template carries the whole
JavaScript and CSS inline, so the file opens without a network. Colours and captions
come from kg/data/browser-style.grass (docker/ links to it), the style the Browser is given, so a
Person is the same blue in both; sizes too, made larger where NVL would leave a caption out.
The whole graph is fitted in the window once laid out, with the legend beside it. Click a node
or relationship to see its properties in the side panel.
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
    """The part of `g` a query result answers, and nothing around it.

    A result holding nodes, relationships or paths is drawn as returned: its nodes, and its
    relationships (matched by type and fact key) with their two ends; other cells are ignored.
    A table of values names entities instead, by id, caption or name. A name several entities
    bear counts only for those the row says are meant (their country is in the row, or they are
    joined to another entity the row names). Its relationships are those joining entities that
    one row names together (a person and the body of a post), not entities of different rows.
    """
    keep: set[str] = set()
    rels: set[tuple[str, Any]] = set()  # (type, key) of returned relationships
    for value in _walk(rows):
        if isinstance(value, dict) and "_labels" in value and value.get("id") in g:
            keep.add(value["id"])
        elif isinstance(value, dict) and "_type" in value:
            rels.add((value["_type"], value.get("key") or value["_type"]))
    if keep or rels:
        edges = [e for e in g.edges(keys=True, data=True) if (e[3]["type"], e[2]) in rels]
    else:
        by_text = _by_text(g)
        named = [_named_in(g, row, by_text) for row in rows]
        together = {(a, b) for row in named for a in row for b in row}
        edges = [e for e in g.edges(keys=True, data=True) if (e[0], e[1]) in together]
        keep = set().union(*named)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep | {e[0] for e in edges} | {e[1] for e in edges})
    sub.add_edges_from((s, t, key, data) for s, t, key, data in edges)
    return sub


def _by_text(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    by_text: dict[str, set[str]] = {}
    for n, data in g.nodes(data=True):
        for key in ("caption", "name"):
            if isinstance(data.get(key), str):
                by_text.setdefault(data[key], set()).add(n)
    return by_text


def _named_in(g: nx.MultiDiGraph, row: list[Any], by_text: dict[str, set[str]]) -> set[str]:
    """The entities a table row names; a name several bear counts for those the row points to."""
    cells = {v for v in _walk(row) if isinstance(v, str)}
    found = {c for c in cells if c in g} | {n for c in cells if len(by_text.get(c, ())) == 1 for n in by_text[c]}
    for c in cells:
        if c not in g and len(by_text.get(c, ())) > 1:
            found |= {n for n in by_text[c] if g.nodes[n].get("country") in cells
                      or any(m in found for m in nx.all_neighbors(g, n))}
    return found


# -- rendering -----------------------------------------------------------------------------------

# NVL's canvas renderer is the one that draws captions and arrowheads; WebGL draws neither, but keeps
# a very large graph responsive (neo4j-viz advises it above 10,000 nodes)
WEBGL_ABOVE = 10_000
# bodies and places are named alike in many countries ("Bộ Ngoại giao"): their caption says which
WITH_COUNTRY = ("Ministry", "Organization", "Province", "City")
# NVL writes a caption only in a node of 15.6 px radius or more on screen, and its zoom-to-fit
# leaves room for nodes of radius FIT_RADIUS (in layout units) around the outermost ones. So the
# grass sizes are scaled up until the largest is FIT_RADIUS; with NVL's force layout, which spaces
# nodes widely, fitting in a 1280x900 window then keeps every caption up to some 60 nodes. Up to
# PACK_UP_TO nodes (300: radius 22 px on screen) they are packed closer instead (packed_layout),
# all FIT_RADIUS big; beyond that no fit leaves room for captions, and NVL's layout is kept.
FIT_RADIUS = 50
PACK_ABOVE, PACK_UP_TO = 60, 400

# Added to neo4j-viz's page, after its data block and before its (deferred) module reads it.
# - NVL draws nothing at all when asked for WebGL the browser lacks: ask only when it has it.
# - The view's own fit after the layout keeps the pan, leaving parts of the graph off-screen: once
#   the layout is done and the view holds still, press its "Zoom to fit" (which pans too). Polling
#   by animation frame registers before NVL's first frame, so the layout cannot finish unseen.
# - The legend becomes a panel beside the drawing instead of a box over it.
_HEAD = """<style>
[data-neo4j-viz-ndl] { display: flex; flex-direction: row-reverse; }
[data-neo4j-viz-ndl] > .ndl-graph-visualization-container { flex: 1; min-width: 0; }
[data-neo4j-viz-ndl] > .nvl-legend { position: static !important; flex: none; max-height: none !important;
  border-width: 0 1px 0 0 !important; border-radius: 0 !important; box-shadow: none !important; }
</style>
<script>
(function () {
  var el = document.getElementById("neo4j-viz-data"), data = JSON.parse(el.textContent), gl = false;
  var c = document.createElement("canvas");
  try { gl = !!(c.getContext("webgl") || c.getContext("experimental-webgl")); } catch (e) {}
  var o = data.options.nvlOptions = data.options.nvlOptions || {};
  o.disableWebGL = !gl;
  o.renderer = gl && data.nodes.length > %(webgl_above)d ? "webgl" : "canvas";
  el.textContent = JSON.stringify(data);
  var root = document.documentElement.dataset;  // what was found and done, for devtools and the tests
  root.webgl = gl;
  root.renderer = o.renderer;
  (function wait() {
    if (!window.__Nvl_registerDoneCallback) return requestAnimationFrame(wait);
    window.__Nvl_registerDoneCallback(function () {
      var zoom, still = 0;
      (function settle() {  // the view's own fit may follow: let it play out, or it would undo this one
        still = zoom === (zoom = window.__Nvl_getZoomLevel()) ? still + 1 : 0;
        if (still < 10) return requestAnimationFrame(settle);
        var fit = document.querySelector('button[aria-label="Zoom to fit"]');
        if (fit && !root.fitted) { fit.click(); root.fitted = "true"; }
      })();
    });
  })();
})();
</script>
"""


def node_caption(label: str, props: dict[str, Any], style: Style, fallback: str) -> str:
    """The grass caption; for a body or place of a known country, its name and ISO code: "Bộ Ngoại giao (VNM)"."""
    if label in WITH_COUNTRY and props.get("country") and props.get("name"):
        return f"{props['name']} ({props['country']})"
    return caption(style.node(label).get("caption"), props, fallback)


def packed_layout(g: nx.MultiDiGraph, pitch: float, aspect: float = 1.4) -> dict[str, tuple[float, float]]:
    """Node positions on a honeycomb `pitch` apart, about as wide as a window: each node takes the cell
    nearest its place in a spring layout (least total distance), so neighbours stay near."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    ids = list(g)
    spring = nx.spring_layout(nx.Graph(g), seed=1)
    rows = max(1, round((len(ids) / (0.866 * aspect)) ** 0.5))
    cols = -(-len(ids) // rows)
    r, c = np.divmod(np.arange(rows * cols), cols)
    cells = np.column_stack([(c + r % 2 / 2) * pitch, r * 0.866 * pitch])
    cells -= cells.mean(axis=0)
    p = np.array([spring[n] for n in ids])
    p = (p - p.min(axis=0)) / np.ptp(p, axis=0).clip(1e-9) * np.ptp(cells, axis=0) + cells.min(axis=0)
    nodes, taken = linear_sum_assignment(((p[:, None] - cells[None]) ** 2).sum(axis=-1))
    return {ids[i]: (float(cells[j, 0]), float(cells[j, 1])) for i, j in zip(nodes, taken)}


def render(g: nx.MultiDiGraph, style: Style | None = None, *, title: str = "Knowledge graph",
           height: str = "100vh", webgl_above: int = WEBGL_ABOVE) -> str:
    """The HTML page (a string) drawing `g`, whose nodes carry `label` and edges `type`."""
    from neo4j_viz import Node, Relationship, VisualizationGraph
    from neo4j_viz.options import DiscreteLegendSection, Legend, LegendEntry

    style = style or load_style()
    packed = PACK_ABOVE < g.number_of_nodes() <= PACK_UP_TO
    where = packed_layout(g, 2.4 * FIT_RADIUS) if packed else {}
    labels = {data.get("label", "") for _, data in g.nodes(data=True)}
    radius = {label: _px(style.node(label).get("diameter"), 50) / 2 for label in labels}
    scale = FIT_RADIUS / max(radius.values(), default=FIT_RADIUS)  # the largest grass size becomes FIT_RADIUS
    nodes, rels, node_legend, rel_legend = [], [], {}, {}
    for n, data in g.nodes(data=True):
        label = data.get("label", "")
        s = style.node(label)
        props = {k: v for k, v in data.items() if k != "label"}
        at = where.get(n, (None, None))
        nodes.append(Node(
            id=n, caption=node_caption(label, data, style, str(data.get("name") or n)), color=s.get("color"),
            x=at[0], y=at[1], size=FIT_RADIUS if packed else radius[label] * scale,
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
    html = vg.render(layout="free" if packed else "forcedirected", width="100%", height=height, theme="light",
                     on_dangling="none", max_allowed_nodes=max(10_000, len(nodes) + 1)).data
    html = html.replace("</head>", _HEAD % {"webgl_above": webgl_above} + "</head>", 1)
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


__all__ = ["Style", "parse_grass", "load_style", "result_subgraph", "node_caption", "packed_layout", "render", "write",
           "remote_urls"]
