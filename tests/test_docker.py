"""docker/: the compose file, the tool's image, the Neo4j Browser style and guide.

No Docker engine is needed. The compose file is checked by Compose itself:
`docker-compose -f docker/docker-compose.yml --env-file FILE config` (Debian's package
`docker-compose`; CI installs it with `apt-get update && apt-get install -y docker-compose`).
Without it these tests fail, never skip. PyYAML is not a dependency of the project, so the
interpolated `config` output is read with `config --services` / `--volumes` and a small
reader of its block-style YAML (`block` below), not with a YAML library.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kg.graph import MENTIONS, KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from kg.schema import ENTITY_LABELS, RELATION_TYPES, STORED_TYPES
from kg.store import cypher

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "docker-compose.yml"
GRASS = DOCKER / "browser-style.grass"
GUIDE = DOCKER / "browser-guide.html"
INSTALL_COMPOSE = "apt-get update && apt-get install -y docker-compose"

PASSWORD = "test-Pa55word-9f3c"  # what the test env file sets; must come out in the config
ALL_LABELS = ("Entity", "Article", *ENTITY_LABELS)
ALL_TYPES = (MENTIONS, *STORED_TYPES)


# -- docker-compose config ---------------------------------------------------------------

@pytest.fixture(scope="module")
def docker_compose() -> str:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.fail("docker-compose is not installed, so docker/docker-compose.yml cannot be checked. "
                    f"Install Debian's package: {INSTALL_COMPOSE}", pytrace=False)
    return exe


def compose(exe: str, env_file: Path, *args: str) -> subprocess.CompletedProcess:
    # The env file alone must decide: drop variables of the caller's shell that compose would prefer.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_", "COMPOSE_"))}
    return subprocess.run([exe, "-f", str(COMPOSE), "--env-file", str(env_file), "config", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def write_env(path: Path, **values: str) -> Path:
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def env_file(tmp_path_factory) -> Path:
    return write_env(tmp_path_factory.mktemp("compose") / "test.env", NEO4J_USER="neo4j", NEO4J_PASSWORD=PASSWORD)


@pytest.fixture(scope="module")
def config(docker_compose, env_file) -> str:
    done = compose(docker_compose, env_file)
    assert done.returncode == 0, f"docker-compose config refused docker/docker-compose.yml:\n{done.stderr}"
    return done.stdout


def block(text: str, *keys: str) -> str:
    """The lines under keys[0] > keys[1] > ... of block-style YAML, as `docker-compose config` prints it."""
    lines = text.splitlines()
    first, start, end = 0, 0, len(lines)
    for key in keys:
        body = [i for i in range(start, end) if lines[i].strip()]
        child = min((len(lines[i]) - len(lines[i].lstrip()) for i in body), default=0)
        hits = [i for i in body if len(lines[i]) - len(lines[i].lstrip()) == child
                and re.match(rf"\s*{re.escape(key)}:(\s|$)", lines[i])]
        assert hits, f"no {' > '.join(keys)} in the config:\n{text}"
        first = hits[0]
        # the block runs to the next line at or left of the key (a `- item` at its indent still belongs)
        stop = first + 1
        while stop < end:
            line = lines[stop]
            own = len(line) - len(line.lstrip())
            if line.strip() and (own < child or own == child and not line.lstrip().startswith("- ")):
                break
            stop += 1
        start, end = first + 1, stop
    start = first
    return "\n".join(lines[start:end])


def value(text: str, *keys: str) -> str:
    line = block(text, *keys).splitlines()[0]
    return line.split(":", 1)[1].strip().strip("'\"")


def flat(text: str) -> str:
    """Whitespace collapsed, so long strings the YAML dumper folded read as one line."""
    return " ".join(text.split())


def test_block_reader_finds_nested_keys_and_lists():
    text = "services:\n  a:\n    ports:\n    - 1:1\n    image: x\n  b:\n    image: y\nvolumes:\n  v: {}\n"
    assert block(text, "services", "a", "ports").splitlines() == ["    ports:", "    - 1:1"]
    assert value(text, "services", "b", "image") == "y"
    with pytest.raises(AssertionError):
        block(text, "services", "c")


def test_config_has_neo4j_and_kg_services_and_named_volumes(docker_compose, env_file, config):
    services = compose(docker_compose, env_file, "--services")
    assert services.returncode == 0, services.stderr
    assert set(services.stdout.split()) == {"neo4j", "kg"}
    volumes = compose(docker_compose, env_file, "--volumes")
    assert volumes.returncode == 0, volumes.stderr
    assert {"neo4j-data", "neo4j-logs"} <= set(volumes.stdout.split())


def test_neo4j_is_a_pinned_5x_community_image_without_plugins(config):
    image = value(config, "services", "neo4j", "image")
    assert re.fullmatch(r"neo4j:5\.\d+(\.\d+)?-community", image), f"not a pinned Neo4j 5.x community tag: {image}"
    neo4j = block(config, "services", "neo4j")
    assert "NEO4J_PLUGINS" not in neo4j and "apoc" not in neo4j.lower(), "APOC must not be required"


def test_neo4j_publishes_http_and_bolt(config):
    ports = block(config, "services", "neo4j", "ports")
    for port in ("7474", "7687"):
        short = re.search(rf"^\s*- (?:[\d.]+:)?{port}:{port}(?:/tcp)?\s*$", ports, re.M)
        long_ = re.search(rf"published: '?{port}'?", ports) and re.search(rf"target: {port}\b", ports)
        assert short or long_, f"port {port} is not published as {port}:\n{ports}"


def test_neo4j_keeps_data_and_logs_in_named_volumes(config):
    volumes = block(config, "services", "neo4j", "volumes")
    assert re.search(r"- neo4j-data:/data(:rw)?\s*$", volumes, re.M), volumes
    assert re.search(r"- neo4j-logs:/logs(:rw)?\s*$", volumes, re.M), volumes
    top = block(config, "volumes")
    assert "neo4j-data:" in top and "neo4j-logs:" in top


def test_auth_comes_from_the_env_file(config):
    assert value(config, "services", "neo4j", "environment", "NEO4J_AUTH") == f"neo4j/{PASSWORD}"


def test_health_check_runs_cypher_shell_with_the_containers_credentials(config):
    check = block(config, "services", "neo4j", "healthcheck")
    test = flat(block(config, "services", "neo4j", "healthcheck", "test"))
    assert "cypher-shell" in test and "RETURN 1" in test, test
    # The credentials are read from the container's environment when the check runs,
    # not pasted into the check by compose.
    assert PASSWORD not in test
    referenced = set(re.findall(r"\$\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", test))
    assert len(referenced) >= 2, f"the check should read user and password from the container: {test}"
    environment = block(config, "services", "neo4j", "environment")
    for name in referenced:
        assert re.search(rf"^\s*{name}:", environment, re.M), f"the check reads ${name}, which the container lacks"
        assert not name.startswith("NEO4J_"), f"{name}: the image turns NEO4J_* into neo4j.conf settings"
    assert value(config, "services", "neo4j", "environment", "KG_HEALTH_PASSWORD") == PASSWORD
    for key in ("interval", "timeout", "retries", "start_period"):
        assert re.search(rf"^\s*{key}:", check, re.M), f"healthcheck has no {key}"


def size_in_mb(text: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMgG])?[iI]?[bB]?", text).groups()
    return float(number) * {"k": 1 / 1024, "m": 1, "g": 1024, None: 1 / 1024 / 1024}[unit.lower() if unit else None]


def test_memory_fits_a_laptop(config):
    env = lambda key: value(config, "services", "neo4j", "environment", key)  # noqa: E731
    heap = size_in_mb(env("NEO4J_server_memory_heap_max__size"))
    initial = size_in_mb(env("NEO4J_server_memory_heap_initial__size"))
    pagecache = size_in_mb(env("NEO4J_server_memory_pagecache_size"))
    assert 512 <= initial <= heap, (initial, heap)
    assert pagecache >= 256
    assert heap + pagecache <= 4096, "heap and page cache should leave a laptop room"


def test_browser_may_play_guides_from_localhost(config):
    hosts = value(config, "services", "neo4j", "environment", "NEO4J_browser_remote__content__hostname__whitelist")
    assert "localhost" in [h.strip() for h in hosts.split(",")]


def test_a_missing_password_is_refused_with_a_clear_message(docker_compose, tmp_path):
    for env_file in (write_env(tmp_path / "nopass.env", NEO4J_USER="neo4j"),
                     write_env(tmp_path / "empty.env", NEO4J_USER="neo4j", NEO4J_PASSWORD=""),
                     DOCKER / ".env.example"):
        done = compose(docker_compose, env_file)
        assert done.returncode != 0, f"compose accepted {env_file.name} without a password"
        assert "set NEO4J_PASSWORD in docker/.env" in done.stderr + done.stdout, done.stderr


def test_kg_service_runs_the_tool_against_neo4j(config):
    assert "- tools" in block(config, "services", "kg", "profiles")
    assert value(config, "services", "kg", "environment", "NEO4J_URI") == "bolt://neo4j:7687"
    assert value(config, "services", "kg", "environment", "NEO4J_PASSWORD") == PASSWORD
    assert value(config, "services", "kg", "depends_on", "neo4j", "condition") == "service_healthy"
    assert Path(value(config, "services", "kg", "build", "context")) == ROOT
    assert value(config, "services", "kg", "build", "dockerfile") == "docker/Dockerfile"
    mounts = block(config, "services", "kg", "volumes")
    assert f"source: {ROOT / 'examples'}" in mounts, mounts
    assert "read_only: true" in mounts and "target: /input" in mounts, mounts
    assert "/input" in block(config, "services", "kg", "command")


def test_kg_input_folder_comes_from_an_env_var(docker_compose, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    env_file = write_env(tmp_path / "input.env", NEO4J_PASSWORD=PASSWORD, KG_INPUT=str(news))
    done = compose(docker_compose, env_file)
    assert done.returncode == 0, done.stderr
    assert f"source: {news}" in block(done.stdout, "services", "kg", "volumes")


# -- the tool's image --------------------------------------------------------------------

def test_dockerfile_installs_the_package_as_a_non_root_user():
    text = (DOCKER / "Dockerfile").read_text("utf-8")
    instructions = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert re.search(r'^ENTRYPOINT \["kg"\]\s*$', text, re.M)
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0"), "the image must end as an unprivileged user"
    assert extras_installed(text) is not None, "the package is installed from the repository"
    # Every package pyproject.toml builds is copied in (the context is the repository root).
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    copied = {src for line in instructions if line.startswith("COPY ") for src in line.split()[1:-1]}
    for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        assert pattern.rstrip("*") in copied, f"docker/Dockerfile does not COPY {pattern.rstrip('*')}"
    assert pyproject["project"]["readme"] in " ".join(copied)


# `pip install .`, `pip install -e '.[html,rdf]'`: the package from the repository, with its extras
PIP_INSTALL = re.compile(r"pip install (?:-e )?(['\"]?)\.(?:\[([\w,-]+)\])?\1(?=\s|$)")


def extras_installed(text: str) -> set[str] | None:
    """The extras of the first `pip install` of the package from the repository in `text`; None if none."""
    found = PIP_INSTALL.search(text)
    return None if found is None else {e for e in (found[2] or "").split(",") if e}


def test_pip_install_reader_sees_the_extras():
    assert extras_installed("RUN pip install . \\") == set()
    assert extras_installed("pip install -e '.[html,rdf]' && kg build") == {"html", "rdf"}
    assert extras_installed("pip install pyshacl") is None


def test_the_image_installs_the_extras_of_the_readme_quick_start():
    """What the quick start installs, the image installs: every command the README shows runs in both."""
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    extras = extras_installed(quick_start)
    assert extras is not None, "the quick start does not install the package"
    # `kg export html` needs neo4j-viz, `kg export rdf --validate` pyshacl
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    assert any(d.startswith("neo4j-viz") for d in optional["html"]) and any(d.startswith("pyshacl") for d in optional["rdf"])
    assert {"html", "rdf"} <= extras, f"the quick start installs {extras or 'no extras'}"
    assert extras_installed((DOCKER / "Dockerfile").read_text("utf-8")) == extras


def test_dockerignore_keeps_the_context_small_and_secret_free():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    for entry in (".git", ".venv", "kg-data", "node_modules", ".pytest_cache", ".env"):
        assert entry in ignored or f"**/{entry}" in ignored, f".dockerignore does not exclude {entry}"
    for needed in ("kg", "loaders", "ontology", "queries", "pyproject.toml", "README.md"):
        assert needed not in ignored, f".dockerignore excludes {needed}, which the image is built from"


# -- Neo4j Browser style (GRASS) -----------------------------------------------------------

def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Rules in file order, read the way Neo4j Browser reads them: single quotes delimit strings."""
    rules: dict[str, dict[str, str]] = {}
    keyword, props, in_props, in_string = "", "", False, False
    for c in text:
        if c == "'":
            in_string = not in_string
            continue
        if c == "{" and not in_string:
            in_props = True
            continue
        if c == "}" and not in_string:
            in_props = False
            rules[keyword] = dict(
                (k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in props.split(";") if ":" in p))
            keyword, props = "", ""
            continue
        if in_props:
            props += c
        elif not c.isspace():
            keyword += c
    return rules


