"""Graph stores: Neo4j (production) and an embedded FalkorDB (the default)."""

from __future__ import annotations

import os

from kg.store.base import GraphStore, QueryResult, StoreError, WriteSummary

__all__ = ["GraphStore", "QueryResult", "StoreError", "WriteSummary", "open_store"]


def open_store(kind: str = "embedded", *, data_dir: str | os.PathLike | None = None,
               create: bool = True, read_only: bool = False) -> GraphStore:
    """`embedded` starts FalkorDB on loopback with data in `data_dir`; `neo4j` reads NEO4J_* settings.
    `create`: make the embedded store if it does not exist yet; False refuses a data dir that does
    not exist or was never built, and creates nothing (Neo4j's database is the server's to make).
    `read_only`: the caller only reads, so an embedded store a build holds answers through its server."""
    if kind == "neo4j":
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore()
    if kind == "embedded":
        from kg.store.falkor import FalkorStore

        return FalkorStore(data_dir, create=create, read_only=read_only)
    raise StoreError(f"unknown store {kind!r}: use 'embedded' or 'neo4j'")
