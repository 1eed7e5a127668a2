"""`kg export html`: the offline view, opened in headless Chromium with the GPU on (WebGL, drawn by
SwiftShader) and off (no WebGL at all), and the --query view drawing the answer and nothing else.

What is drawn is read from NVL itself (window.__Nvl_dumpNodes: each node's place in the drawing,
radius and colour once fitted) and from a screenshot: every node lies inside the drawing, the
legend and the buttons are clear of it, and inside every node's circle some pixels differ from its
fill, which only its caption draws (the same page with its captions blanked shows none). The
screenshots are kept in test-artifacts/ (or $KG_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import WITH_COUNTRY, load_style, remote_urls, render, result_subgraph
from runkg import kg

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "test-artifacts"))
WINDOW = {"width": 1280, "height": 900}
# no network at all, and none of Chromium's calls home (this network refuses them)
QUIET = ["--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--host-resolver-rules=MAP * ~NOTFOUND"]
GPU = {
    "gpu-off": ["--disable-gpu", "--disable-webgl", "--disable-3d-apis"],  # no WebGL at all
    "gpu-on": ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"],  # WebGL, on the CPU
}

# Once NVL has laid the graph out and the page has fitted it, what is drawn and where.
STATE = """() => {
  const box = el => el && el.getBoundingClientRect().toJSON();
  const zoom = window.__Nvl_getZoomLevel();
  return {
    webgl: document.documentElement.dataset.webgl, renderer: document.documentElement.dataset.renderer,
    status: document.querySelector('[role="status"][id^="nvl-"]').textContent,
    drawing: box(document.querySelector('[data-testid="nvl-parent"]')),
    legend: box(document.querySelector('.nvl-legend')),
    islands: [...document.querySelectorAll('.ndl-graph-visualization-interaction-island')].map(box),
    nodes: window.__Nvl_dumpNodes().map(n => ({id: n.id, x: n.x, y: n.y, r: n.size * zoom, color: n.color})),
  };
}"""


@pytest.fixture(scope="module")
def stored(built) -> dict:
    """Every node of the store with what its caption is made of, and the store's counts."""
    nodes = json.loads(kg("query", "MATCH (n) RETURN n.id AS id, labels(n) AS labels, n.name AS name, "
                                   "n.caption AS caption, n.country AS country",
                          "--format", "json", "--data-dir", str(built)).stdout)
    stats = json.loads(kg("stats", "--format", "json", "--data-dir", str(built)).stdout)
    return {"nodes": {n["id"]: n for n in nodes}, "relationships": sum(stats["relationships"].values())}