def test_grass_gives_every_label_a_colour_size_and_caption():
    text = GRASS.read_text("utf-8")
    assert '"' not in text, "Browser's GRASS reader only knows single-quoted strings: '{name}', not \"{name}\""
    rules = parse_grass(text)
    colours = {}
    for label in ALL_LABELS:
        rule = rules.get(f"node.{label}")
        assert rule, f"no node.{label} rule in {GRASS.name}"
        # entities by their caption: the name, with the country where nodes are written alike
        assert rule.get("caption") == ("{title}" if label == "Article" else "{caption}"), (label, rule)
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", rule.get("color", "")), (label, rule)
        assert re.fullmatch(r"\d+px", rule.get("diameter", "")), (label, rule)
        colours[label] = rule["color"].upper()
    assert len(set(colours.values())) == len(colours), f"labels share a colour: {colours}"
    # Entity nodes carry a second label; Browser applies rules in file order, so the fallback comes first.
    order = list(rules)
    assert all(order.index("node.Entity") < order.index(f"node.{label}") for label in ENTITY_LABELS)


def test_grass_captions_relationships_with_their_type():
    rules = parse_grass(GRASS.read_text("utf-8"))
    assert rules["relationship"]["caption"] == "<type>"
    for rel_type in ALL_TYPES:
        assert rules.get(f"relationship.{rel_type}", {}).get("caption") == "<type>", rel_type


