"""CSV files for `neo4j-admin database import full` (Neo4j 5): the fastest way to load a large graph.

Layout of the output folder:

* ``nodes_<Label>.csv``: one file per label, header ``id:ID(Node),:LABEL,<prop>:<type>,...``;
  entities carry ``Entity`` and their own label in ``:LABEL`` (``Entity;Person``).
* ``rels_<TYPE>.csv``: one file per relationship type, header
  ``:START_ID(Node),:END_ID(Node),:TYPE,<prop>:<type>,...``.
* ``import.sh``: the exact neo4j-admin command for these files; ``README.txt``: how to use it;
  ``schema.cypher``: the constraints and indexes the tool expects, to run once Neo4j is up.

Choices:

* One id space (``Node``): our ids are already unique across labels (``country:VNM``,
  ``article:…``), and with one group a relationship file may join any labels (HOLDS_POSITION
  ends at five labels, MENTIONS at all of them); per-label groups would need one file per
  (type, start label, end label). ``id:ID(Node)`` also keeps the id as the string property ``id``.
* Two passes over the store, page by page: the first collects the columns of each label and
  type with their value types and picks the array delimiter; the second writes the rows as they
  come. Memory holds the column plan, never the graph.
* Column types come from the values: str -> string, int -> int (long beyond 32 bits),
  float -> double (the importer's ``float`` is 32-bit: 0.6 would come back as 0.6000000238),
  bool -> boolean, list -> <type>[]; ints and floats together -> double; any other mix -> string,
  where numbers and booleans are written as text and lists and maps as JSON.
* Arrays: the importer has no escape for the array delimiter, so the delimiter is the first of
  ``;``, ``|``, U+001F, U+001E that occurs in no list element and no label (news evidence often
  holds ``;``). It is written into import.sh as ``--array-delimiter``.
* Quoting: a field is quoted with ``"`` when it holds ``,``, ``"``, a line break or edge spaces
  (inner ``"`` doubled, RFC 4180); an empty string is written ``""`` and a missing value as
  nothing. CSV import cannot express an empty list, so ``[]`` is written as nothing (no property).
* Line breaks inside values need ``--multiline-fields=true`` (slower import): import.sh adds it
  only when a written value holds one, and raises ``--read-buffer-size`` past the longest value.
"""

from __future__ import annotations

import json
import math
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

ID_GROUP = "Node"
DELIMITER = ","
QUOTE = '"'
ARRAY_DELIMITERS = (";", "|", "\x1f", "\x1e")
READ_BUFFER = 4 * 1024 * 1024  # neo4j-admin's default --read-buffer-size, in bytes
INT32 = range(-(2 ** 31), 2 ** 31)

Records = Callable[[], Iterable[dict[str, Any]]]

# -- values -------------------------------------------------------------------------------


def value_kind(value: Any) -> str | None:
    """The import type of one value; None for a missing value, "[]" for an empty list."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int" if value in INT32 else "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        kinds = {value_kind(v) or "string" for v in value}
        if not kinds:
            return "[]"
        scalar = {k if not k.endswith("]") else "string" for k in kinds}  # nested lists: text
        return merge_scalar(scalar) + "[]"
    return "string"  # maps and anything else: written as JSON text


def merge_scalar(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {"int", "long"}:
        return "long"
    if kinds <= {"int", "long", "double"}:
        return "double"
    return "string"


def column_kind(kinds: Iterable[str | None]) -> str:
    """The one type of a column that holds values of these kinds."""
    present = {k for k in kinds if k is not None}
    arrays = {k[:-2] for k in present if k.endswith("[]") and k != "[]"}
    if present <= {"[]"}:
        return "string[]"
    if any(not k.endswith("]") for k in present):
        return merge_scalar(present) if not (present & {"[]"} or arrays) else "string"
    return merge_scalar(arrays) + "[]"


def fits(kind: str | None, column: str) -> bool:
    """Whether a value of `kind` can be written into a column of type `column`."""
    if kind is None or column == "string":
        return True
    if column.endswith("[]"):
        return kind == "[]" or (kind.endswith("[]") and fits(kind[:-2], column[:-2]))
    if kind.endswith("]"):
        return False
    return kind == column or (column == "long" and kind == "int") or (
        column == "double" and kind in ("int", "long"))


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, (int, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def value_text(value: Any, column: str, array_delimiter: str) -> str | None:
    """The text of one value for a column; None writes an empty field (no property)."""
    if value is None:
        return None
    if column.endswith("[]"):
        if not value:
            return None  # CSV import cannot express an empty list
        return array_delimiter.join(_scalar_text(v) for v in value)
    if column == "string" and isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return _scalar_text(value)


def csv_field(text: str | None) -> str:
    """One CSV field: quoted when needed, "" for an empty string, nothing for a missing value."""
    if text is None:
        return ""
    if text == "" or any(c in text for c in (DELIMITER, QUOTE, "\n", "\r")) or text != text.strip():
        return QUOTE + text.replace(QUOTE, QUOTE * 2) + QUOTE
    return text


def csv_line(texts: Iterable[str | None]) -> str:
    return DELIMITER.join(csv_field(t) for t in texts) + "\n"


# -- the plan (first pass) ----------------------------------------------------------------


def file_key(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", name) or "_"


def node_key(labels: Iterable[str]) -> str:
    own = sorted(label for label in labels if label != "Entity")
    return file_key("_".join(own) if own else "Entity")


def label_text(labels: Iterable[str]) -> list[str]:
    """Labels in a stable order, Entity first: Entity;Person."""
    labels = set(labels)
    return (["Entity"] if "Entity" in labels else []) + sorted(labels - {"Entity"})


@dataclass
class Section:
    """One output file: its rows' columns and their value kinds."""

    file: str
    kinds: dict[str, set] = field(default_factory=dict)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (property, type), after the plan
    rows: int = 0

    def see(self, props: dict[str, Any], skip: tuple[str, ...]) -> None:
        for key, value in props.items():
            if key not in skip and value is not None:
                self.kinds.setdefault(key, set()).add(value_kind(value))

    def settle(self) -> None:
        for key in self.kinds:
            if ":" in key:
                raise ValueError(f"property {key!r} in {self.file}: a ':' cannot be written in an import header")
        self.columns = [(key, column_kind(kinds)) for key, kinds in sorted(self.kinds.items())]


