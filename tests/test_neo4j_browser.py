"""Neo4j Browser, served by tools/neo4j-server beside Bolt, driven in headless Chromium by Playwright
as a researcher would use it: log in, load docker/browser-style.grass with `:style`, run the
`officials` query and its graph form, and `:play` the guide in docker/.

The drawing is checked from a screenshot: inside every node's circle, most pixels are its label's
colour from the style and some are the caption's colour, and the caption is the node's name. The
screenshots are kept in test-artifacts/ (or $KG_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import DOCKER, ROOT, no_neo4j_reason
from kg.export.html import load_style
from runkg import kg

pytestmark = pytest.mark.neo4j

ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "test-artifacts"))
# Without the background-networking flags Chromium keeps trying Google's hosts, which this
# network refuses; Playwright's own browser download is not available here, so Debian's is used.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}


def one_line(cypher: str) -> str:
    """A query as Browser's one-line editor takes it: comments dropped, lines joined."""
    return " ".join(line.strip() for line in cypher.splitlines() if line.strip() and not line.startswith("//"))


def guide_queries() -> list[str]:
    text = (DOCKER / "browser-guide.html").read_text(encoding="utf-8")
    return [html.unescape(q) for q in re.findall(r'<pre mode="cypher"[^>]*>(.*?)</pre>', text, re.S)]


@pytest.fixture(scope="module")
def browser_url() -> str:
    http = os.environ.get("NEO4J_HTTP_URI")
    if not http:
        pytest.skip(no_neo4j_reason())
    return f"{http}/browser/"


@pytest.fixture(scope="module")
def page(browser_url):
    """A Chromium page logged in to Browser as the test user."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright drives Chromium: pip install -e '.[test]'")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("headless Chromium is needed to test Neo4j Browser: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.set_default_timeout(60_000)
        page.goto(f"{browser_url}?dbms={os.environ['NEO4J_URI']}", wait_until="networkidle")
        page.fill("[data-testid=username]", os.environ.get("NEO4J_USER", "neo4j"))
        page.fill("[data-testid=password]", os.environ["NEO4J_PASSWORD"])
        page.click("[data-testid=connect]")
        sync_api.expect(page.get_by_text("You are connected as user")).to_be_visible()
        yield page
        browser.close()


@pytest.fixture(scope="module")
def samples_in_neo4j(neo4j_session, samples):
    neo4j_session.reset()
    neo4j_session.setup_schema()
    kg("build", str(samples), "--store", "neo4j", "--quiet")
    return neo4j_session


def run(page, command: str):
    """Type a command into Browser's editor, run it, and return the frame it opens (the newest)."""
    from playwright.sync_api import expect

    frames = page.locator("[data-testid=frame]")
    before = frames.count()
    page.locator("[data-testid=activeEditor] .monaco-editor").first.click()
    page.keyboard.insert_text(command)  # not typed key by key: the editor would close brackets itself
    page.keyboard.press("Control+Enter")
    expect(frames).to_have_count(before + 1)
    frame = frames.first
    expect(frame.locator("[data-testid=frameCommand]")).to_contain_text(command[:30])
    return frame


def save(name: str, png: bytes) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(png)
    return path


def settled_nodes(page, count: int) -> list[dict]:
    """The drawn nodes once the force layout has stopped moving them: box, fill and caption lines."""
    from playwright.sync_api import expect

    nodes = page.locator("svg g.node")
    expect(nodes).to_have_count(count)
    read = """els => els.map(g => {
        const c = g.querySelector('circle.b-outline'); const b = c.getBoundingClientRect();
        return {x: b.x + b.width / 2, y: b.y + b.height / 2, r: b.width / 2, fill: c.getAttribute('fill'),
                caption: [...g.querySelectorAll('text.caption')].map(t => t.textContent.trim())};
    })"""
    previous = None
    for _ in range(60):
        current = nodes.evaluate_all(read)
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(500)
    raise AssertionError("Browser's layout did not settle in 30 s")


def could_caption(lines: list[str], name: str) -> bool:
    """Whether Browser's caption lines could show `name`: it wraps a caption to the circle and,
    when it does not fit, cuts it with an ellipsis and may skip words, so each word shown must
    begin a word of the name, in order, starting with the first."""
    shown = " ".join(lines).replace("…", " ").split()
    words = name.split()
    if not shown or not words[0].startswith(shown[0]):
        return False
    at = 0
    for part in shown:
        while at < len(words) and not words[at].startswith(part):
            at += 1
        if at == len(words):
            return False
        at += 1
    return True


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def share_of(image, node: dict, colour: str, tolerance: int = 24) -> tuple[int, int]:
    """(pixels of `colour`, pixels in all) inside the inner part of a node's circle."""
    rgb = hex_rgb(colour)
    hits = total = 0
    radius = int(node["r"] * 0.85)
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dx * dx + dy * dy > radius * radius:
                continue
            pixel = image.getpixel((int(node["x"]) + dx, int(node["y"]) + dy))[:3]
            total += 1
            hits += all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb))
    return hits, total


