"""An export cut short leaves the earlier good export byte for byte and no partial file: each
format is written beside its target and renamed into place once whole (kg.cli.common.atomic_output)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export import graph_files, html, rdf
from runkg import kg

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
