"""`kg build` on many documents: written in chunks, on worker processes or a Dask LocalCluster,
and completed by a re-run after the embedded server is killed in the middle."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from kg.build import write_deltas
from kg.extract.pipeline import extract
from kg.model import Document
from kg.resolve import resolve
from loaders import iter_documents
from runkg import ROOT, full_dump, kg, stats


def write_corpus(path: Path, pages: Path, copies: int) -> int:
    """A JSONL file of the pages under `pages`, each `copies` times with its own URL (so its own
    article): a corpus of any size from the sample pages."""
    docs = [d for d in iter_documents([pages]) if isinstance(d, Document)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(copies):
            for d in docs:
                out.write(json.dumps({"id": f"{d.name}-{i}", "url": f"https://example.org/{i}/{d.name}",
                                      "title": d.title, "published": d.published, "text": d.text},
                                     ensure_ascii=False) + "\n")
    return copies * len(docs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "tin tức.jsonl"
    write_corpus(path, samples, 15)  # 30 articles
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus) -> tuple[list, list]:
    """The graph of the corpus built in one process and one write."""
    data = tmp_path_factory.mktemp("reference")
    kg("build", str(corpus), "--data-dir", str(data), "--quiet", "--commit-every", "1000")
    return full_dump(data)


def test_writing_in_chunks_gives_the_graph_of_one_write(store, samples):
    deltas = [resolve(ex) for ex in extract(d for d in iter_documents([samples]) if isinstance(d, Document))]
    dumps = []
    for commit_every in (1, 1000):
        store.reset()
        summary = write_deltas(store, deltas, commit_every=commit_every)
        assert summary.articles == 2
        dumps.append((store.run("MATCH (n) RETURN n.id, properties(n) ORDER BY n.id").rows,
                      store.run("MATCH (s)-[r]->(t) RETURN s.id, type(r), t.id, properties(r) "
                                "ORDER BY s.id, type(r), t.id, r.key").rows))
    assert dumps[0] == dumps[1]
    assert len(dumps[0][1]) > 50


def test_two_workers_and_small_chunks_build_the_same_graph(tmp_path, corpus, reference):
    proc = kg("build", str(corpus), "--data-dir", str(tmp_path), "--workers", "2", "--commit-every", "7")
    assert full_dump(tmp_path) == reference
    assert "built from 30 articles" in proc.stderr


def test_a_dask_local_cluster_builds_the_same_graph(tmp_path, corpus, reference):
    kg("build", str(corpus), "--data-dir", str(tmp_path), "--dask", "local", "--workers", "2", "--quiet")
    assert full_dump(tmp_path) == reference


@pytest.mark.neo4j
def test_a_dask_local_cluster_builds_into_neo4j(neo4j_session, tmp_path, corpus, reference):
    neo4j_session.reset()
    kg("build", str(corpus), "--store", "neo4j", "--dask", "local", "--workers", "2", "--quiet")
    kg("build", str(corpus), "--data-dir", str(tmp_path), "--quiet")  # the same corpus, embedded
    assert neo4j_session.stats() == stats(tmp_path)
    assert full_dump(None) == reference  # every node and relationship, with every property


def test_an_unreachable_dask_scheduler_is_one_line_and_nothing_is_written(tmp_path, samples):
    kg("build", str(samples / "d001.txt"), "--data-dir", str(tmp_path), "--quiet")
    before = full_dump(tmp_path)
    proc = kg("build", str(samples), "--data-dir", str(tmp_path), "--dask", "tcp://127.0.0.1:9", check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("kg: Dask scheduler at tcp://127.0.0.1:9 is unreachable")
    assert full_dump(tmp_path) == before


def test_progress_on_a_terminal_shows_counts_and_rate_and_quiet_shows_nothing(tmp_path, samples):
    terminal = {"FORCE_COLOR": "1", "COLUMNS": "120"}  # rich then treats stderr as a terminal
    proc = kg("build", str(samples), "--data-dir", str(tmp_path), env=terminal)
    assert re.search(r"extract\b.*2/2.*docs/s", proc.stderr) and re.search(r"store\b.*2/2", proc.stderr)
    assert "built from 2 articles" in proc.stderr
    assert "━" not in kg("build", str(samples), "--data-dir", str(tmp_path)).stderr  # not a terminal: no bars
    assert kg("build", str(samples), "--data-dir", str(tmp_path), "--quiet", env=terminal).stderr == ""
    proc = kg("export", "rdf", "--format", "nt", "-o", str(tmp_path / "g.nt"), "--data-dir", str(tmp_path), env=terminal)
    assert re.search(r"read\b.*(\d+)/\1.*rows/s", proc.stderr)


def _embedded_server(build: subprocess.Popen, deadline: float) -> tuple[int, int]:
    """(pid, port) of the redis-server the `kg build` process started."""
    while time.monotonic() < deadline:
        children = Path(f"/proc/{build.pid}/task/{build.pid}/children").read_text().split()
        for child in children:
            # redis-server retitles itself "redis-server 127.0.0.1:PORT" once it listens
            title = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode().split()
            if title and title[0].endswith("redis-server") and len(title) > 1 and ":" in title[1]:
                return int(child), int(title[1].rsplit(":", 1)[1])
        time.sleep(0.05)
    raise AssertionError("kg build started no embedded server")


def test_embedded_server_killed_mid_build_then_a_rerun_completes_the_graph(tmp_path, corpus, reference):
    data = tmp_path / "data"
    args = ["build", str(corpus), "--data-dir", str(data), "--commit-every", "5", "--quiet"]
    build = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    server_pid, port = _embedded_server(build, deadline)
    client = redis.Redis(port=port, socket_timeout=5)
    stored = 0
    while stored < 5 and time.monotonic() < deadline:  # until the first chunk is in
        try:
            rows = client.execute_command("GRAPH.RO_QUERY", "kg", "MATCH (a:Article) RETURN count(a)")
            stored = rows[1][0][0]
        except redis.exceptions.ResponseError:  # the graph does not exist yet
            pass
        time.sleep(0.01)
    os.kill(server_pid, signal.SIGKILL)
    _, stderr = build.communicate(timeout=120)
    assert stored < 30, "the build finished before the server was killed: the test tested nothing"
    assert build.returncode == 75  # interrupted: the same build again completes it
    line = stderr.strip()
    assert line.count("\n") == 0, stderr
    assert line.startswith(f"kg: FalkorDB at 127.0.0.1:{port} is unreachable"), line
    assert "articles of this build were stored; run the same build again to complete it" in line

    kg("build", str(corpus), "--data-dir", str(data), "--quiet")
    assert full_dump(data) == reference
    assert stats(data)["labels"]["Article"] == 30
