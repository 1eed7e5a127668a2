"""`kg export graphml|json|html`: the files read back into networkx with the store's counts and ids,
and the HTML view, opened offline in headless Chromium, draws the graph in the Browser's colours."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import load_style, remote_urls
from runkg import kg

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_INSTALL = "apt-get install -y chromium"


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples) -> Path:
    data = tmp_path_factory.mktemp("kg-data")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


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


# -- the HTML view -------------------------------------------------------------------------------

# Appended to a copy of the page: once NVL has rendered (its status line says how many
# nodes it shows) and painted its canvas, count the canvas pixels of each label colour
# and write the result into the DOM, which --dump-dom then prints.
PROBE = """<script>
(function () {
  var colours = %s;
  function rgb(hex) { return [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16); }); }
  function check() {
    var status = document.querySelector('[role="status"][id^="nvl-"]');
    var counts = {}, painted = 0;
    Object.keys(colours).forEach(function (k) { counts[k] = 0; });
    document.querySelectorAll('canvas').forEach(function (c) {
      var ctx = null;
      try { ctx = c.getContext('2d'); } catch (e) {}
      if (!ctx || !c.width || !c.height) return;
      var d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (var i = 0; i < d.length; i += 4) {
        if (d[i + 3] === 0) continue;
        painted++;
        Object.keys(colours).forEach(function (k) {
          var c3 = rgb(colours[k]);
          if (d[i] === c3[0] && d[i + 1] === c3[1] && d[i + 2] === c3[2]) counts[k]++;
        });
      }
    });
    if (status && /\\d+ node/.test(status.textContent) && painted > 0) {
      var out = document.createElement('pre');
      out.id = 'kg-probe';
      out.textContent = JSON.stringify({status: status.textContent, painted: painted, colours: counts});
      document.body.appendChild(out);
    } else {
      setTimeout(check, 200);
    }
  }
  window.addEventListener('load', function () { setTimeout(check, 300); });
})();
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.fail(f"headless Chromium is needed to check the HTML view: {CHROMIUM_INSTALL}")


def render_in_chromium(page: Path, colours: dict[str, str], tmp_path: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    at = html.rfind("</body>")
    probed = tmp_path / f"probed-{page.name}"
    probed.write_text(html[:at] + PROBE % json.dumps(colours) + html[at:], encoding="utf-8")
    proc = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network at all
         f"--user-data-dir={tmp_path / 'chromium-profile'}",
         "--window-size=1280,900", "--virtual-time-budget=10000", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="kg-probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"the view did not render in Chromium (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def embedded_data(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_html_view_is_offline_coloured_like_the_browser_and_draws_the_graph(built, stored, tmp_path):
    out = tmp_path / "graph.html"
    kg("export", "html", "-o", str(out), "--data-dir", str(built))
    html = out.read_text(encoding="utf-8")
    assert remote_urls(html) == [], "the view must load nothing from the network"
    style = load_style(ROOT / "docker" / "browser-style.grass")
    data = embedded_data(out)
    names = {n["id"]: n for n in stored["nodes"]}
    assert {n["id"] for n in data["nodes"]} == set(names)
    assert len(data["relationships"]) == edge_count(stored["stats"])
    for node in data["nodes"]:
        label = next(l for l in names[node["id"]]["labels"] if l != "Entity")
        assert node["color"].upper() == style.node(label)["color"].upper(), node["id"]
        if label != "Article":
            assert node["caption"] == names[node["id"]]["caption"]  # the name, with a country where needed
        assert node["properties"]["id"] == node["id"]  # shown on click
    assert style.node("Person")["color"].upper() == "#4C8EDA"  # the grass file is what was read

    drawn = render_in_chromium(out, {label: style.node(label)["color"] for label in ("Person", "Country")}, tmp_path)
    assert f"{node_count(stored['stats'])} nodes" in drawn["status"]
    assert f"{edge_count(stored['stats'])} relationships" in drawn["status"]
    assert drawn["colours"]["Person"] > 0 and drawn["colours"]["Country"] > 0, drawn


def test_html_view_of_a_named_query_shows_its_entities(built, stored, tmp_path):
    out = tmp_path / "officials.html"
    kg("export", "html", "-o", str(out), "--query", "officials", "--param", "limit=100", "--data-dir", str(built))
    data = embedded_data(out)
    captions = {n["properties"]["name"] for n in data["nodes"]}  # drawn by caption, answered by name
    persons = {n["name"] for n in stored["nodes"] if "Person" in n["labels"]}
    officials = json.loads(kg("query", "officials", "--param", "limit=100", "--format", "json",
                              "--data-dir", str(built)).stdout)
    assert {r["person"] for r in officials} <= captions
    assert {r["body"] for r in officials} <= captions
    assert all(c in persons or c in {r["body"] for r in officials} for c in captions)
    # the relationships among the nodes of the answer: the posts, and whatever else joins them
    # (an envoy POSTED_TO the country whose head is another official)
    assert "HOLDS_POSITION" in {r["caption"] for r in data["relationships"]}
    drawn_ids = {n["id"] for n in data["nodes"]}
    assert all(r["from"] in drawn_ids and r["to"] in drawn_ids for r in data["relationships"])
    assert len(data["nodes"]) < node_count(stored["stats"])
    drawn = render_in_chromium(out, {"Person": load_style().node("Person")["color"]}, tmp_path)
    assert f"{len(data['nodes'])} nodes" in drawn["status"] and drawn["colours"]["Person"] > 0


def test_html_view_of_cypher_returning_paths(built, tmp_path):
    out = tmp_path / "visits.html"
    kg("export", "html", "-o", str(out), "--query",
       "MATCH p = (:Person)-[:HOLDS_POSITION]->(:Ministry) RETURN p", "--data-dir", str(built))
    data = embedded_data(out)
    assert data["relationships"] and {r["caption"] for r in data["relationships"]} == {"HOLDS_POSITION"}
    labels = {n["properties"]["labels"] for n in data["nodes"]}
    assert labels == {"Entity:Person", "Entity:Ministry"}
