"""While `kg build` holds the embedded store, the commands that only read are answered by its
server instead of being refused (issue 16); the ones that write are still refused, and the build
goes on undisturbed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runkg import ROOT, kg, repeated_samples


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples) -> Path:
    """The two sample pages 300 times under other URLs: a build that lasts long enough to ask it."""
    return repeated_samples(samples, tmp_path_factory.mktemp("corpus") / "many.jsonl", 300)


def articles(data: Path) -> subprocess.CompletedProcess:
    return kg("query", "MATCH (a:Article) RETURN count(a) AS n", "--format", "json", "--data-dir", str(data), check=False)


def test_a_running_build_answers_reads_and_refuses_writes(tmp_path, corpus):
    data = tmp_path / "data"
    build = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--commit-every", "20",
                              "--data-dir", str(data), "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:  # until the build has stored something
            assert build.poll() is None, f"the build ended before it was asked: {build.stderr.read()}"
            assert time.monotonic() < deadline, "the build stored nothing in 120 s"
            proc = articles(data)
            if proc.returncode == 0 and json.loads(proc.stdout)[0]["n"] > 0:
                break
            assert "in use by another kg process" not in proc.stderr, proc.stderr  # a read is never refused
            time.sleep(0.5)
        assert build.poll() is None, "the build ended before it was asked: the test tested nothing"
        stats = kg("stats", "--format", "json", "--data-dir", str(data))
        assert json.loads(stats.stdout)["labels"]["Article"] >= 20
        reset = kg("reset", "--yes", "--data-dir", str(data), check=False)
        assert reset.returncode == 1 and "is in use by another kg process" in reset.stderr, reset.stderr
        assert build.wait(300) == 0, build.stderr.read()
    finally:
        if build.poll() is None:
            build.send_signal(signal.SIGTERM)
            build.wait(60)
    assert json.loads(articles(data).stdout)[0]["n"] == 600  # the build was not disturbed
