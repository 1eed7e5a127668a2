"""The `kg` command end to end, as a user runs it: real processes, real embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.export.rdf import DIP, Minter
from runkg import full_dump, kg, stats

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples) -> Path:
    data = tmp_path_factory.mktemp("kg-data")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


def test_building_twice_gives_the_same_counts(built, samples):
    first = stats(built)
    assert first["labels"]["Article"] == 2 and first["relationships"]["HOLDS_POSITION"] > 0
    kg("build", str(samples), "--data-dir", str(built), "--quiet")
    assert stats(built) == first


def test_named_query_answers_as_json(built):
    rows = json.loads(kg("query", "officials", "--format", "json", "--data-dir", str(built)).stdout)
    assert {"person": "Lê Hoài Trung", "title": "Thứ trưởng", "body": "Bộ Ngoại giao (Việt Nam)", "country": "VNM"}.items() <= next(
        r for r in rows if r["person"] == "Lê Hoài Trung").items()
    raw = kg("query", "MATCH (c:Country {iso3: $iso}) RETURN c.name AS name", "--param", "iso=VNM",
             "--format", "json", "--data-dir", str(built))
    assert json.loads(raw.stdout) == [{"name": "Việt Nam"}]


def test_rdf_export_parses_and_types_every_entity(built, tmp_path):
    out = tmp_path / "graph.ttl"
    kg("export", "rdf", "--format", "ttl", "-o", str(out), "--data-dir", str(built))
    g = Graph().parse(out, format="turtle")
    ids = json.loads(kg("query", "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels",
                        "--format", "json", "--data-dir", str(built)).stdout)
    assert ids
    mint = Minter()
    for row in ids:
        label = next(label for label in row["labels"] if label != "Entity")
        assert (mint(row["id"]), RDF.type, DIP[label]) in g, row


def test_unreadable_input_is_reported_and_the_run_goes_on(tmp_path, samples):
    folder = tmp_path / "in put ngoại giao"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "good.txt").write_text((samples / "d001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = kg("build", str(folder), "--data-dir", str(tmp_path / "data"), "--quiet", check=False)
    assert proc.returncode == 3
    assert "empty.txt" in proc.stderr and proc.stderr.count("\n") == 1
    assert stats(tmp_path / "data")["labels"]["Article"] == 1


def test_extraction_scores_on_the_development_set(dev_set, tmp_path):
    out = tmp_path / "out.jsonl"
    kg("extract", str(dev_set / "docs"), "--format", "jsonl", "-o", str(out), "--quiet")
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(list((dev_set / "docs").glob("*.txt")))
    score = ROOT.parent / "shared" / "tools" / "score.py"
    result = subprocess.run([sys.executable, str(score), str(out), str(dev_set / "gold"), "--json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["entity"]["f1"] >= 0.60


def test_a_then_b_gives_the_same_graph_as_a_and_b_together(tmp_path, samples):
    one_by_one, together = tmp_path / "one", tmp_path / "together"
    kg("build", str(samples / "d001.txt"), "--data-dir", str(one_by_one), "--quiet")
    kg("build", str(samples / "d002.txt"), "--data-dir", str(one_by_one), "--quiet")
    kg("build", str(samples), "--data-dir", str(together), "--quiet")
    assert stats(one_by_one) == stats(together)
    nodes, rels = full_dump(one_by_one)
    assert (nodes, rels) == full_dump(together)
    shared = [n for n in nodes if n["id"] == "ministry:VNM:bo-ngoai-giao"][0]["props"]
    assert shared["first_seen"] == "2016-08-13" and shared["mention_count"] > 1


def test_a_query_that_needs_neo4j_is_refused_by_the_embedded_store(built, monkeypatch):
    from typer.testing import CliRunner

    from kg import cli, queries

    needs_neo4j = queries.parse("needs_neo4j", "// Question: q?\n// Requires: neo4j\nRETURN 1 AS one\n")
    monkeypatch.setattr(queries, "find", lambda name: needs_neo4j if name == "needs_neo4j" else None)
    result = CliRunner().invoke(cli.app, ["query", "needs_neo4j", "--data-dir", str(built)])
    assert result.exit_code == 1
    assert "query 'needs_neo4j' needs neo4j: run it with --store neo4j" in result.output
