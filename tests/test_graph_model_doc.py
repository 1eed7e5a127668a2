"""docs/graph-model.md, the property registry of kg/schema.py and what a build stores are one model.

The registry (NODE_PROPERTIES, FACT_PROPERTIES, RELATIONSHIP_PROPERTIES) is the reference: the doc's
property tables must name exactly its properties, with their types and whether they are always
there, and a real build of the sample pages must store nothing it lacks, with the declared types,
and every property it does not mark optional on every node or relationship.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.build import write_deltas
from kg.extract.pipeline import extract
from kg.graph import MENTIONS
from kg.model import Document, GraphDelta
from kg.resolve import resolve
from kg.schema import (
    ENTITY_LABELS, FACT_PROPERTIES, NODE_PROPERTIES, RELATIONSHIP_PROPERTIES, STORED_TYPES, Prop,
)
from loaders import iter_documents

DOC = Path(__file__).resolve().parent.parent / "docs" / "graph-model.md"
EVERY_FACT = "Every fact"  # the doc's heading of FACT_PROPERTIES' table
REGISTRY: dict[str, dict[str, Prop]] = {**NODE_PROPERTIES, EVERY_FACT: FACT_PROPERTIES, **RELATIONSHIP_PROPERTIES}
PRESENT = {False: "always", True: "when known"}  # the doc's words for Prop.optional

# A page written for this test (not from any corpus): with the samples it gives the labels and
# types they lack: a City, MET, and a province absorbed in 2025 (Hà Giang), hence MERGED_INTO.
EXTRA_PAGE = """Thủ tướng hội đàm với Thủ tướng Nhật Bản

Ngày 5/3/2024, tại Tokyo, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Nhật Bản Kishida Fumio.

