from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "news"
SHARED_DEV = ROOT.parent / "shared" / "data" / "dev"


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


@pytest.fixture(scope="session")
def neo4j_session():
    """The Neo4j at NEO4J_URI (its database is wiped per test), when one is configured."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("no Neo4j server: set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to run the store tests on Neo4j")
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
