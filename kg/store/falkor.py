"""The embedded default store: FalkorDB started by the tool on loopback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import redis.exceptions
from falkordb import FalkorDB

from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, StatementRefused, StoreError, StoreUnreachable
from kg.store.falkor_files import AOF_DIR
from kg.store.falkor_server import EmbeddedFalkor, EmbeddedServerError, InUse
from kg.store.values import plain

GRAPH = "kg"
# redis errors about the server rather than the statement: its disk (MISCONF), its memory (OOM),
# a load or a script in progress, a replica.
_NOT_NOW = ("MISCONF", "OOM", "LOADING", "BUSY", "READONLY", "MASTERDOWN")


def default_data_dir() -> Path:
    return Path(os.environ.get("KG_DATA_DIR") or "kg-data")


def _serves(server_pid: int | None, port: int) -> bool:
    """Whether the redis-server of pid `server_pid` answers on loopback at `port` (a lock file may
    outlive its server, and the port be taken by another)."""
    client = redis.Redis(EmbeddedFalkor.host, port, socket_connect_timeout=1.0, socket_timeout=5.0)
    try:
        return client.info("server")["process_id"] == server_pid
    except redis.exceptions.RedisError:
        return False
    finally:
        client.close()


def _never_built(data_dir: Path) -> str:
    return f"no graph built in {data_dir} yet; run kg build PATHS --data-dir {data_dir} first"


class FalkorStore(GraphStore):
    dialect = "falkordb"
    unsupported = frozenset({"neo4j"})  # queries marked `// requires: neo4j` need Neo4j

    def __init__(self, data_dir: str | os.PathLike | None = None, *, host: str | None = None,
                 port: int = 6379, graph: str = GRAPH, repair: bool = False, create: bool = True,
                 read_only: bool = False) -> None:
        """Start an embedded server on `data_dir`, or connect to a running FalkorDB at host:port.
        `repair`: open a damaged store for what it still holds (kg repair).
        `create`: make the data dir and the graph when they do not exist yet (kg build); False
        refuses, with a StoreError, a data dir that does not exist or holds no graph, and writes
        nothing to make one (the commands that only read).
        `read_only`: only reads will be run; when another kg process holds the data dir (a build
        running), its server answers them instead of a refusal."""
        self.server: EmbeddedFalkor | None = None
        self._made = False  # whether the graph's key exists (_make_graph)
        self.shared = False  # reading through another kg process's server
        if host is None:
            folder = Path(data_dir or default_data_dir()).absolute()
            if not create and folder.is_dir() and not (folder / AOF_DIR).is_dir():
                # No server ever ran here: refused before one starts, so no lock, log or
                # appendonlydir is left in a folder named by mistake.
                raise StoreError(_never_built(folder))
            self.server = EmbeddedFalkor(folder, repair=repair, create=create)
            try:
                self.server.start()
                host, port = self.server.host, self.server.port
            except InUse as e:
                if not (read_only and e.port and _serves(e.server_pid, e.port)):
                    raise StoreError(str(e)) from None
                self.server, self.shared = None, True  # not ours to stop
                host, port = EmbeddedFalkor.host, e.port
            except EmbeddedServerError as e:
                raise StoreError(str(e)) from None
        self.where = f"FalkorDB at {host}:{port}"
        try:
            self.db = FalkorDB(host=host, port=port, socket_timeout=600)
            self.graph = self.db.select_graph(graph)
            self.db.connection.ping()
            if not create:
                # FalkorDB refuses a read of a graph never made ("empty key"); making an empty one,
                # as a build does, would be a write.
                self._made = bool(self.db.connection.exists(graph))
        except redis.exceptions.ConnectionError as e:
            self.close()
            raise StoreUnreachable(f"{self.where} is unreachable: {e}") from None
        if not create and not self._made:
            where = self.server.data_dir if self.server else None
            self.close()
            raise StoreError(_never_built(where) if where else
                             f"{self.where} holds no graph {graph!r}; run kg build PATHS first")

    def _run(self, statement: str, params: dict[str, Any], write: bool, timeout: float | None) -> QueryResult:
        if write and self.shared:
            raise StatementRefused(f"{self.where} belongs to the kg process that holds the data dir: "
                                   "this one only reads (not sent)")
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
        """FalkorDB refuses a read of a graph not yet made ("empty key"); a store opened to be
        built (`create`) reads as the empty graph it is (a build's first reads) once an empty one
        is made. A store opened without `create` has its graph checked at open instead."""
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
