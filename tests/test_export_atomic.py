"""An export cut short leaves the earlier good export byte for byte and no partial file: each
format is written beside its target and renamed into place once whole (kg.cli.common.atomic_output)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export import graph_files, html, rdf
from runkg import ROOT, kg

# (export command, its writer: module and attribute, or the graph-file writers' key)
EXPORTS = {
    "ttl": (["rdf", "--format", "ttl"], rdf, "write"),
    "nt": (["rdf", "--format", "nt"], rdf, "write"),
    "jsonld": (["rdf", "--format", "jsonld"], rdf, "write"),
    "trig": (["rdf", "--format", "trig"], rdf, "write"),
    "graphml": (["graphml"], graph_files.WRITERS, "graphml"),
    "json": (["json"], graph_files.WRITERS, "json"),
    "html": (["html"], html, "write"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory, samples) -> Path:
    data = tmp_path_factory.mktemp("store")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_an_interrupted_export_leaves_the_earlier_file_as_it_was(store, tmp_path, monkeypatch, fmt):
    command, owner, name = EXPORTS[fmt]
    target = tmp_path / f"graph.{fmt}"
    args = ["export", *command, "-o", str(target), "--data-dir", str(store), "--quiet"]
    kg(*args)
    good = target.read_bytes()
    assert good

    real = owner[name] if isinstance(owner, dict) else getattr(owner, name)

    def cut_short(*a, **k):
        real(*a, **k)  # the whole export, into the file it was given ...
        destination = [x for x in a if isinstance(x, (str, Path))][-1]  # the file the command writes to
        Path(destination).write_bytes(Path(destination).read_bytes()[:100])  # ... cut at 100 bytes
        raise KeyboardInterrupt  # Ctrl-C half way

    if isinstance(owner, dict):
        monkeypatch.setitem(owner, name, cut_short)
    else:
        monkeypatch.setattr(owner, name, cut_short)
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no partial file beside it


def contents(target: Path) -> dict[str, bytes]:
    """A file's bytes, or a folder's files' bytes (the HTML view's random element id made fixed)."""
    files = sorted(target.iterdir()) if target.is_dir() else [target] if target.exists() else []
    return {p.name: re.sub(rb"neo4j-viz-[0-9a-f]+", b"neo4j-viz-", p.read_bytes()) for p in files}


def put(target: Path, files: dict[str, bytes], folder: bool) -> None:
    shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    if folder:
        target.mkdir()
    for name, data in files.items():
        (target / name if folder else target).write_bytes(data)


@pytest.mark.parametrize("fmt", [*sorted(EXPORTS), "neo4j-import"])
def test_kill_9_half_way_leaves_the_earlier_export_as_it_was(tmp_path, samples, dev_set, fmt):
    """The earlier export is of a smaller store; the new one, of the grown store, is killed as
    soon as its partial file appears. A kill that lands before the end (the partial file it
    leaves behind shows it) leaves the earlier export byte for byte; the export is tried again
    until a kill lands so (a small export may end first)."""
    data = tmp_path / "kg-data"
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    folder = fmt == "neo4j-import"
    name = "import" if folder else f"graph.{fmt}"
    target = tmp_path / "out" / name
    target.parent.mkdir()

    def export(to: Path) -> list[str]:
        what = ["export", fmt, str(to)] if folder else ["export", *EXPORTS[fmt][0], "-o", str(to)]
        return [*what, "--data-dir", str(data), "--quiet"]

    kg(*export(target))
    good = contents(target)
    kg("build", str(dev_set / "docs"), "--data-dir", str(data), "--quiet")

    for _ in range(20):
        put(target, good, folder)
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *export(target)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not any(p.name.endswith(".part") for p in target.parent.iterdir()):
            time.sleep(0.001)
        proc.kill()
        proc.wait()
        if any(p.name.endswith(".part") for p in target.parent.iterdir()):
            break
    else:
        pytest.fail("in 20 tries no kill landed before the export ended")
    assert contents(target) == good
    kg(*export(target))  # the next export clears what the kill left
    assert contents(target) != good
    assert [p.name for p in target.parent.iterdir()] == [target.name]
