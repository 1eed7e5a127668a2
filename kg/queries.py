"""The named query library in queries/*.cypher.

Each file opens with `//` header lines:

    // Question: Which officials ...?
    // Param: limit = 50          (default, as JSON)
    // Requires: neo4j             (a feature the embedded store lacks)
    // Example: kg query officials --param limit=10
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    question: str = ""
    defaults: dict = field(default_factory=dict)
    requires: frozenset[str] = frozenset()
    example: str = ""


def parse(name: str, text: str) -> NamedQuery:
    question, example, defaults, requires = "", "", {}, set()
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line[2:].strip().partition(":")
        value = value.strip()
        match key.strip().lower():
            case "question":
                question = value
            case "example":
                example = value
            case "requires":
                requires |= {v.strip() for v in value.split(",") if v.strip()}
            case "param":
                pname, _, default = value.partition("=")
                defaults[pname.strip()] = json.loads(default) if default.strip() else None
    return NamedQuery(name, text, question, defaults, frozenset(requires), example)


def all_queries() -> list[NamedQuery]:
    folder = files("queries")
    found = [parse(f.name.removesuffix(".cypher"), f.read_text("utf-8"))
             for f in folder.iterdir() if f.name.endswith(".cypher")]
    return sorted(found, key=lambda q: q.name)


def find(name: str) -> NamedQuery | None:
    """The query called `name`, or None when `name` is not a query name (it is then Cypher)."""
    if not name.replace("_", "").replace("-", "").isalnum():
        return None
    path = files("queries") / f"{name}.cypher"
    return parse(name, path.read_text("utf-8")) if path.is_file() else None