def test_browser_draws_the_officials_in_the_styles_colours_with_their_captions(page, samples_in_neo4j, guide_server):
    from PIL import Image
    from playwright.sync_api import expect

    grass = DOCKER / "browser-style.grass"
    style = load_style(grass)
    frame = run(page, f":style {guide_server}/{grass.name}")
    expect(frame).to_contain_text("node.Person")  # Browser shows the style it now uses

    # The named query returns columns, so Browser shows it as a table: every official is in it.
    run(page, ":param limit => 50")
    officials = (ROOT / "queries" / "officials.cypher").read_text(encoding="utf-8")
    rows = samples_in_neo4j.run(officials, {"limit": 50}).rows
    assert rows, "the sample build has officials"
    frame = run(page, one_line(officials))
    for person, title, body, *_ in rows:
        expect(frame).to_contain_text(f'"{person}"')
        expect(frame).to_contain_text(f'"{body}"')

    # Its graph form, from the guide's Officials slide: the same people and bodies, drawn.
    graph_query = next(q for q in guide_queries() if "HOLDS_POSITION" in q and "RETURN path" in q)
    found = samples_in_neo4j.run(
        "MATCH (p:Person)-[:HOLDS_POSITION]->(b:Entity) UNWIND [p, b] AS n "
        "RETURN DISTINCT n.name AS name, n.caption AS caption, labels(n) AS labels").rows
    # the named query answers with captions, as the graph draws them
    assert {person for person, *_ in rows} | {body for _, _, body, *_ in rows} == {caption for _, caption, _ in found}
    # drawn by caption: the name, with the country where nodes are written alike ("Bộ Ngoại giao (Việt Nam)")
    expected = {caption: [label for label in labels if label != "Entity"][0] for _, caption, labels in found}
    frame = run(page, one_line(graph_query))
    drawn = settled_nodes(page, len(expected))
    screenshot = page.screenshot()
    save("neo4j-browser-officials.png", frame.screenshot())
    image = Image.open(io.BytesIO(screenshot)).convert("RGB")

    seen = set()
    for node in drawn:
        names = [name for name in expected if could_caption(node["caption"], name)]
        assert len(names) == 1, f"caption {node['caption']} should name one node of {sorted(expected)}"
        name, label = names[0], expected[names[0]]
        seen.add(name)
        colour = style.node(label)["color"]
        assert node["fill"].upper() == colour.upper(), (name, label, node["fill"])
        hits, total = share_of(image, node, colour)
        assert hits > 0.4 * total, f"{name} ({label}): {hits} of {total} pixels are {colour}"
        text_hits, _ = share_of(image, node, style.node(label)["text-color-internal"], tolerance=60)
        assert text_hits >= 5, f"{name}: no caption drawn in {style.node(label)['text-color-internal']}"
    assert seen == set(expected)
    assert set(expected.values()) >= {"Person", "Ministry"}  # more than one colour was checked


def test_the_guide_plays_and_its_queries_go_to_the_editor(page, guide_server):
    from playwright.sync_api import expect

    guide = (DOCKER / "browser-guide.html").read_text(encoding="utf-8")
    slides = guide.count("<slide")
    titles = re.findall(r"<h3>(.*?)</h3>", guide)
    frame = run(page, f":play {guide_server}/browser-guide.html")
    expect(frame.get_by_role("heading", name=html.unescape(titles[0]))).to_be_visible()
    expect(frame).to_contain_text(f"1 / {slides}")
    save("neo4j-browser-guide.png", frame.screenshot())

    frame.get_by_text(f"1 / {slides}").locator("xpath=..").locator("button").last.click()
    expect(frame).to_contain_text(f"2 / {slides}")
    expect(frame.get_by_role("heading", name=html.unescape(titles[1]))).to_be_visible()
    # A runnable block, clicked, is put in the editor for the user to run.
    frame.locator("pre.runnable:visible").first.click()
    first_line = html.unescape(re.search(r"Officials.*?<pre[^>]*>(.*?)\n", guide, re.S).group(1))
    expect(page.locator("[data-testid=activeEditor]")).to_contain_text(first_line.strip())