def synthetic(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """`n` nodes of every label, tied into one component with a third more relationships."""
    rnd = random.Random(seed)
    labels = ["Person", "Country", "Ministry", "Organization", "Province", "Event", "Agreement", "Article"]
    g = nx.MultiDiGraph()
    for i in range(n):
        label = labels[i % len(labels)]
        g.add_node(f"{label.lower()}:{i}", label=label, name=f"{label} {i}", caption=f"{label} {i}",
                   title=f"Article {i}", **({"country": "VNM"} if label in WITH_COUNTRY else {}))
    ids = list(g)
    for i in range(1, n):
        g.add_edge(ids[i], ids[rnd.randrange(i)], key=f"m{i}", type="MENTIONS")
    for i in range(n // 3):
        a, b = rnd.sample(ids, 2)
        g.add_edge(a, b, key=f"c{i}", type="COOPERATES_WITH")
    return g


DATA = r'(<script type="application/json" id="neo4j-viz-data">)(.*?)(</script>)'


def embedded_data(page: Path) -> dict:
    found = re.search(DATA, page.read_text(encoding="utf-8"), re.S)
    assert found
    return json.loads(found.group(2))


@pytest.fixture(scope="module")
def pages(built, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("views")
    pages = {name: out / f"{name}.html" for name in ("graph", "officials", "graph-300", "no-captions", "webgl")}
    kg("export", "html", "-o", str(pages["graph"]), "--data-dir", str(built))
    kg("export", "html", "-o", str(pages["officials"]), "--query", "officials", "--param", "limit=100",
       "--data-dir", str(built))
    pages["graph-300"].write_text(render(synthetic(300)), encoding="utf-8")
    html = pages["graph"].read_text(encoding="utf-8")
    # the control: the same page with every caption blanked
    data = embedded_data(pages["graph"])
    for node in data["nodes"]:
        node["caption"] = ""
    blank = json.dumps(data).replace("<", "\\u003c")
    pages["no-captions"].write_text(re.sub(DATA, lambda m: m.group(1) + blank + m.group(3), html, count=1, flags=re.S),
                                    encoding="utf-8")
    # a page that asks for WebGL whatever its size, where there is WebGL
    pages["webgl"].write_text(render(synthetic(40), webgl_above=0), encoding="utf-8")
    return pages


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.fail("headless Chromium is needed to check the HTML view: apt-get install -y chromium")


@pytest.fixture(scope="module", params=sorted(GPU))
def browser(request):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright drives Chromium for the HTML view: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=QUIET + GPU[request.param])
        yield request.param, browser
        browser.close()


_seen: dict[tuple[str, str], dict] = {}


def seen(browser, pages: dict[str, Path], name: str) -> dict:
    """The view `name` as Chromium shows it once fitted (loaded once per GPU setting): STATE, plus its
    screenshot, kept in ARTIFACTS as html-view-<name>-<gpu>.png."""
    gpu, chromium = browser
    if (gpu, name) not in _seen:
        tab = chromium.new_page(viewport=WINDOW, device_scale_factor=1)
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(pages[name].as_uri())
        tab.wait_for_function("document.documentElement.dataset.fitted", timeout=60_000)
        png = None
        for _ in range(60):  # the fit is animated, captions fade in: wait for the drawing to hold still
            tab.wait_for_timeout(250)
            if png == (png := tab.screenshot()):
                break
        state = tab.evaluate(STATE)
        state["png"] = png
        state["errors"] = errors
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"html-view-{name}-{gpu}.png").write_bytes(state["png"])
        tab.close()
        _seen[gpu, name] = state
    return _seen[gpu, name]


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def inside_circles(state: dict):
    """For each node: its fill and the screenshot's pixels within 0.6 of its radius (clear of the rim)."""
    from PIL import Image

    image = Image.open(io.BytesIO(state["png"])).convert("RGB")
    box = state["drawing"]
    for node in state["nodes"]:
        cx, cy, r = box["x"] + node["x"], box["y"] + node["y"], 0.6 * node["r"]
        pixels = [image.getpixel((x, y)) for x in range(int(cx - r), int(cx + r) + 1)
                  for y in range(int(cy - r), int(cy + r) + 1) if (x - cx) ** 2 + (y - cy) ** 2 <= r * r]
        yield node, rgb(node["color"]), pixels


def captioned(state: dict) -> set[str]:
    """Nodes with caption pixels: clearly unlike the fill, in a circle filled in its label's colour."""
    found = set()
    for node, fill, pixels in inside_circles(state):
        unlike = sum(max(abs(a - b) for a, b in zip(p, fill)) > 60 for p in pixels)
        assert Counter(pixels).most_common(1)[0][0] == fill, f"{node['id']} is not filled with {fill}"
        if unlike >= 3:
            found.add(node["id"])
    return found


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def fitted_beside_the_legend(state: dict) -> None:
    """Every node's circle inside the drawing, the drawing inside the window, nothing over a node."""
    box = state["drawing"]
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= WINDOW["width"] and box["y"] + box["height"] <= WINDOW["height"]
    assert state["legend"] and not overlaps(state["legend"], box), "the legend is beside the drawing"
    for node in state["nodes"]:
        x, y, r = node["x"], node["y"], node["r"]
        assert r <= x <= box["width"] - r and r <= y <= box["height"] - r, f"{node['id']} is off-screen"
        circle = {"x": box["x"] + x - r, "y": box["y"] + y - r, "width": 2 * r, "height": 2 * r}
        assert not any(overlaps(circle, island) for island in state["islands"]), f"a button covers {node['id']}"


# -- the page -----------------------------------------------------------------------------------


def test_the_view_is_offline_and_coloured_and_captioned_like_the_browser(pages, stored):
    html = pages["graph"].read_text(encoding="utf-8")
    assert remote_urls(html) == [], "the view must load nothing from the network"
    style = load_style(ROOT / "docker" / "browser-style.grass")
    assert style.node("Person")["color"].upper() == "#4C8EDA"  # the grass file is what was read
    data = embedded_data(pages["graph"])
    assert {n["id"] for n in data["nodes"]} == set(stored["nodes"])
    assert len(data["relationships"]) == stored["relationships"]
    for node in data["nodes"]:
        entity = stored["nodes"][node["id"]]
        label = next(label for label in entity["labels"] if label != "Entity")
        assert node["color"].upper() == style.node(label)["color"].upper(), node["id"]
        if label in WITH_COUNTRY and entity["country"]:  # told apart from namesakes of other countries
            assert node["caption"] == f"{entity['name']} ({entity['country']})"
        elif label != "Article":
            assert node["caption"] == entity["caption"]
        assert node["properties"]["id"] == node["id"]  # shown on click
    assert "Bộ Ngoại giao (VNM)" in {n["caption"] for n in data["nodes"]}


# -- in Chromium, GPU on and off ------------------------------------------------------------------


@pytest.mark.parametrize("name, count", [("graph", None), ("graph-300", 300)])
def test_the_whole_graph_is_fitted_beside_the_legend_with_every_caption_drawn(browser, pages, stored, name, count):
    gpu, _ = browser
    state = seen(browser, pages, name)
    assert not state["errors"], state["errors"]
    count = count or len(stored["nodes"])
    assert len(state["nodes"]) == count and f"{count} nodes" in state["status"]
    assert state["webgl"] == ("true" if gpu == "gpu-on" else "false")
    assert state["renderer"] == "canvas"  # the renderer that writes captions, WebGL or not
    fitted_beside_the_legend(state)
    assert captioned(state) == {n["id"] for n in state["nodes"]}
    if gpu == "gpu-off" and name == "graph":  # the check sees captions, not something else
        assert captioned(seen(browser, pages, "no-captions")) == set()


def test_without_webgl_the_view_falls_back_to_the_canvas(browser, pages):
    """A page that asks for WebGL (as above WEBGL_ABOVE nodes): drawn by WebGL where there is some
    (no captions: WebGL draws none, hence the canvas below), by the canvas, captions and all, where not."""
    gpu, _ = browser
    state = seen(browser, pages, "webgl")
    assert not state["errors"], state["errors"]
    fitted_beside_the_legend(state)
    if gpu == "gpu-on":
        assert state["renderer"] == "webgl" and captioned(state) == set()
    else:
        assert state["renderer"] == "canvas" and captioned(state) == {n["id"] for n in state["nodes"]}


# -- --query: the answer, nothing around it -------------------------------------------------------


def test_the_view_of_a_table_draws_the_entities_it_names_and_no_others(browser, pages, stored, built):
    officials = json.loads(kg("query", "officials", "--param", "limit=100", "--format", "json",
                              "--data-dir", str(built)).stdout)
    by_text = {}
    for n in stored["nodes"].values():
        by_text[n["caption"]] = by_text[n["name"]] = n["id"]  # one of each in the samples
    answer = {(by_text[r["person"]], by_text[r["body"]]) for r in officials}
    data = embedded_data(pages["officials"])
    assert {n["id"] for n in data["nodes"]} == {i for pair in answer for i in pair}
    # only what a row states: the posts, not what joins people and bodies of different rows
    assert {(r["from"], r["to"]) for r in data["relationships"]} == answer
    assert {r["caption"] for r in data["relationships"]} == {"HOLDS_POSITION"}
    state = seen(browser, pages, "officials")
    assert {n["id"] for n in state["nodes"]} == {i for pair in answer for i in pair}
    fitted_beside_the_legend(state)


def test_the_view_of_nodes_and_relationships_draws_just_those(built, tmp_path):
    match = "MATCH (p:Person)-[h:HOLDS_POSITION]->(b:Ministry)"
    answer = json.loads(kg("query", f"{match} RETURN p.id AS p, h.key AS h, b.id AS b", "--format", "json",
                           "--data-dir", str(built)).stdout)
    assert answer
    out = tmp_path / "posts.html"
    kg("export", "html", "-o", str(out), "--query", f"{match} RETURN p, h, b", "--data-dir", str(built))
    data = embedded_data(out)
    assert {n["id"] for n in data["nodes"]} == {r["p"] for r in answer} | {r["b"] for r in answer}
    assert sorted(r["properties"]["key"] for r in data["relationships"]) == sorted(r["h"] for r in answer)
    # the same as paths; and a name beside the nodes adds nothing
    kg("export", "html", "-o", str(out), "--query", f"MATCH path = {match[6:]} RETURN path", "--data-dir", str(built))
    assert sorted(r["properties"]["key"] for r in embedded_data(out)["relationships"]) == sorted(r["h"] for r in answer)
    kg("export", "html", "-o", str(out), "--query", f"{match} RETURN p, b.name", "--data-dir", str(built))
    assert {n["id"] for n in embedded_data(out)["nodes"]} == {r["p"] for r in answer}
    assert embedded_data(out)["relationships"] == []


def test_a_name_several_entities_bear_is_drawn_for_the_one_its_row_means():
    g = nx.MultiDiGraph()
    for iso in ("VNM", "JPN"):
        g.add_node(f"ministry:{iso}:mofa", label="Ministry", name="Bộ Ngoại giao", country=iso)
        g.add_node(f"person:{iso}", label="Person", name=f"Person of {iso}")
        g.add_edge(f"person:{iso}", f"ministry:{iso}:mofa", key=f"h{iso}", type="HOLDS_POSITION")
    g.add_edge("person:VNM", "ministry:JPN:mofa", key="v", type="VISITED")
    # by the country in the row, and by the person the row names beside it
    assert set(result_subgraph(g, [["Bộ Ngoại giao", "JPN", 3]])) == {"ministry:JPN:mofa"}
    sub = result_subgraph(g, [["Person of JPN", "Bộ Ngoại giao"], ["Person of VNM", "Minister"]])
    assert set(sub) == {"person:JPN", "ministry:JPN:mofa", "person:VNM"}
    assert [k for _, _, k in sub.edges(keys=True)] == ["hJPN"]  # not the visit: its ends are in two rows
