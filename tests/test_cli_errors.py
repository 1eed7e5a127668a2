"""What used to fail cryptically or silently now ends with one line, `kg: <what went wrong>; <what to
do>`, and the exit code the README gives: a store never built, a data dir that does not exist (and
must not be created by a read), Neo4j asked for with no settings, `kg eval` of a path that names
nothing, and files that are no news pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from runkg import ROOT, kg, stats

from kg.store.falkor_server import EmbeddedFalkor

EXIT_SKIPPED = 3


def the_line(proc: subprocess.CompletedProcess, code: int) -> str:
    """The one line on stderr of a run that ended with `code`."""
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def kg_without(names: tuple[str, ...], *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`kg ARGS...` with the environment variables `names` unset (runkg.kg can only add)."""
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={**clean, **(env or {})})


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- 1. a store never built ----------------------------------------------------------------------

READS = {
    "stats": ["stats"],
    "query": ["query", "officials"],
    "export rdf": ["export", "rdf", "-o", "{out}/graph.ttl"],
    "export graphml": ["export", "graphml", "-o", "{out}/graph.graphml"],
    "analyze": ["analyze"],
    "reset": ["reset", "--yes"],
    "backup": ["backup", "{out}/backup"],
    "repair": ["repair"],
}


def read_args(name: str, out: Path) -> list[str]:
    return [arg.format(out=out) for arg in READS[name]]


def never_built(data: Path) -> str:
    return f"kg: no graph built in {data} yet; run kg build PATHS --data-dir {data} first"


@pytest.mark.parametrize("command", READS)
def test_a_store_never_built_is_named_with_the_build_to_run_and_left_untouched(tmp_path, command):
    # An empty folder named as the data dir: refused before a server starts, so no lock, log or
    # appendonlydir is left in it (kg stats included: an empty table could not tell this folder
    # from a store emptied by kg reset, which still reads as its empty counts).
    data, out = tmp_path / "kg-data", tmp_path / "out"
    data.mkdir()
    out.mkdir()
    proc = kg(*read_args(command, out), "--data-dir", str(data), check=False)
    assert the_line(proc, 1) == never_built(data)
    assert proc.stdout == ""
    assert tree(data) == [] and tree(out) == []


def test_a_store_whose_server_ran_but_holds_no_graph_is_named_too(tmp_path):
    # FalkorDB's own answer here was "Invalid graph operation on empty key".
    data = tmp_path / "kg-data"
    with EmbeddedFalkor(data):
        pass  # the server made its files, and no graph
    before = {p: p.read_bytes() for p in (data / "appendonlydir").iterdir()}
    for args in (["stats"], ["query", "officials"], ["export", "rdf", "-o", str(tmp_path / "x.ttl")]):
        proc = kg(*args, "--data-dir", str(data), check=False)
        assert the_line(proc, 1) == never_built(data)
        assert "empty key" not in proc.stderr
    assert {p: p.read_bytes() for p in (data / "appendonlydir").iterdir()} == before  # no empty graph written
    assert not (tmp_path / "x.ttl").exists()


# -- 2. reading never creates the data dir --------------------------------------------------------

def does_not_exist(data: Path) -> str:
    return (f"kg: data dir {data} does not exist; check --data-dir (or KG_DATA_DIR), "
            f"or make a store there with kg build PATHS --data-dir {data}")


@pytest.mark.parametrize("command", READS)
def test_reading_a_data_dir_that_does_not_exist_names_it_and_creates_nothing(tmp_path, command):
    typo, out = tmp_path / "typo-dir" / "kg-data", tmp_path / "out"
    out.mkdir()
    proc = kg(*read_args(command, out), "--data-dir", str(typo), check=False)
    assert the_line(proc, 1) == does_not_exist(typo)
    assert proc.stdout == ""
    assert tree(tmp_path) == ["out"]


def test_kg_data_dir_that_does_not_exist_is_named_and_not_created(tmp_path):
    typo = tmp_path / "typo-dir"
    proc = kg_without(("KG_DATA_DIR",), "stats", env={"KG_DATA_DIR": str(typo)})
    assert the_line(proc, 1) == does_not_exist(typo)
    assert not typo.exists()


def test_build_and_restore_still_make_their_data_dir(tmp_path, samples):
    built, copy, restored = tmp_path / "new" / "kg-data", tmp_path / "copy", tmp_path / "other" / "kg-data"
    kg("build", str(samples), "--data-dir", str(built), "--quiet")
    assert stats(built)["labels"]["Article"] == 2
    kg("backup", str(copy), "--data-dir", str(built))
    kg("restore", str(copy), "--data-dir", str(restored))
    assert stats(restored) == stats(built)


# -- 3. Neo4j asked for with its settings unset ---------------------------------------------------

