"""From the values a user gives (`--param k=v`) to the parameters a named query runs with.

Every value is checked against the query's declaration (kg.queries): an unknown name, a missing
value or a wrong type is refused in one line that says what is expected. An entity parameter is
resolved the same way for every query: an id, then a name, then an alias or ISO3 code, among the
labels it accepts; no match is refused with the nearest names, several matches with the
candidates, unless the parameter prefers a country (`in VNM`) and exactly one is that country's.
A miss never reaches the query, where it would look like "nothing happened".
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from kg import queries
from kg.queries import VALUE_TYPES, NamedQuery, Param, close_to
from kg.resources import slug
from kg.schema import ENTITY_LABELS, STORED_TYPES

_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_SUGGESTION_POOL = 50_000  # names per label read to suggest a spelling (only once a lookup failed)


class ParamError(ValueError):
    """What the user asked cannot be run as given; the message is one line saying what would work."""

    exit_code = 2  # a usage error


class NeedsOtherStore(ParamError):
    exit_code = 1


def parse_params(texts: list[str]) -> dict[str, Any]:
    """`--param NAME=VALUE`s as a dict; VALUE is read as JSON when it parses ("2024" stays a number, "null" is null)."""
    given = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--param {text!r} is not NAME=VALUE")
        try:
            given[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            given[key.strip()] = value
    return given


def prepare(db, cypher_or_name: str, given: dict[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    """The statement, parameters and notes (choices made for the user) to run `cypher_or_name`
    with on `db`: raw Cypher, or a named query with `given` checked and bound. A word that names
    no query is taken for a misspelt name, not sent as Cypher."""
    named = queries.find(cypher_or_name)  # looked up on the module, so that a test may stand in for it
    if named is None and queries.looks_like_a_name(cypher_or_name):
        hint = close_to(cypher_or_name.strip(), [q.name for q in queries.all_queries()], n=1)
        raise ParamError(f"no query named {cypher_or_name.strip()!r}" + (f"; did you mean {hint[0]}?" if hint else "")
                         + " (kg query --list)")
    if named is None:
        if missing := missing_params(cypher_or_name, given):
            raise ParamError(f"the statement uses {', '.join('$' + m for m in missing)}: give "
                             + " ".join(f"--param {m}=VALUE" for m in missing))
        return cypher_or_name, given, []
    if named.requires & db.unsupported:
        raise NeedsOtherStore(f"query {named.name!r} needs {', '.join(sorted(named.requires))}: run it with --store neo4j")
    bound = bind(named, given, db)
    return named.text, bound.params, bound.notes


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    label: str
    country: str | None

    def __str__(self) -> str:
        where = f", {self.country}" if self.country and self.label != "Country" else ""
        return f"{self.name} ({self.label}{where}; {self.id})"


@dataclass
class Bound:
    params: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # choices made for the user, to print


def bind(query: NamedQuery, given: dict[str, Any], db) -> Bound:
    """The parameters to run `query` with on the store `db`: its defaults, overridden by `given`."""
    names = [p.name for p in query.params]
    for key in given:
        if query.param(key) is None:
            hint = close_to(key, names, n=1)
            known = ", ".join(names) or "none"
            raise ParamError(f"{query.name} has no parameter {key!r}" + (f" (did you mean {hint[0]}?)" if hint else "")
                             + f"; its parameters: {known} (kg query {query.name} --help)")
    bound = Bound({})
    for p in query.params:
        if p.name not in given and p.required:
            raise ParamError(f"{query.name} needs --param {p.name}=VALUE: {p.describe()}")
        value = given.get(p.name, p.default)
        if value is None:
            if not p.optional:
                raise ParamError(f"--param {p.name} cannot be null: {p.describe()}")
            bound.params[p.name] = None
        elif p.labels:
            bound.params[p.name] = _entity(p, value, db, bound.notes)
        else:
            bound.params[p.name] = _value(p, value)
    return bound


def _value(p: Param, value: Any) -> Any:
    def refuse(hint: list[str] | None = None) -> ParamError:
        also = f" (did you mean {hint[0]}?)" if hint else ""
        return ParamError(f"--param {p.name}={_shown(value)}: {p.name} is {VALUE_TYPES[p.type]}{also}")

    if isinstance(value, (dict, list)):
        raise refuse()
    text = str(value).strip()
    match p.type:
        case "int":
            if isinstance(value, bool) or not re.fullmatch(r"\d+", text):
                raise refuse()
            return int(text)
        case "date":
            if isinstance(value, bool) or not _DATE.fullmatch(text):
                raise refuse()
            return text
        case "label":
            found = [label for label in ENTITY_LABELS if label.lower() == text.lower()]
            if not found:
                raise refuse(close_to(text, list(ENTITY_LABELS), n=1))
            return found[0]
        case "relation":
            if text.upper() not in STORED_TYPES:
                raise refuse(close_to(text, list(STORED_TYPES), n=1))
            return text.upper()
    return str(value)  # text


def _entity(p: Param, value: Any, db, notes: list[str]) -> str:
    if isinstance(value, (dict, list, bool)):
        raise ParamError(f"--param {p.name}={_shown(value)}: {p.describe()}")
    text = str(value).strip()
    found = lookup(db, p.labels, text)
    if not found:
        hint = nearest_names(db, p.labels, text)
        also = f"; did you mean {' or '.join(_shown(h) for h in hint)}?" if hint else ""
        raise ParamError(f"--param {p.name}={_shown(text)}: the store holds no {p.type} by that {p.accepts}{also}")
    if len(found) == 1:
        return found[0].id
    preferred = [c for c in found if c.country == p.prefer]
    if len(preferred) == 1:
        others = "; ".join(str(c) for c in found if c is not preferred[0])
        notes.append(f"{p.name} {_shown(text)} taken as {preferred[0]}; also {others}: give an id to choose")
        return preferred[0].id
    listed = "; ".join(str(c) for c in found[:10]) + ("; ..." if len(found) > 10 else "")
    apart = " (kg query namesakes tells them apart)" if {c.label for c in found} == {"Person"} else ""
    raise ParamError(f"--param {p.name}={_shown(text)} names {len(found)} of them: {listed}: give one's id{apart}")


def lookup(db, labels: tuple[str, ...], text: str) -> list[Candidate]:
    """The entities of `labels` that `text` names: by id, else by name, else by alias or ISO3 code.
    Each step is its own statement, so that the stores' indexes on id and name serve it."""
    rows = db.run("MATCH (e:Entity {id: $v}) RETURN e.id, e.name, labels(e), coalesce(e.iso3, e.country)",
                  {"v": text}).rows
    if not rows:
        for where in ("e.name = $v", "$v IN coalesce(e.aliases, []) OR e.iso3 = $v"):
            # Labels come from the query files' declarations, checked against the schema: never user text.
            rows = [r for label in labels for r in db.run(
                f"MATCH (e:{label}) WHERE {where} RETURN e.id, e.name, labels(e), coalesce(e.iso3, e.country)",
                {"v": text}).rows]
            if rows:
                break
    found = {}
    for id_, name, row_labels, country in rows:
        label = next((l for l in row_labels if l in labels), None)
        if label:
            found[id_] = Candidate(id_, name, label, country)
    return sorted(found.values(), key=lambda c: c.id)


def nearest_names(db, labels: tuple[str, ...], text: str, n: int = 3) -> list[str]:
    """Stored names closest to `text`, compared without case or diacritics ("ha noi" finds "Hà Nội")."""
    names = {name for label in labels for (name,) in db.run(
        f"MATCH (e:{label}) WHERE e.name IS NOT NULL RETURN e.name LIMIT {_SUGGESTION_POOL}").rows}
    by_slug: dict[str, str] = {}
    for name in sorted(names):
        by_slug.setdefault(slug(name), name)
    return [by_slug[s] for s in difflib.get_close_matches(slug(text), list(by_slug), n=n, cutoff=0.7)]


def missing_params(statement: str, given: dict[str, Any]) -> list[str]:
    """The `$names` a raw Cypher statement uses that `given` lacks (string literals and comments
    aside), so that one line names them before the store says only "missing parameters"."""
    code = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", " ", statement, flags=re.DOTALL)
    used = dict.fromkeys(re.findall(r"\$([A-Za-z_]\w*)", code))
    return [name for name in used if name not in given]


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