# -- Neo4j Browser guide -------------------------------------------------------------------

def guide_queries() -> list[str]:
    text = GUIDE.read_text("utf-8")
    blocks = re.findall(r'<pre\b[^>]*\bclass="[^"]*\brunnable\b[^"]*"[^>]*>(.*?)</pre>', text, re.S)
    return [html.unescape(b).strip() for b in blocks]


def names_used(query: str) -> tuple[set[str], set[str]]:
    """Labels and relationship types written in a Cypher statement's patterns and label predicates."""
    code = re.sub(r"//[^\n]*|'[^']*'|\"[^\"]*\"", "''", query)  # comments and strings say nothing
    labels = set()
    for chain in re.findall(r"\(\s*\w*\s*((?::\s*`?\w+`?\s*)+)", code):
        labels |= set(re.findall(r"\w+", chain))
    labels |= set(re.findall(r"\bWHERE\s+\w+\s*:\s*(\w+)", code))
    types = set()
    for chain in re.findall(r"\[\s*\w*\s*:\s*([\w|:`\s]+?)\s*[\]{*]", code):
        types |= set(re.findall(r"\w+", chain))
    return labels, types


def test_names_used_sees_labels_and_types():
    labels, types = names_used("MATCH (a:Foo:Entity {id: 'x:Y'})-[:BAR|BAZ]->(:Qux) WHERE a:Quux "
                               "RETURN [x IN a.l WHERE x > 1][..2] // (c:Comment)")
    assert labels == {"Foo", "Entity", "Qux", "Quux"}
    assert types == {"BAR", "BAZ"}


