"""Every Cypher statement the code can send passes Neo4j's own parser and semantic analysis.

The linter is tools/cypher-lint/lint.mjs (@neo4j-cypher/language-support). It needs Node and
`(cd tools/cypher-lint && npm ci)`; without them these tests fail (CI installs them), never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.graph import MENTIONS
from kg.queries import parse
from kg.schema import ENTITY_LABELS, STORED_TYPES
from kg.store import cypher

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "tools" / "cypher-lint"
INSTALL = "(cd tools/cypher-lint && npm ci)"

# The parameters the stores pass (kg/store/base.py): rows for the UNWIND writes, ids for the
# entity statistics, skip and limit for paged reads. A new $parameter must be added here.
STORE_PARAMS = {"rows": [], "ids": [], "skip": 0, "limit": 5000}

SCHEMA = {
    "labels": ["Entity", "Article", *ENTITY_LABELS],
    "relationshipTypes": [MENTIONS, *STORED_TYPES],
}


def lint(statements: list[dict]) -> dict[str, list[dict]]:
    """Diagnostics per statement name, from one run of the Node linter."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed; the Cypher lint needs Node >= 18 and `{INSTALL}`")
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"the Cypher linter is not installed: run `{INSTALL}` from the repository root")
    done = subprocess.run(
        [node, str(LINTER / "lint.mjs"), json.dumps(SCHEMA)],
        input=json.dumps(statements), capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert done.returncode == 0, f"lint.mjs failed ({done.returncode}):\n{done.stderr}"
    results = json.loads(done.stdout)
    assert [r["name"] for r in results] == [s["name"] for s in statements]
    return {r["name"]: r["diagnostics"] for r in results}


def project_statements() -> list[dict]:
    found = [{"name": f"kg.store.cypher #{i}", "query": q, "params": STORE_PARAMS}
             for i, q in enumerate(cypher.all_statements())]
    files = sorted((ROOT / "queries").glob("*.cypher"))
    assert files, "no queries/*.cypher found"
    for path in files:
        q = parse(path.stem, path.read_text("utf-8"))
        found.append({"name": f"queries/{path.name}", "query": q.text, "params": q.defaults})
    return found


def test_project_cypher_has_no_diagnostics():
    statements = project_statements()
    diagnostics = lint(statements)
    bad = []
    for s in statements:
        found = [d for d in diagnostics[s["name"]] if d["severity"] in ("error", "warning")]
        if found:
            lines = "\n".join(f"  {d['severity']} at {d['line']}:{d['column']}: {d['message']}" for d in found)
            bad.append(f"{s['name']}:\n{s['query']}\n{lines}")
    assert not bad, "Cypher diagnostics:\n\n" + "\n\n".join(bad)


PLANTED = {
    "syntax error": ("MATCH (n RETURN n", {}, "Invalid input"),
    "undefined variable": ("MATCH (n) RETURN x", {}, "Variable `x` not defined"),
    "undeclared parameter": ("MATCH (n:Entity {id: $id}) RETURN n", {}, "Parameter $id is not defined"),
    "misspelled label": ("MATCH (n:Persn) RETURN n", {}, "Label Persn is not present"),
    "misspelled relationship type": ("MATCH (a)-[:MENTION]->(b) RETURN a", {}, "MENTION is not present"),
    "unknown function": ("RETURN toInt('1') AS n", {}, "Function toInt is not present"),
}


def test_linter_catches_planted_errors():
    # A correct statement with its parameter declared, to show the planted errors are what is flagged.
    ok = {"name": "ok", "query": "MATCH (n:Entity {id: $id}) RETURN n.name AS name", "params": {"id": "x"}}
    diagnostics = lint([ok, *({"name": name, "query": q, "params": p} for name, (q, p, _) in PLANTED.items())])
    assert diagnostics["ok"] == []
    for name, (query, _, expected) in PLANTED.items():
        found = diagnostics[name]
        assert any(expected in d["message"] and d["severity"] in ("error", "warning") for d in found), (
            f"{name}: expected a diagnostic containing {expected!r} for {query!r}, got {found}")
