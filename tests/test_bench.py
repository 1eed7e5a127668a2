"""bench/: the peak-memory helper both benchmarks use, and how bench/run.py empties a Neo4j."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from rss import maxrss_mb, vmhwm_mb  # noqa: E402  (bench/rss.py)


def test_peak_rss_of_this_process_and_of_none():
    peak = vmhwm_mb()
    assert peak is not None and 1 < peak <= maxrss_mb() + 1
    assert vmhwm_mb(os.getpid()) == pytest.approx(peak, abs=1)
    assert vmhwm_mb(2**22 + 1) is None  # above pid_max's default: no such process


@pytest.mark.neo4j
def test_each_neo4j_step_starts_from_an_empty_database(neo4j_session):
    import run as bench

    db = neo4j_session
    db.reset()
    db.setup_schema()
    db.run(bench.RAW_INDEX, write=True)
    db.run("CREATE (:Entity:Person {id: 'person:a'})-[:MET {key: 'k'}]->(:Entity:Person {id: 'person:b'})", write=True)
    env = {"NEO4J_URI": os.environ["NEO4J_URI"], "NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
           "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "")}
    refused, line = bench.probe_neo4j(env, wipe=False)
    assert refused is None and "holds 2 nodes" in line and "--wipe-neo4j" in line
    allowed, line = bench.probe_neo4j(env, wipe=True)
    assert allowed == env and line.startswith("Neo4j Kernel 5.")

    bench.empty_neo4j(db)
    assert bench.stored_rows(db) == 0
    assert db.run("SHOW CONSTRAINTS").rows == []
    assert {t for (t,) in db.run("SHOW INDEXES YIELD type RETURN type").rows} == {"LOOKUP"}
    db.setup_schema()  # as the other neo4j tests expect to find it