def test_guide_has_four_to_six_slides_of_runnable_cypher():
    text = GUIDE.read_text("utf-8")
    assert re.search(r'<article class="guide"', text) and "<carousel" in text
    slides = re.findall(r'<slide class="row-fluid">(.*?)</slide>', text, re.S)
    assert 4 <= len(slides) <= 6, len(slides)
    for slide in slides:
        assert re.search(r'<pre mode="cypher" class="[^"]*\brunnable\b', slide), "a slide without a runnable query"


def test_guide_uses_only_the_schemas_labels_and_types():
    # Entity, Article and MENTIONS are the store's own (kg/store/cypher.py); the rest is kg/schema.py.
    assert ":Entity:" in cypher.write_entities(ENTITY_LABELS[0]) and "(a:Article" in cypher.WRITE_MENTIONS
    assert f"[m:{MENTIONS}]" in cypher.WRITE_MENTIONS
    queries = guide_queries()
    assert queries
    for query in queries:
        labels, types = names_used(query)
        assert labels <= set(ALL_LABELS), f"unknown labels {labels - set(ALL_LABELS)} in:\n{query}"
        assert types <= set(ALL_TYPES), f"unknown relationship types {types - set(ALL_TYPES)} in:\n{query}"


def test_guide_reads_the_provenance_properties_the_store_writes():
    text = "\n".join(guide_queries())
    for prop in ("sources", "evidence", "title", "date", "name"):
        assert re.search(rf"\.{prop}\b", text), f"the guide never reads .{prop}"
    # sources and evidence are what the store writes on every fact
    assert "r.sources" in cypher.write_relations(RELATION_TYPES[0])
    assert "r.evidence" in cypher.write_relations(RELATION_TYPES[0])


