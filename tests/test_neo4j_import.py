"""`kg export neo4j-import`: CSV files and a command for neo4j-admin database import full (Neo4j 5)."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from kg.export.neo4j_import import column_kind, csv_field, value_kind, write_import
from runkg import kg

HEADER_TYPES = {"string", "int", "long", "double", "boolean"}
HEADER_TYPES |= {t + "[]" for t in HEADER_TYPES}


def query(data: Path, cypher: str) -> list[dict]:
    return json.loads(kg("query", cypher, "--format", "json", "--data-dir", str(data)).stdout)


def import_args(out: Path) -> list[str]:
    """The arguments import.sh passes to neo4j-admin, read back by running it against a stub."""
    stub = out.parent / f"{out.name}-neo4j-admin"
    stub.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', encoding="utf-8")
    stub.chmod(0o755)
    proc = subprocess.run(["sh", str(out / "import.sh"), "news"], capture_output=True, text=True,
                          env={**os.environ, "NEO4J_ADMIN": str(stub)}, check=True)
    return proc.stdout.splitlines()


def array_delimiter(args: list[str]) -> str:
    value = next(a.split("=", 1)[1] for a in args if a.startswith("--array-delimiter="))
    return chr(int(value[2:], 16)) if value.startswith("U+") else value


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def parse(text: str, kind: str, delim: str):
    """A CSV field back to the value Neo4j would store; None for an empty field (no property)."""
    if text == "":
        return None
    if kind.endswith("[]"):
        return [parse(part, kind[:-2], delim) for part in text.split(delim)]
    return {"int": int, "long": int, "double": float, "boolean": lambda t: t == "true"}.get(kind, str)(text)


def records(out: Path, prefix: str, fixed: int, delim: str) -> list[tuple[list[str], dict]]:
    """(fixed fields, properties) of every row of the files named prefix*.csv."""
    found = []
    for path in sorted(out.glob(f"{prefix}*.csv")):
        header, rows = read_csv(path)
        columns = [h.rsplit(":", 1) for h in header[fixed:]]
        for row in rows:
            assert len(row) == len(header), (path.name, row)
            props = {name: parse(text, kind, delim) for (name, kind), text in zip(columns, row[fixed:])}
            found.append((row[:fixed], {k: v for k, v in props.items() if v is not None}))
    return found


def neo4j_view(props: dict) -> dict:
    """What CSV import can keep of stored properties: empty lists become no property."""
    return {k: v for k, v in props.items() if v is not None and v != []}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, samples):
    data = tmp_path_factory.mktemp("kg-data")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    out = tmp_path_factory.mktemp("export") / "neo4j csv"
    proc = kg("export", "neo4j-import", str(out), "--data-dir", str(data))
    return data, out, proc.stderr


def test_headers_follow_the_import_format(exported):
    _, out, _ = exported
    node_files = sorted(out.glob("nodes_*.csv"))
    rel_files = sorted(out.glob("rels_*.csv"))
    assert {p.name for p in node_files} >= {"nodes_Person.csv", "nodes_Country.csv", "nodes_Article.csv"}
    assert {p.name for p in rel_files} >= {"rels_HOLDS_POSITION.csv", "rels_MENTIONS.csv"}
    for path in node_files:
        header, rows = read_csv(path)
        assert header[:2] == ["id:ID(Node)", ":LABEL"], path.name
        assert rows, path.name
        for column in header[2:]:
            name, kind = column.rsplit(":", 1)
            assert re.fullmatch(r"[a-z_0-9]+", name) and kind in HEADER_TYPES, (path.name, column)
    for path in rel_files:
        header, _ = read_csv(path)
        assert header[:3] == [":START_ID(Node)", ":END_ID(Node)", ":TYPE"], path.name
        assert all(c.rsplit(":", 1)[1] in HEADER_TYPES for c in header[3:]), header
    assert "mention_count:int" in read_csv(out / "nodes_Person.csv")[0]
    assert "aliases:string[]" in read_csv(out / "nodes_Person.csv")[0]
    assert {"confidence:double", "sources:string[]", "evidence:string[]", "title:string"} <= set(
        read_csv(out / "rels_HOLDS_POSITION.csv")[0])
    assert read_csv(out / "rels_MENTIONS.csv")[0] == [":START_ID(Node)", ":END_ID(Node)", ":TYPE", "count:int"]


def test_every_node_round_trips_once_with_labels_and_properties(exported):
    data, out, _ = exported
    delim = array_delimiter(import_args(out))
    stored = query(data, "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    rows = records(out, "nodes_", 2, delim)
    ids = Counter(fixed[0] for fixed, _ in rows)
    assert ids == Counter(n["id"] for n in stored) and set(ids.values()) == {1}
    by_id = {fixed[0]: (fixed[1].split(delim), props) for fixed, props in rows}
    for node in stored:
        labels, props = by_id[node["id"]]
        assert sorted(labels) == sorted(node["labels"]), node["id"]
        if "Entity" in node["labels"]:
            assert labels[0] == "Entity" and len(labels) == 2
        assert props == neo4j_view({k: v for k, v in node["props"].items() if k != "id"}), node["id"]
    vn = by_id["country:VNM"][1]
    assert vn["name"] == "Việt Nam" and isinstance(vn["mention_count"], int) and vn["mention_count"] > 1
    assert (out / f"nodes_{next(l for l in by_id['country:VNM'][0] if l != 'Entity')}.csv").name == "nodes_Country.csv"


def test_every_relationship_round_trips_between_exported_nodes(exported):
    data, out, _ = exported
    delim = array_delimiter(import_args(out))
    node_ids = {fixed[0] for fixed, _ in records(out, "nodes_", 2, delim)}
    rows = records(out, "rels_", 3, delim)
    assert rows
    for (start, end, _), _ in rows:
        assert start in node_ids and end in node_ids, (start, end)
    stored = query(data, "MATCH (s)-[r]->(t) RETURN s.id AS s, type(r) AS type, t.id AS t, properties(r) AS props")
    key = lambda s, t, e, p: (s, t, e, json.dumps(p, sort_keys=True, ensure_ascii=False))  # noqa: E731
    assert Counter(key(*fixed, props) for fixed, props in rows) == Counter(
        key(r["s"], r["t"], r["type"], neo4j_view(r["props"])) for r in stored)
    for path in out.glob("rels_*.csv"):
        assert {row[2] for row in read_csv(path)[1]} == {path.stem[len("rels_"):]}


def test_list_elements_holding_semicolons_survive(exported):
    data, out, _ = exported
    delim = array_delimiter(import_args(out))
    stored = query(data, "MATCH ()-[r]->() WHERE r.evidence IS NOT NULL RETURN r.key AS key, r.evidence AS evidence")
    with_semicolon = {r["key"]: r["evidence"] for r in stored if any(";" in e for e in r["evidence"])}
    assert with_semicolon, "the sample pages should hold evidence with ';'"
    assert delim != ";"
    exported_evidence = {p["key"]: p["evidence"] for _, p in records(out, "rels_", 3, delim) if "evidence" in p}
    for key_, evidence in with_semicolon.items():
        assert exported_evidence[key_] == evidence


def test_counts_equal_kg_stats(exported):
    data, out, stderr = exported
    delim = array_delimiter(import_args(out))
    stats = json.loads(kg("stats", "--format", "json", "--data-dir", str(data)).stdout)
    labels = Counter(label for fixed, _ in records(out, "nodes_", 2, delim) for label in fixed[1].split(delim))
    types = Counter(fixed[2] for fixed, _ in records(out, "rels_", 3, delim))
    assert dict(labels) == stats["labels"]
    assert dict(types) == stats["relationships"]
    nodes = sum(v for k, v in stats["labels"].items() if k != "Entity")
    rels = sum(stats["relationships"].values())
    files = len(list(out.glob("*.csv")))
    assert stderr.count("\n") == 1
    assert f"wrote {files} CSV files" in stderr and f"{nodes} nodes, {rels} relationships" in stderr


def test_import_script_names_every_file_and_the_database(exported):
    _, out, _ = exported
    args = import_args(out)
    assert args[:4] == ["database", "import", "full", "news"]  # before --nodes=/--relationships= (many files each)
    assert "--overwrite-destination=true" in args and "--delimiter=," in args and '--quote="' in args
    assert "--multiline-fields=true" not in args  # evidence is stored trimmed: no value of the samples holds a line break
    named = sorted(a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships=")))
    assert named == sorted(p.name for p in out.glob("*.csv"))
    assert all(a.startswith("--nodes=nodes_") for a in args if a.startswith("--nodes="))
    assert all(a.startswith("--relationships=rels_") for a in args if a.startswith("--relationships="))
    default = subprocess.run(["sh", str(out / "import.sh")], capture_output=True, text=True, check=True,
                             env={**os.environ, "NEO4J_ADMIN": str(out.parent / f"{out.name}-neo4j-admin")})
    assert default.stdout.splitlines()[3] == "neo4j"
    assert len((out / "README.txt").read_text(encoding="utf-8").splitlines()) == 2
    assert "CREATE CONSTRAINT entity_id" in (out / "schema.cypher").read_text(encoding="utf-8")


# -- hand-made records ----------------------------------------------------------------------

AWKWARD = 'Bộ trưởng "Bùi Thanh Sơn", Hà Nội\nngày 9/12'


def hand_made(tmp_path: Path, nodes: list[dict], rels: list[dict]):
    summary = write_import(tmp_path, lambda: iter(nodes), lambda: iter(rels))
    args = shlex.split((tmp_path / "import.sh").read_text(encoding="utf-8").split("exec ", 1)[1].replace("\\\n", " "))
    return summary, args


def test_type_inference():
    assert [value_kind(v) for v in ("x", 3, 2 ** 40, 0.5, True, ["a"], [], [1, 2.5], None)] == [
        "string", "int", "long", "double", "boolean", "string[]", "[]", "double[]", None]
    assert column_kind({"int"}) == "int"
    assert column_kind({"int", "long"}) == "long"
    assert column_kind({"int", "double", None}) == "double"
    assert column_kind({"boolean", "int"}) == "string"
    assert column_kind({"string", "int"}) == "string"
    assert column_kind({"string[]", "[]"}) == "string[]"
    assert column_kind({"[]"}) == "string[]"
    assert column_kind({"int[]", "double[]"}) == "double[]"
    assert column_kind({"string", "string[]"}) == "string"
    assert csv_field(None) == "" and csv_field("") == '""' and csv_field("a") == "a"
    assert csv_field('say "hi", twice') == '"say ""hi"", twice"'
    assert csv_field(" edge") == '" edge"'


def test_awkward_values_round_trip(tmp_path):
    nodes = [
        {"id": "person:a", "labels": ["Person", "Entity"], "props": {
            "id": "person:a", "name": AWKWARD, "aliases": ["Sơn; Bùi", 'x,"y"', "dòng\nmới"],
            "score": 1, "flag": True, "note": "", "mixed": 3}},
        {"id": "person:b", "labels": ["Entity", "Person"], "props": {
            "id": "person:b", "name": "Lê Thị Thu Hằng", "aliases": [], "score": 2.25, "flag": False,
            "mixed": "ba", "big": 2 ** 40}},
        {"id": "article:1", "labels": ["Article"], "props": {"id": "article:1", "title": "Tin, \"mới\""}},
    ]
    rels = [{"source": "person:a", "type": "MET", "target": "person:b",
             "props": {"date": "2021-12", "confidence": 0.6, "evidence": ["a;b", "c|d"], "sources": ["article:1"]}}]
    summary, args = hand_made(tmp_path, nodes, rels)
    assert (summary.nodes, summary.relationships, summary.dropped) == (3, 1, 0)
    assert summary.files == ["nodes_Article.csv", "nodes_Person.csv", "rels_MET.csv"]
    delim = array_delimiter(args)
    assert delim == "\x1f" and "--array-delimiter=U+001F" in args  # ';' and '|' both occur in elements
    assert "--multiline-fields=true" in args

    header, rows = read_csv(tmp_path / "nodes_Person.csv")
    assert header == ["id:ID(Node)", ":LABEL", "aliases:string[]", "big:long", "flag:boolean",
                      "mixed:string", "name:string", "note:string", "score:double"]
    props = {fixed[0]: (fixed[1], p) for fixed, p in records(tmp_path, "nodes_", 2, delim)}
    assert props["person:a"] == (f"Entity{delim}Person", {
        "aliases": ["Sơn; Bùi", 'x,"y"', "dòng\nmới"], "flag": True, "mixed": "3", "name": AWKWARD,
        "score": 1.0})
    assert props["person:b"][1] == {"big": 2 ** 40, "flag": False, "mixed": "ba", "name": "Lê Thị Thu Hằng",
                                    "score": 2.25}
    assert props["article:1"] == ("Article", {"title": 'Tin, "mới"'})
    raw = (tmp_path / "nodes_Person.csv").read_text(encoding="utf-8")
    assert '9/12","",1\n' in raw  # the empty string stays ""; a missing value is an empty field
    assert '"Bộ trưởng ""Bùi Thanh Sơn"", Hà Nội\nngày 9/12"' in raw
    assert len(rows) == 2 and rows[1][header.index("note:string")] == ""
    _, rel = records(tmp_path, "rels_", 3, delim)[0]
    assert rel == {"date": "2021-12", "confidence": 0.6, "evidence": ["a;b", "c|d"], "sources": ["article:1"]}


def test_default_delimiter_when_no_element_holds_it(tmp_path):
    nodes = [{"id": "country:VNM", "labels": ["Entity", "Country"],
              "props": {"id": "country:VNM", "name": "Việt Nam; CHXHCN", "aliases": ["Vietnam", "VN"]}}]
    summary, args = hand_made(tmp_path, nodes, [])
    assert summary.array_delimiter == ";" and "--array-delimiter=;" in args
    assert "--multiline-fields=true" not in args
    _, rows = read_csv(tmp_path / "nodes_Country.csv")
    assert rows == [["country:VNM", "Entity;Country", "Vietnam;VN", "Việt Nam; CHXHCN"]]


# -- Neo4j's own importer --------------------------------------------------------------------

SERVER = Path(__file__).resolve().parent.parent / "tools" / "neo4j-server"


def shell_exports(text: str) -> dict[str, str]:
    """The variables of `export A=x B=y` lines, as tools/neo4j-server/start prints them."""
    found = {}
    for line in text.splitlines():
        words = shlex.split(line)
        if words and words[0] == "export":
            found.update(w.split("=", 1) for w in words[1:])
    return found


def neo4j_dump(env: dict | None = None) -> tuple[list, list]:
    def rows(cypher: str) -> list:
        return json.loads(kg("query", cypher, "--store", "neo4j", "--format", "json", env=env).stdout)

    nodes = rows("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id")
    for n in nodes:
        n["labels"] = sorted(n["labels"])
        n["props"] = neo4j_view(n["props"])
    rels = rows("MATCH (s)-[r]->(t) RETURN s.id AS s, type(r) AS type, t.id AS t, properties(r) AS props")
    key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
    return nodes, sorted(({**r, "props": neo4j_view(r["props"])} for r in rels), key=key)


@pytest.mark.neo4j
def test_neo4j_admin_imports_the_csv_files_as_a_build_into_neo4j_stores_them(neo4j_session, exported, samples,
                                                                          tmp_path):
    """import.sh run by Neo4j's own importer (neo4j-admin from Maven Central), then the imported
    database served and dumped: the same graph as `kg build --store neo4j` of the same pages."""
    _, out, _ = exported
    home = tmp_path / "neo4j home"
    home.mkdir()
    proc = subprocess.run(["sh", str(out / "import.sh")], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NEO4J_HOME": str(home), "KG_NEO4J_HEAP": "512m",
                               "NEO4J_ADMIN": str(SERVER / "neo4j-admin")})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "IMPORT DONE" in proc.stdout
    started = subprocess.run([str(SERVER / "start")], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "KG_NEO4J_FROM": str(home), "KG_NEO4J_HEAP": "512m"})
    assert started.returncode == 0, started.stderr
    imported_server = shell_exports(started.stdout)
    try:
        imported = neo4j_dump(env=imported_server)
    finally:
        subprocess.run([str(SERVER / "stop")], env={**os.environ, **imported_server}, timeout=120)
    neo4j_session.reset()
    kg("build", str(samples), "--store", "neo4j", "--quiet")
    built = neo4j_dump()
    assert len(imported[0]) > 40 and len(imported[1]) > 70
    assert imported == built