Tháng 6/2024, Chủ tịch UBND tỉnh Hà Giang Nguyễn Văn Sơn sẽ thăm thành phố Côn Minh, Trung Quốc.
"""

PYTHON_TYPES = {"STRING": str, "INTEGER": int, "FLOAT": float, "BOOLEAN": bool}


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def doc_tables(text: str) -> dict[str, dict[str, tuple[str, str, str]]]:
    """Owner -> property -> (type, present, example), from the `###` sections under `## Nodes` and
    `## Relationships`. A section's owner is its heading's backticked name without `:` and `[]`
    (`:Person`, `[:VISITED]`), or the heading itself; its rows are those of the tables whose first
    column is `property`. A section without such a table declares no properties."""
    tables: dict[str, dict[str, tuple[str, str, str]]] = {}
    part, owner, header = "", None, None
    for line in text.splitlines():
        if line.startswith("## "):
            part, owner = line[3:].strip(), None
        elif line.startswith("### ") and part in ("Nodes", "Relationships"):
            heading = line[4:].strip()
            named = re.fullmatch(r"`\[?:?(\w+)\]?`.*", heading)
            owner = named.group(1) if named else heading
            assert owner not in tables, f"two sections for {owner} in {DOC.name}"
            tables[owner] = {}
        elif owner is not None and line.startswith("|"):
            row = cells(line)
            if row[0] == "property":
                header = row
            elif header and not set("".join(row)) <= set("-: "):
                values = dict(zip(header, row))
                name = values["property"].strip("`")
                assert name not in tables[owner], f"{owner}.{name} is listed twice in {DOC.name}"
                tables[owner][name] = (values["type"].strip("`"), values["present"], values["example"])
        else:
            header = None
    return tables


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, tuple[str, str, str]]]:
    return doc_tables(DOC.read_text("utf-8"))


def test_registry_covers_every_label_and_type():
    assert set(NODE_PROPERTIES) == {"Entity", "Article", *ENTITY_LABELS}
    assert set(RELATIONSHIP_PROPERTIES) == {MENTIONS, *STORED_TYPES}
    for owner, props in REGISTRY.items():
        for name, prop in props.items():
            assert prop.type in (*PYTHON_TYPES, "LIST<STRING>"), f"{owner}.{name}: unknown type {prop.type}"
            assert prop.meaning, f"{owner}.{name} says nothing of what it means"


def test_doc_reader_sees_sections_and_rows():
    text = ("## Nodes\n### `:Person`\nNone of its own.\n### `:Country`\n"
            "| property | type | present | meaning | example |\n|---|---|---|---|---|\n"
            "| `iso3` | STRING | always | code | `\"VNM\"` |\n"
            "## Relationships\n### Every fact\n| property | type | present | meaning | example |\n"
            "|---|---|---|---|---|\n| `key` | STRING | always | hash | `\"ab\"` |\n### `[:MET]`\n"
            "## Constraints\n### `:Ignored`\n| property | type | present | meaning | example |\n")
    assert doc_tables(text) == {"Person": {}, "Country": {"iso3": ("STRING", "always", '`"VNM"`')},
                                EVERY_FACT: {"key": ("STRING", "always", '`"ab"`')}, "MET": {}}


def test_doc_documents_exactly_the_registry(tables):
    assert set(tables) - set(REGISTRY) == set(), f"{DOC.name} has sections the registry lacks"
    assert set(REGISTRY) - set(tables) == set(), f"{DOC.name} has no section for these"
    for owner, props in REGISTRY.items():
        rows = tables[owner]
        assert set(rows) - set(props) == set(), f"{DOC.name} names {owner} properties kg.schema does not declare"
        assert set(props) - set(rows) == set(), f"{DOC.name} omits {owner} properties kg.schema declares"
        for name, prop in props.items():
            type_, present, example = rows[name]
            assert type_ == prop.type, f"{owner}.{name}: {DOC.name} says {type_}, kg.schema {prop.type}"
            assert present == PRESENT[prop.optional], f"{owner}.{name}: {DOC.name} says {present!r}"
            assert example, f"{owner}.{name} has no example in {DOC.name}"


# -- what a build stores ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deltas(samples, tmp_path_factory) -> list[GraphDelta]:
    extra = tmp_path_factory.mktemp("extra") / "extra.txt"
    extra.write_text(EXTRA_PAGE, encoding="utf-8")
    docs = [d for d in iter_documents([samples, extra]) if isinstance(d, Document)]
    assert len(docs) == 3
    return [resolve(ex) for ex in extract(docs)]


def owners(store) -> list[tuple[str, dict[str, Prop], dict]]:
    """(owner, declared properties, stored properties) of every stored node and relationship."""
    out = []
    for labels, props in store.run("MATCH (n) RETURN labels(n), properties(n)").rows:
        own = [label for label in labels if label != "Entity"]
        assert len(own) == 1 and (own == ["Article"]) == ("Entity" not in labels), labels
        declared = NODE_PROPERTIES[own[0]] | ({} if own == ["Article"] else NODE_PROPERTIES["Entity"])
        out.append((own[0], declared, props))
    for rel_type, props in store.run("MATCH ()-[r]->() RETURN type(r), properties(r)").rows:
        declared = RELATIONSHIP_PROPERTIES[rel_type] | (FACT_PROPERTIES if rel_type in STORED_TYPES else {})
        out.append((rel_type, declared, props))
    return out


def of_type(value, type_: str) -> bool:
    if type_ == "LIST<STRING>":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    # bool is an int to Python, not to Cypher
    return isinstance(value, PYTHON_TYPES[type_]) and (type_ == "BOOLEAN") == isinstance(value, bool)


def test_a_build_stores_what_the_registry_declares(store, deltas):
    write_deltas(store, deltas)
    stored = owners(store)
    seen = {owner for owner, _, _ in stored}
    # every label and type, so that every declared property is put to the test below
    assert seen == set(REGISTRY) - {"Entity", EVERY_FACT}, f"the build lacks {set(REGISTRY) - seen}"
    problems = set()
    for owner, declared, props in stored:
        for key, value in props.items():
            if key not in declared:
                problems.add(f"{owner}.{key} is stored but not declared in kg.schema")
            elif not of_type(value, declared[key].type):
                problems.add(f"{owner}.{key} = {value!r} is not {declared[key].type}")
        for key, prop in declared.items():
            if not prop.optional and key not in props:
                problems.add(f"{owner}.{key} is not optional but missing on {props.get('id') or props.get('key')}")
    assert not problems, "\n".join(sorted(problems))