def guide_graph() -> KnowledgeGraph:
    article = Node(id="article:guide", label="Article",
                   props={"title": "Thủ tướng thăm Nhật Bản", "published": "2024-03-05", "url": "https://example.org/a"})
    nodes = [
        Node(id="person:a", label="Person", props={"name": "Nguyễn Văn A"}),
        Node(id="person:b", label="Person", props={"name": "Kishida Fumio"}),
        Node(id="ministry:VNM:bo-ngoai-giao", label="Ministry", props={"name": "Bộ Ngoại giao"}),
        Node(id="country:VNM", label="Country", props={"name": "Việt Nam", "iso3": "VNM"}),
        Node(id="country:JPN", label="Country", props={"name": "Nhật Bản", "iso3": "JPN"}),
        Node(id="province:quang-ninh", label="Province", props={"name": "Quảng Ninh"}),
        Node(id="agreement:mou", label="Agreement", props={"name": "Bản ghi nhớ hợp tác"}),
    ]

    def fact(source: str, target: str, rel_type: str, **props) -> Edge:
        return Edge(source=source, target=target, type=rel_type, key=f"{source}|{rel_type}|{target}",
                    props={**props, "sources": [article.id], "evidence": ["Câu trong bài."],
                           "first_seen": "2024-03-05", "last_seen": "2024-03-05", "confidence": 0.9})

    edges = [
        fact("person:a", "ministry:VNM:bo-ngoai-giao", "HOLDS_POSITION", title="Bộ trưởng"),
        fact("person:a", "country:JPN", "VISITED", date="2024-03-05"),
        fact("person:a", "person:b", "MET", date="2024-03-05", kind="talks"),
        fact("country:VNM", "agreement:mou", "SIGNED", date="2024-03-05"),
        fact("province:quang-ninh", "agreement:mou", "SIGNED", date="2024-03-05"),
        fact("province:quang-ninh", "country:JPN", "COOPERATES_WITH"),
    ]
    graph = KnowledgeGraph()
    graph.add(GraphDelta(article=article, nodes=nodes, mentions={n.id: 1 for n in nodes}, edges=edges))
    return graph


def test_every_guide_query_returns_rows_on_a_graph_the_store_wrote(store):
    store.write_graph(guide_graph())
    for query in guide_queries():
        result = store.run(query)
        assert result.rows, f"no rows on a graph with every kind of fact the guide asks about:\n{query}"


def test_guide_cypher_passes_neo4js_parser():
    """Neo4j's own parser and semantic analysis (tools/cypher-lint, as in test_cypher_lint.py)."""
    node = shutil.which("node")
    linter = ROOT / "tools" / "cypher-lint"
    if node is None or not (linter / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("the Cypher linter needs Node >= 18 and `(cd tools/cypher-lint && npm ci)`")
    statements = [{"name": f"guide #{i}", "query": q, "params": {}} for i, q in enumerate(guide_queries())]
    schema = {"labels": list(ALL_LABELS), "relationshipTypes": list(ALL_TYPES)}
    done = subprocess.run([node, str(linter / "lint.mjs"), json.dumps(schema)], input=json.dumps(statements),
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(statements)
    bad = [(s["query"], r["diagnostics"]) for s, r in zip(statements, results)
           if any(d["severity"] in ("error", "warning") for d in r["diagnostics"])]
    assert not bad, "\n\n".join(f"{q}\n{d}" for q, d in bad)


# -- serving the guide to Browser ----------------------------------------------------------

def test_guide_server_answers_browsers_cors_preflight_and_hides_the_rest(guide_server):
    # What Browser sends before fetching a guide from another origin.
    preflight = urllib.request.Request(f"{guide_server}/browser-guide.html", method="OPTIONS", headers={
        "Origin": "http://localhost:7474", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "pragma,cache-control"})
    with urllib.request.urlopen(preflight, timeout=10) as reply:
        assert reply.status in (200, 204)
        assert reply.headers["Access-Control-Allow-Origin"] in ("*", "http://localhost:7474")
        assert "cache-control" in reply.headers["Access-Control-Allow-Headers"].lower()
    for name in ("browser-guide.html", "browser-style.grass"):
        with urllib.request.urlopen(f"{guide_server}/{name}", timeout=10) as reply:
            assert reply.headers["Access-Control-Allow-Origin"]
            assert reply.read() == (DOCKER / name).read_bytes()
    for secret in (".env.example", "docker-compose.yml", "../pyproject.toml"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{guide_server}/{secret}", timeout=10)
        assert refused.value.code == 404, secret
