from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "news"
SHARED_DEV = ROOT.parent / "shared" / "data" / "dev"
DOCKER = ROOT / "docker"


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples) -> Path:
    """An embedded store built from the sample pages, as `kg build` makes it."""
    from runkg import kg

    data = tmp_path_factory.mktemp("kg-data")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def dev_set() -> Path:
    if not (SHARED_DEV / "docs").is_dir():
        pytest.skip(f"development set not found at {SHARED_DEV} (it lives in ../shared beside the repo)")
    return SHARED_DEV


@pytest.fixture(scope="session")
def falkordb_session(tmp_path_factory):
    """One embedded FalkorDB for the test session; each test gets it empty."""
    from kg.store.falkor import FalkorStore

    store = FalkorStore(tmp_path_factory.mktemp("falkor"))
    yield store
    store.close()


# .ci/run sets this after starting Neo4j: then a neo4j-marked test that skips fails the run.
REQUIRE_NEO4J = "KG_REQUIRE_NEO4J"


def no_neo4j_reason() -> str:
    """One line: why the Neo4j tests skip here, and how to run them."""
    if shutil.which("java") and shutil.which("mvn"):
        return "no Neo4j server: run the tests as `tools/neo4j-server/run python -m pytest -q` to start one"
    return "no Neo4j server, and no Java 17 and Maven here to start one with tools/neo4j-server/run"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (KG_REQUIRE_NEO4J set) every neo4j-marked test must run: a skip is a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get(REQUIRE_NEO4J) and item.get_closest_marker("neo4j") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{REQUIRE_NEO4J} is set, so this neo4j test must run, but it skipped: {reason}"


@pytest.fixture(scope="session")
def neo4j_session():
    """The Neo4j at NEO4J_URI (its database is wiped per test), when one is configured."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(no_neo4j_reason())
    from kg.store.neo4j_store import Neo4jStore

    store = Neo4jStore()
    yield store
    store.close()


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    """Each store test runs on the embedded FalkorDB and, where NEO4J_URI is set, on Neo4j."""
    db = request.getfixturevalue(f"{request.param}_session")
    db.reset()
    db.setup_schema()
    return db


@pytest.fixture
def guide_server():
    """docker/serve_guide.py's handler on a free port of 127.0.0.1: the guide and style as Browser fetches them."""
    spec = importlib.util.spec_from_file_location("serve_guide", DOCKER / "serve_guide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    quiet = type("QuietGuideHandler", (module.GuideHandler,), {"log_message": lambda self, *args: None})
    handler = functools.partial(quiet, directory=str(DOCKER))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
