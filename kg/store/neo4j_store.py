"""Neo4j, the production store, through the official driver."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, StatementRefused, StoreError, StoreUnreachable
from kg.store.values import plain


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> None:
        uri = uri or os.environ.get("NEO4J_URI")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        # Guessing localhost and no password only turned a store never configured into an
        # "unreachable" or "authentication failed" that named neither setting. The user keeps
        # its default, the one of every Neo4j install.
        if missing := [name for name, value in (("NEO4J_URI", uri), ("NEO4J_PASSWORD", password)) if not value]:
            raise StoreError(f"--store neo4j needs {', '.join(missing)} (unset); export "
                             f"{'them' if len(missing) > 1 else 'it'}, or leave out --store for the embedded store")
        user = user or os.environ.get("NEO4J_USER") or "neo4j"
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.where = f"Neo4j at {uri}"
        # Idle connections behind load balancers die silently; recycle them before that.
        self.driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5.0,
                                           max_connection_lifetime=1800)
        try:
            self.driver.verify_connectivity()
        except AuthError:
            self.driver.close()
            raise StoreError(f"{self.where}: authentication failed for user {user!r}") from None
        except (ServiceUnavailable, OSError, Neo4jError) as e:
            self.driver.close()
            # A common slip: the Browser's HTTP port (7474) given where the Bolt port (7687) goes.
            hint = "; that port speaks HTTP, not Bolt: give Neo4j's Bolt port" if "looks like HTTP" in str(e) else ""
            raise StoreError(f"{self.where} is unreachable: {e}{hint}") from None

    def _run(self, statement: str, params: dict[str, Any], write: bool, timeout: float | None) -> QueryResult:
        # execute_query runs a managed transaction and retries transient errors.
        with self._errors():
            records, _, keys = self.driver.execute_query(
                neo4j.Query(statement, timeout=timeout), params, database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
        return QueryResult(list(keys), [[plain(v) for v in r.values()] for r in records])

    def reset(self) -> None:
        """Delete everything in batches (`CALL { } IN TRANSACTIONS`), which only an implicit
        (auto-commit) transaction may run: session.run, not a managed transaction."""
        with self._errors(), self.driver.session(database=self.database) as session:
            session.run(neo4j.Query(cypher.DELETE_ALL_IN_BATCHES)).consume()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """The driver's errors as one-line StoreErrors naming the server."""
        try:
            yield
        except ServiceUnavailable as e:
            raise StoreUnreachable(f"{self.where} is unreachable: {e}") from None
        except (ClientError, Neo4jError) as e:
            raise StatementRefused(f"{self.where} refused the statement: {e.message or e}") from None

    def close(self) -> None:
        self.driver.close()
