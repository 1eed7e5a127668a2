"""Graph stores: Neo4j (production) and an embedded FalkorDB (the default)."""

from __future__ import annotations

import os

from kg.store.base import GraphStore, QueryResult, StoreError, WriteSummary

__all__ = ["GraphStore", "QueryResult", "StoreError", "WriteSummary", "open_store"]


def open_store(kind: str = "embedded", *, data_dir: str | os.PathLike | None = None) -> GraphStore:
    """`embedded` starts FalkorDB on loopback with data in `data_dir`; `neo4j` reads NEO4J_* settings."""
    if kind == "neo4j":
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore()
    if kind == "embedded":
        from kg.store.falkor import FalkorStore

        return FalkorStore(data_dir)
    raise StoreError(f"unknown store {kind!r}: use 'embedded' or 'neo4j'")
