"""The embedded default store: FalkorDB started by the tool on loopback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import redis.exceptions
from falkordb import FalkorDB

from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, StatementRefused, StoreError, StoreUnreachable
from kg.store.falkor_server import EmbeddedFalkor, EmbeddedServerError
from kg.store.values import plain

GRAPH = "kg"
# redis errors about the server rather than the statement: its disk (MISCONF), its memory (OOM),
# a load or a script in progress, a replica.
_NOT_NOW = ("MISCONF", "OOM", "LOADING", "BUSY", "READONLY", "MASTERDOWN")


def default_data_dir() -> Path:
    return Path(os.environ.get("KG_DATA_DIR") or "kg-data")


class FalkorStore(GraphStore):
    dialect = "falkordb"
    unsupported = frozenset({"neo4j"})  # queries marked `// requires: neo4j` need Neo4j

    def __init__(self, data_dir: str | os.PathLike | None = None, *, host: str | None = None,
                 port: int = 6379, graph: str = GRAPH, repair: bool = False) -> None:
        """Start an embedded server on `data_dir`, or connect to a running FalkorDB at host:port.
        `repair`: open a damaged store for what it still holds (kg repair)."""
        self.server: EmbeddedFalkor | None = None
        self._made = False  # whether the graph's key exists (_make_graph)
        if host is None:
            self.server = EmbeddedFalkor(data_dir or default_data_dir(), repair=repair)
            try:
                self.server.start()
            except EmbeddedServerError as e:
                raise StoreError(str(e)) from None
            host, port = self.server.host, self.server.port
        self.where = f"FalkorDB at {host}:{port}"
        try:
            self.db = FalkorDB(host=host, port=port, socket_timeout=600)
            self.graph = self.db.select_graph(graph)
            self.db.connection.ping()
        except redis.exceptions.ConnectionError as e:
            self.close()
            raise StoreUnreachable(f"{self.where} is unreachable: {e}") from None

    def _run(self, statement: str, params: dict[str, Any], write: bool, timeout: float | None) -> QueryResult:
        ms = None if timeout is None else max(1, round(timeout * 1000))
        try:
            if write:
                result = self.graph.query(statement, params, timeout=ms)
                self._made = True
            else:
                self._make_graph()
                result = self.graph.ro_query(statement, params, timeout=ms)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as e:
            raise StoreUnreachable(f"{self.where} is unreachable: {e}") from None
        except redis.exceptions.ResponseError as e:
            if str(e).startswith(_NOT_NOW):  # the server's state, not the statement: a re-run can succeed
                raise StoreUnreachable(f"{self.where} cannot take writes now: {e}") from None
            raise StatementRefused(f"{self.where} refused the statement: {e}") from None
        columns = [h[1] for h in (result.header or [])]
        return QueryResult(columns, [[plain(v) for v in row] for row in result.result_set or []])

    def _make_graph(self) -> None:
        """FalkorDB refuses a read of a graph not yet made ("empty key"); a fresh store reads as the
        empty graph it is (`kg stats`, `kg query` before any build) once an empty one is made."""
        if not self._made:
            if not self.db.connection.exists(self.graph.name):
                self.graph.query("RETURN 1")
            self._made = True

    def setup_schema(self) -> None:
        for statement in cypher.schema_statements(self.dialect):
            try:
                self.run(statement, write=True)
            except StoreError as e:
                if "already indexed" not in str(e):
                    raise
        for label in ("Entity", "Article"):
            try:
                self.db.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self.graph.name, "UNIQUE", "NODE", label, "PROPERTIES", 1, "id")
            except redis.exceptions.ResponseError as e:
                if "already exists" not in str(e):
                    raise StoreError(f"{self.where} refused a uniqueness constraint: {e}") from None

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            try:
                db.connection.close()
            except Exception:  # closing a dead connection must not hide the real error
                pass
        if self.server is not None:
            self.server.stop()
            self.server = None
