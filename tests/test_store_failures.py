"""A store that cannot be reached ends the run with one clear line, fast, before anything is written."""

from __future__ import annotations

import json
import socket
import time

import pytest
from runkg import kg



def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_neo4j_is_one_line_and_fast(scheme, samples):
    env = {"NEO4J_URI": f"{scheme}://127.0.0.1:{closed_port()}", "NEO4J_PASSWORD": "x"}
    started = time.monotonic()
    proc = kg("build", str(samples), "--store", "neo4j", "--quiet", env=env, check=False)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: Neo4j at ") and "unreachable" in lines[0], proc.stderr
    assert elapsed < 10


def test_reset_asks_before_it_deletes(tmp_path, samples):
    data = ["--data-dir", str(tmp_path / "data")]
    assert kg("build", str(samples), "--quiet", *data).returncode == 0
    refused = kg("reset", *data, stdin="n\n", check=False)
    assert refused.returncode == 1 and "nothing deleted" in refused.stderr
    counts = json.loads(kg("stats", "--format", "json", *data).stdout)
    assert counts["labels"]["Article"] == 2
    done = kg("reset", "--yes", *data)
    assert done.returncode == 0 and "deleted" in done.stderr
    assert json.loads(kg("stats", "--format", "json", *data).stdout) == {"labels": {}, "relationships": {}}


def test_a_store_never_built_is_refused_in_one_line_and_left_as_it_was(tmp_path):
    # The lines themselves: tests/test_cli_errors.py.
    fresh = tmp_path / "fresh"
    for made in (False, True):
        if made:
            fresh.mkdir()
        for args in (["stats"], ["query", "MATCH (n) RETURN count(n) AS n"], ["query", "CREATE (:Person {name: 'x'})"]):
            refused = kg(*args, "--data-dir", str(fresh), check=False)
            assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert (list(fresh.iterdir()) == []) if made else not fresh.exists()


# The wrong-password message is checked against the real Neo4j: tests/test_neo4j.py.
