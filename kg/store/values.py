"""Values at the store's boundary: what goes in (`storable`) and what comes out (`plain`)."""

from __future__ import annotations

import math
import re
from typing import Any

# C0 and C1 controls but tab, newline and carriage return, and lone surrogate halves. A NUL ends
# FalkorDB's statement text early (its parameters travel inside it) and a surrogate half is no UTF-8:
# either would make the store refuse the whole batch the value is in.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_INT64 = (-(2**63), 2**63 - 1)


class UnstorableValue(ValueError):
    """A parameter no store can hold as it is; the message names where it is: `$rows[3].props.x: ...`."""


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason, self.path = reason, []  # the path is collected on the way out, only on failure


def storable(params: dict[str, Any]) -> dict[str, Any]:
    """Statement parameters as every store takes them: control characters dropped from strings,
    surrogate halves made U+FFFD. Numbers a store would clamp or misread (past 64 bits, NaN,
    infinities) and map keys Cypher cannot name (empty, or with a backtick) raise UnstorableValue
    rather than being stored as something else."""
    try:
        return _clean(params)
    except _Refused as e:
        raise UnstorableValue(f"${''.join(reversed(e.path)).lstrip('.')}: {e.reason}") from None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        if _CONTROL.search(value):
            value = _CONTROL.sub("", value)
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise _Refused("integer outside the 64-bit range")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Refused(f"{value} is not a finite number")
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key or "`" in key:
                raise _Refused(f"key {key!r} is empty or holds a backtick")
            try:
                out[key] = _clean(item)
            except _Refused as e:
                e.path.append(f".{key}")
                raise
        return out
    if isinstance(value, (list, tuple)):
        out_list = []
        for i, item in enumerate(value):
            try:
                out_list.append(_clean(item))
            except _Refused as e:
                e.path.append(f"[{i}]")
                raise
        return out_list
    return value  # temporal and driver values pass as they are


def plain(value: Any) -> Any:
    """Driver values -> plain Python for printing and tests: nodes become {"_labels": [...], **props};
    relationships {"_type": T, **props}."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    labels = getattr(value, "labels", None)
    if labels is not None:  # neo4j.graph.Node, falkordb.Node
        return {"_labels": sorted(labels), **plain(dict(_props(value)))}
    rel_type = getattr(value, "type", None) or getattr(value, "relation", None)
    if rel_type is not None:  # neo4j.graph.Relationship, falkordb.Edge
        return {"_type": rel_type, **plain(dict(_props(value)))}
    nodes = getattr(value, "nodes", None)
    if callable(nodes):  # falkordb.Path
        return {"_nodes": [plain(n) for n in nodes()], "_edges": [plain(e) for e in value.edges()]}
    if nodes is not None:  # neo4j.graph.Path
        return {"_nodes": [plain(n) for n in nodes], "_edges": [plain(r) for r in value.relationships]}
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return value.iso_format()
    return str(value)


def _props(value: Any) -> dict:
    props = getattr(value, "properties", None)
    return props if isinstance(props, dict) else dict(value.items())
