from __future__ import annotations

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
def falkor_session(tmp_path_factory):
    """One embedded FalkorDB for the test session; each test gets it empty."""
    from kg.store.falkor import FalkorStore

    store = FalkorStore(tmp_path_factory.mktemp("falkor"))
    yield store
    store.close()


@pytest.fixture
def store(falkor_session):
    falkor_session.reset()
    falkor_session.setup_schema()
    return falkor_session
