"""The CLI at its edges, as a user would meet them: parameters no store can hold, output to
standard output or a full device, file names that could forge a report line, symlinks that
lead out of the input folder, a runaway query."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from runkg import ROOT, kg


@pytest.fixture(scope="module")
def store(tmp_path_factory, samples) -> Path:
    data = tmp_path_factory.mktemp("store") / "kg-data"
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


def one_line(proc: subprocess.CompletedProcess, code: int = 1) -> str:
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("param, message", [
    ("x=18446744073709551616", "$x: integer outside the 64-bit range"),
    ("x=-9223372036854775809", "$x: integer outside the 64-bit range"),
    ("x=NaN", "$x: nan is not a finite number"),
    ("x=-Infinity", "$x: -inf is not a finite number"),
    ("x={\"a`b\": 1}", "$x: key 'a`b' is empty or holds a backtick"),
    ("a`b=1", "key 'a`b' is empty or holds a backtick"),
])
def test_a_parameter_no_store_can_hold_is_refused_by_name(store, param, message):
    line = one_line(kg("query", "RETURN 1 AS one", "-p", param, "--data-dir", str(store), check=False))
    assert message in line and "not sent to FalkorDB" in line


def test_a_parameter_without_a_name_is_a_usage_error(store):
    proc = kg("query", "RETURN 1 AS one", "-p", "=1", "--data-dir", str(store), check=False)
    assert one_line(proc, 2) == "kg: --param '=1' is not NAME=VALUE"


def test_the_largest_64_bit_integers_pass_unchanged(store):
    out = kg("query", "RETURN $hi AS hi, $lo AS lo", "-p", "hi=9223372036854775807", "-p", "lo=-9223372036854775808",
             "--format", "json", "--data-dir", str(store)).stdout
    assert json.loads(out) == [{"hi": 2**63 - 1, "lo": -(2**63)}]


def test_a_parameter_with_a_lone_surrogate_reads_as_a_replacement_character(store):
    # An argument that is not UTF-8 reaches Python as lone surrogates (surrogateescape).
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "RETURN $x AS x", "-p", b"x=a\xffb", "--format", "json",
         "--data-dir", str(store)], capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"x": "a\ufffdb"}]


def test_a_runaway_query_is_stopped_at_its_timeout(store):
    runaway = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"
    line = one_line(kg("query", runaway, "--timeout", "0.5", "--data-dir", str(store), check=False))
    assert "timed out" in line and "--timeout 0.5 s" in line


def test_a_query_cannot_write(store):
    line = one_line(kg("query", "MATCH (n) DETACH DELETE n", "--data-dir", str(store), check=False))
    assert "refused the statement" in line
    assert json.loads(kg("stats", "--format", "json", "--data-dir", str(store)).stdout)["labels"]["Article"] == 2


def test_dash_writes_to_standard_output(store, samples, tmp_path):
    extracted = kg("extract", str(samples), "-o", "-", "--quiet")
    assert [json.loads(line)["doc"] for line in extracted.stdout.splitlines()] == ["d001", "d002"]
    nt = subprocess.run([sys.executable, "-m", "kg.cli", "export", "rdf", "--format", "nt", "-o", "-",
                         "--data-dir", str(store), "--quiet"], capture_output=True, cwd=tmp_path, timeout=300)
    assert nt.returncode == 0, nt.stderr
    assert len(Graph().parse(data=nt.stdout.decode(), format="nt")) > 100
    assert not (tmp_path / "-").exists() and not (ROOT / "-").exists()


def test_a_full_device_is_one_line(samples):
    line = one_line(kg("extract", str(samples), "-o", "/dev/full", "--quiet", check=False))
    assert line == "kg: cannot write /dev/full: No space left on device"


def test_a_newline_in_a_file_name_cannot_forge_a_report_line(tmp_path):
    (tmp_path / "a\nkg: skipped b.html").write_bytes(b"")
    proc = kg("extract", str(tmp_path), "--quiet", check=False)
    assert proc.returncode == 3
    assert proc.stderr.splitlines() == [f"kg: skipped {tmp_path}/a\\nkg: skipped b.html: empty file"]


def test_symlinks_leading_out_of_the_folder_are_reported_not_read(tmp_path, samples):
    inputs, outside = tmp_path / "in", tmp_path / "outside"
    inputs.mkdir()
    outside.mkdir()
    (inputs / "d001.txt").write_bytes((samples / "d001.txt").read_bytes())
    (outside / "d002.txt").write_bytes((samples / "d002.txt").read_bytes())
    (inputs / "same.txt").symlink_to("d001.txt")  # inside the folder: read
    (inputs / "passwd").symlink_to("/etc/passwd")
    (inputs / "linked").symlink_to(outside)
    proc = kg("extract", str(inputs), "--quiet", check=False)
    assert proc.returncode == 3
    assert [json.loads(line)["doc"] for line in proc.stdout.splitlines()] == ["d001", "same"]
    assert proc.stderr.splitlines() == [
        f"kg: skipped {inputs}/linked: symlink to the folder {outside}: not followed (name it on the command line to read it)",
        f"kg: skipped {inputs}/passwd: symlink to /etc/passwd, outside the folder: not followed (name it on the "
        "command line to read it)",
    ]
    named = kg("extract", str(inputs / "linked"), "--quiet")  # named, it is read
    assert [json.loads(line)["doc"] for line in named.stdout.splitlines()] == ["d002"]
    assert os.path.islink(inputs / "linked")