@dataclass
class ImportSummary:
    directory: Path
    files: list[str]
    nodes: int
    relationships: int
    array_delimiter: str
    multiline: bool
    dropped: int = 0

    def line(self) -> str:
        note = f"; {self.dropped} values changed during the export were left out" if self.dropped else ""
        return (f"wrote {len(self.files)} CSV files to {self.directory}: {self.nodes} nodes, "
                f"{self.relationships} relationships (array delimiter {delimiter_arg(self.array_delimiter)}; "
                f"load with sh {self.directory / 'import.sh'}){note}")


def delimiter_arg(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings_in(v)


class _Plan:
    def __init__(self) -> None:
        self.nodes: dict[str, Section] = {}
        self.rels: dict[str, Section] = {}
        self.free = list(ARRAY_DELIMITERS)  # candidates not yet seen in a list element or label

    def _avoid(self, texts: Iterable[str]) -> None:
        for text in texts:
            if self.free:
                self.free = [c for c in self.free if c not in text]

    def see_node(self, node: dict[str, Any]) -> None:
        key = node_key(node["labels"])
        section = self.nodes.setdefault(key, Section(f"nodes_{key}.csv"))
        section.see(node["props"], skip=("id",))
        section.rows += 1
        self._avoid(node["labels"])
        self._avoid(s for v in node["props"].values() if isinstance(v, (list, tuple)) for s in _strings_in(v))

    def see_rel(self, rel: dict[str, Any]) -> None:
        key = file_key(rel["type"])
        section = self.rels.setdefault(key, Section(f"rels_{key}.csv"))
        section.see(rel["props"], skip=())
        section.rows += 1
        self._avoid(s for v in rel["props"].values() if isinstance(v, (list, tuple)) for s in _strings_in(v))

    def array_delimiter(self) -> str:
        if not self.free:
            raise ValueError("every candidate array delimiter (; | U+001F U+001E) occurs in a list element")
        return self.free[0]


# -- writing (second pass) ----------------------------------------------------------------


class _Writer:
    def __init__(self, directory: Path, array_delimiter: str) -> None:
        self.directory = directory
        self.array_delimiter = array_delimiter
        self.files: dict[str, Any] = {}
        self.multiline = False
        self.longest = 0
        self.dropped = 0

    def open(self, section: Section, fixed: list[str]) -> None:
        f = (self.directory / section.file).open("w", encoding="utf-8", newline="")
        f.write(csv_line(fixed + [f"{name}:{kind}" for name, kind in section.columns]))
        self.files[section.file] = f
        section.rows = 0

    def row(self, section: Section, fixed: list[str | None], props: dict[str, Any], skip: tuple[str, ...]) -> None:
        texts = list(fixed)
        known = {name for name, _ in section.columns}
        self.dropped += sum(1 for k, v in props.items() if k not in known and k not in skip and v is not None)
        for name, kind in section.columns:
            value = props.get(name)
            if not fits(value_kind(value), kind) or (
                    kind.endswith("[]") and any(self.array_delimiter in s for s in _strings_in(value))):
                self.dropped += 1
                value = None
            text = value_text(value, kind, self.array_delimiter)
            if text is not None:
                if "\n" in text or "\r" in text:
                    self.multiline = True
                self.longest = max(self.longest, len(text.encode("utf-8")) + 2 * text.count(QUOTE) + 2)
            texts.append(text)
        self.files[section.file].write(csv_line(texts))
        section.rows += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def write_import(directory: str | os.PathLike, nodes: Records, relationships: Records) -> ImportSummary:
    """Write the import files into `directory` (created if missing).

    `nodes` and `relationships` are called once per pass and must give fresh iterables of
    {"id", "labels", "props"} and {"source", "type", "target", "props"} (GraphStore.iter_nodes
    and iter_relationships).
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    plan = _Plan()
    for node in nodes():
        plan.see_node(node)
    for rel in relationships():
        plan.see_rel(rel)
    for section in (*plan.nodes.values(), *plan.rels.values()):
        section.settle()
    delim = plan.array_delimiter()

    writer = _Writer(out, delim)
    node_total = rel_total = 0
    try:
        for section in plan.nodes.values():
            writer.open(section, [f"id:ID({ID_GROUP})", ":LABEL"])
        for section in plan.rels.values():
            writer.open(section, [f":START_ID({ID_GROUP})", f":END_ID({ID_GROUP})", ":TYPE"])
        for node in nodes():
            section = plan.nodes.get(node_key(node["labels"]))
            if section is None or node["id"] is None:
                writer.dropped += 1
                continue
            writer.row(section, [str(node["id"]), delim.join(label_text(node["labels"]))], node["props"], ("id",))
            node_total += 1
        for rel in relationships():
            section = plan.rels.get(file_key(rel["type"]))
            if section is None or rel["source"] is None or rel["target"] is None:
                writer.dropped += 1
                continue
            writer.row(section, [str(rel["source"]), str(rel["target"]), rel["type"]], rel["props"], ())
            rel_total += 1
    finally:
        writer.close()

    node_files = [s.file for _, s in sorted(plan.nodes.items())]
    rel_files = [s.file for _, s in sorted(plan.rels.items())]
    (out / "import.sh").write_text(
        import_script(node_files, rel_files, delim, writer.multiline, writer.longest), encoding="utf-8")
    (out / "import.sh").chmod(0o755)
    (out / "schema.cypher").write_text(schema_script(), encoding="utf-8")
    (out / "README.txt").write_text(readme(delim), encoding="utf-8")
    return ImportSummary(out, node_files + rel_files, node_total, rel_total, delim, writer.multiline,
                         writer.dropped)


def import_script(node_files: list[str], rel_files: list[str], array_delimiter: str,
                  multiline: bool, longest: int) -> str:
    options = [
        f"--delimiter={DELIMITER}",
        f"--array-delimiter={delimiter_arg(array_delimiter)}",
        f"--quote={QUOTE}",
        "--id-type=string",
        "--overwrite-destination=true",
    ]
    if multiline:
        options.append("--multiline-fields=true")
    if longest >= READ_BUFFER:
        size = READ_BUFFER
        while size <= longest:
            size *= 2
        options.append(f"--read-buffer-size={size}")
    options += [f"--nodes={f}" for f in node_files] + [f"--relationships={f}" for f in rel_files]
    args = " \\\n  ".join(shlex.quote(o) for o in options)
    return f"""#!/bin/sh
# Load the graph exported by `kg export neo4j-import` into a Neo4j 5 database, all at once.
# Usage: sh import.sh [database]   (default: neo4j; stop that database first: its data is replaced)
# neo4j-admin must be on PATH, or set NEO4J_ADMIN=/path/to/neo4j/bin/neo4j-admin.
# Arrays are split on {delimiter_arg(array_delimiter)!r}; ids form one id space (id:ID({ID_GROUP})) kept as the property id.
# A database other than neo4j must then be created: CREATE DATABASE <name>; afterwards run schema.cypher.
set -eu
DATABASE="${{1:-neo4j}}"
cd "$(dirname "$0")"
# The database comes before the options: --nodes and --relationships take several files each,
# so a name after them would be read as one more file.
exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full "$DATABASE" \\
  {args}
"""


def schema_script() -> str:
    from kg.store.cypher import schema_statements

    return "".join(f"{s};\n" for s in schema_statements("neo4j"))


def readme(array_delimiter: str) -> str:
    return (
        "Stop Neo4j 5 (or the target database), then run `sh import.sh [database]` (default neo4j; "
        "NEO4J_ADMIN=/path/to/neo4j-admin if it is not on PATH); start Neo4j and run "
        "`cypher-shell -d <database> -f schema.cypher` for the constraints and indexes.\n"
        f"nodes_<Label>.csv and rels_<TYPE>.csv use neo4j-admin headers: one id space id:ID({ID_GROUP}), "
        f"arrays split on {delimiter_arg(array_delimiter)!r}, values quoted with \" (doubled inside), "
        "empty lists and missing values left empty (no property).\n"
    )
