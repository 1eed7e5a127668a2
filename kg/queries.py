"""The named query library in queries/*.cypher, and the contract of its parameters.

Each file opens with `//` header lines:

    // Question: Who have been the officials of a ministry, with their titles over time?
    // Param: ministry: Ministry in VNM = "Bộ Ngoại giao" -- the ministry
    // Param: limit: int = 100
    // Requires: neo4j             (a feature the embedded store lacks)
    // Example: kg query ministry_officials --param ministry="Bộ Y tế"

A parameter is `name: type [in ISO3] [= default as JSON] [-- what it is]`. The type is a value
type (below) or entity labels joined by `|` (`Entity` for any); a `?` after it lets the value be
null, meaning "any". An entity parameter takes a name, an alias, an ISO3 code or an id, and the
query receives the entity's id (kg.query_binding); `in VNM` picks that country's body when a name
is shared by several.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from kg.schema import ENTITY_LABELS, STORED_TYPES

VALUE_TYPES = {
    "int": "a whole number, 0 or more",
    "text": "any text",
    "date": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "label": f"an entity label: {', '.join(ENTITY_LABELS)}",
    "relation": f"a relationship type: {', '.join(STORED_TYPES)}",
}
ENTITY_TYPES = (*ENTITY_LABELS, "Entity")

_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<type>[A-Za-z|]+)(?P<optional>\?)?"
                    r"(?:\s+in\s+(?P<prefer>[A-Z]{3}))?\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?$")


class QuerySpecError(ValueError):
    """A query file whose header breaks the contract above (a bug of the library, not of a user)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # a VALUE_TYPES key, or entity labels joined by "|"
    default: Any = None
    required: bool = False  # no default: the user must give it
    optional: bool = False  # null is a value: "any"
    prefer: str | None = None  # ISO3 of the country whose body a shared name means
    help: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels an entity parameter accepts; () for a value parameter."""
        if self.type in VALUE_TYPES:
            return ()
        return ENTITY_LABELS if self.type == "Entity" else tuple(self.type.split("|"))

    @property
    def accepts(self) -> str:
        """What an entity parameter's value may be."""
        return "name, alias, ISO3 code or id" if {"Country", "Entity"} & set(self.type.split("|")) else "name, alias or id"

    def describe(self) -> str:
        """`ministry (Ministry: a name, alias or id; ...; default "Bộ Ngoại giao"): the ministry`, for listings."""
        kind = VALUE_TYPES.get(self.type) or f"{self.type}: a {self.accepts}"
        if self.prefer:
            kind += f"; a name several share means {self.prefer}'s"
        default = "required" if self.required else f"default {json.dumps(self.default, ensure_ascii=False)}"
        extra = "; null for any" if self.optional else ""
        return f"{self.name} ({kind}; {default}{extra})" + (f": {self.help}" if self.help else "")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    question: str = ""
    params: tuple[Param, ...] = ()
    requires: frozenset[str] = frozenset()
    example: str = ""
    notes: tuple[str, ...] = field(default=())  # further header lines: what the answer's columns mean

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_param(spec: str, query: str) -> Param:
    m = _PARAM.match(spec.strip())
    if not m:
        raise QuerySpecError(f"queries/{query}.cypher: bad Param line {spec!r}")
    kind = m["type"]
    if kind not in VALUE_TYPES and not set(kind.split("|")) <= set(ENTITY_TYPES):
        raise QuerySpecError(f"queries/{query}.cypher: {m['name']} has an unknown type {kind!r}")
    given = m["default"] is not None and m["default"] != ""
    default = json.loads(m["default"]) if given else None
    return Param(m["name"], kind, default, required=not given, optional=bool(m["optional"]) or (given and default is None),
                 prefer=m["prefer"], help=(m["help"] or "").strip())


def parse(name: str, text: str) -> NamedQuery:
    question, example, params, requires, notes = "", "", [], set(), []
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
                params.append(parse_param(value, name))
            case _:
                notes.append(line[2:].strip())
    return NamedQuery(name, text, question, tuple(params), frozenset(requires), example, tuple(notes))


def all_queries() -> list[NamedQuery]:
    folder = files("queries")
    found = [parse(f.name.removesuffix(".cypher"), f.read_text("utf-8"))
             for f in folder.iterdir() if f.name.endswith(".cypher")]
    return sorted(found, key=lambda q: q.name)


def looks_like_a_name(text: str) -> bool:
    """A word such as `visits_of_person`: never a Cypher statement, so a name that is no query
    is a misspelling, not Cypher to send."""
    return re.fullmatch(r"[A-Za-z][\w-]*", text.strip()) is not None


def find(name: str) -> NamedQuery | None:
    """The query called `name`, or None when there is none."""
    if not looks_like_a_name(name):
        return None
    path = files("queries") / f"{name}.cypher"
    return parse(name, path.read_text("utf-8")) if path.is_file() else None


def close_to(word: str, choices: list[str], n: int = 3) -> list[str]:
    """The choices a misspelt `word` most likely meant, best first."""
    by_lower = {c.lower(): c for c in choices}
    return [by_lower[c] for c in difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=0.6)]