NEO4J_SETTINGS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.mark.parametrize("args", [["stats"], ["query", "officials"], ["build", "examples/news", "--quiet"]])
def test_neo4j_with_no_settings_names_the_unset_variables(args):
    proc = kg_without(NEO4J_SETTINGS, *args, "--store", "neo4j")
    assert the_line(proc, 1) == ("kg: --store neo4j needs NEO4J_URI, NEO4J_PASSWORD (unset); export them, "
                                 "or leave out --store for the embedded store")
    assert proc.stdout == ""


def test_neo4j_with_only_its_password_unset_names_the_password():
    proc = kg_without(NEO4J_SETTINGS, "stats", "--store", "neo4j", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert the_line(proc, 1) == ("kg: --store neo4j needs NEO4J_PASSWORD (unset); export it, "
                                 "or leave out --store for the embedded store")


@pytest.mark.neo4j
def test_neo4j_with_its_settings_opens_and_the_user_defaults_to_neo4j(neo4j_session):
    # neo4j_session skips with the reason when NEO4J_URI is unset; tools/neo4j-server's user is neo4j.
    proc = kg_without(("NEO4J_USER",), "stats", "--store", "neo4j", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) == {"labels", "relationships"}


# -- 4. kg eval of a path that names nothing ------------------------------------------------------

@pytest.fixture
def gold(tmp_path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "d001.json").write_text(json.dumps({"doc": "d001", "entities": [], "relations": []}), encoding="utf-8")
    return folder


def test_eval_of_a_path_that_does_not_exist_names_it_and_scores_nothing(tmp_path, samples, gold):
    proc = kg("eval", str(samples), "nowhere/", str(gold), "--quiet", check=False)
    assert the_line(proc, 2) == ("kg: nowhere does not exist; give kg eval the files or folders of the "
                                 "documents the gold annotates")
    assert proc.stdout == ""


def test_eval_of_a_folder_without_pages_says_so_and_scores_nothing(tmp_path, gold):
    empty = tmp_path / "docs"
    empty.mkdir()
    proc = kg("eval", str(empty), str(gold), "--quiet", check=False)
    assert the_line(proc, 2) == (f"kg: no documents read from {empty}; nothing to score "
                                 "(kg eval reads .txt, .html, .htm and .jsonl pages)")
    assert proc.stdout == ""


# -- 5. files that are no news pages --------------------------------------------------------------

# A PDF written without compressed streams: few control bytes, so it used to pass for text and be
# stored as an article titled "%PDF-1.4".
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 12 Tf 72 720 Td (Bo Ngoai giao) Tj ET
endstream endobj
trailer << /Root 1 0 R >>
%%EOF
"""
DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256)) * 4  # a zip, as .docx files are


def other_extension(path: Path) -> str:
    return (f"kg: skipped {path}: not a news page ({path.suffix}); kg reads .txt, .html, .htm and .jsonl "
            "(rename a page saved under another extension)")


@pytest.fixture
def not_pages(tmp_path) -> dict[str, Path]:
    files = {"report.pdf": PDF, "letter.docx": DOCX,
             "notes.md": "Bộ trưởng Ngoại giao thăm Nhật Bản.\n\nHà Nội, ngày 2/3/2021.\n".encode()}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


def test_files_of_other_extensions_named_are_skipped_by_name(not_pages, samples):
    named = [not_pages[name] for name in ("report.pdf", "letter.docx", "notes.md")]
    proc = kg("extract", str(samples), *map(str, named), "--quiet", check=False)
    assert proc.returncode == EXIT_SKIPPED, proc.stderr
    assert proc.stderr.splitlines() == [other_extension(path) for path in named]
    assert [json.loads(line)["doc"] for line in proc.stdout.splitlines()] == ["d001", "d002"]


def test_a_pdf_named_is_not_stored(tmp_path, not_pages, samples):
    data = tmp_path / "kg-data"
    proc = kg("build", str(samples), str(not_pages["report.pdf"]), "--data-dir", str(data), "--quiet", check=False)
    assert the_line(proc, EXIT_SKIPPED) == other_extension(not_pages["report.pdf"])
    assert stats(data)["labels"]["Article"] == 2


def test_in_a_folder_other_extensions_pass_silently_and_binary_pages_are_named(tmp_path, samples):
    # A folder of an archive holds images and attachments beside its pages: naming each would be
    # noise. A known extension over binary content is a page gone wrong, and is named.
    folder = tmp_path / "archive"
    folder.mkdir()
    for page in samples.iterdir():
        (folder / page.name).write_bytes(page.read_bytes())
    (folder / "report.pdf").write_bytes(PDF)
    (folder / "letter.docx").write_bytes(DOCX)
    (folder / "scan.txt").write_bytes(PDF)
    (folder / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    proc = kg("extract", str(folder), "--quiet", check=False)
    assert proc.returncode == EXIT_SKIPPED, proc.stderr
    assert proc.stderr.splitlines() == [f"kg: skipped {folder / 'photo.html'}: binary file",
                                        f"kg: skipped {folder / 'scan.txt'}: binary file"]
    assert [json.loads(line)["doc"] for line in proc.stdout.splitlines()] == ["d001", "d002"]
