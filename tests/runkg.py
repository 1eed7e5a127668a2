"""Running the `kg` command as a user does: a real process, a real embedded store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str, check: bool = True, env: dict | None = None, stdin: str | None = None,
       timeout: float = 300) -> subprocess.CompletedProcess:
    """`kg ARGS...` from the repository root; with check, a non-zero exit fails the test with stderr."""
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, **(env or {})}, input=stdin)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def stats(data: Path) -> dict:
    """`kg stats` of the embedded store in `data`."""
    return json.loads(kg("stats", "--format", "json", "--data-dir", str(data)).stdout)


DUMP_NODES = "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id"
DUMP_RELS = ("MATCH (s)-[r]->(t) RETURN s.id AS s, type(r) AS type, t.id AS t, properties(r) AS props "
             "ORDER BY s, type, t, r.key")


def full_dump(data: Path | None) -> tuple[list, list]:
    """Every node and relationship of the embedded store in `data` (None: the Neo4j at NEO4J_URI),
    with properties, in a stable order."""
    where = ["--store", "neo4j"] if data is None else ["--data-dir", str(data)]

    def rows(cypher: str) -> list:
        return json.loads(kg("query", cypher, "--format", "json", *where).stdout)

    nodes = rows(DUMP_NODES)
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    return nodes, rows(DUMP_RELS)


def repeated_samples(samples: Path, path: Path, times: int) -> Path:
    """The sample pages `times` times as JSON lines, each under its own id and URL: a build long
    enough to be signalled or asked while it runs."""
    from kg.model import Document
    from loaders import iter_documents

    docs = [d for d in iter_documents([samples]) if isinstance(d, Document)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(times):
            for d in docs:
                out.write(json.dumps({"id": f"{d.name}-{i}", "url": f"https://example.org/{i}/{d.name}",
                                      "title": d.title, "published": d.published, "text": d.text},
                                     ensure_ascii=False) + "\n")
    return path
