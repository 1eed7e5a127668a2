"""The GraphStore interface and the write logic both stores share.

A store only has to run one Cypher statement with parameters; everything else
(batching, the order of writes, statistics) is written once here, so Neo4j and
the embedded FalkorDB receive the same statements.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from kg.graph import MENTIONS, KnowledgeGraph
from kg.store import cypher
from kg.store.values import UnstorableValue, storable

BATCH_SIZE = 1000


class StoreError(RuntimeError):
    """A store could not be reached or refused a statement; the message is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))  # drivers' messages span lines


class StoreUnreachable(StoreError):
    """The store is gone, never answered, or cannot write now (a full disk): the same statement may
    succeed later."""


class StatementRefused(StoreError):
    """The store, or kg before sending, refused a statement for what it says: sending it again fails again."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass
class WriteSummary:
    articles: int = 0
    nodes: Counter = field(default_factory=Counter)
    relationships: Counter = field(default_factory=Counter)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class GraphStore(ABC):
    """A property-graph store that speaks Cypher."""

    dialect: str = "neo4j"
    where: str = "the store"  # for messages: "Neo4j at bolt://...", "FalkorDB at 127.0.0.1:port"
    #: Cypher features a named query may need that this store lacks (see queries/).
    unsupported: frozenset[str] = frozenset()

    def run(self, statement: str, params: dict[str, Any] | None = None, *, write: bool = False,
            timeout: float | None = None) -> QueryResult:
        """Run one statement in its own (managed) transaction, its parameters made storable first
        (kg.store.values.storable: the one place values are cleaned or refused on their way in).
        `timeout`: seconds the server may spend on it before it gives up (StatementRefused)."""
        try:
            params = storable(params or {})
        except UnstorableValue as e:
            raise StatementRefused(f"{e} (not sent to {self.where})") from None
        return self._run(statement, params, write, timeout)

    @abstractmethod
    def _run(self, statement: str, params: dict[str, Any], write: bool, timeout: float | None) -> QueryResult:
        """Raise StoreUnreachable or StatementRefused, never the driver's own errors."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema and writes ---------------------------------------------------------

    def setup_schema(self) -> None:
        for statement in cypher.schema_statements(self.dialect):
            self.run(statement, write=True)

    def write_graph(self, graph: KnowledgeGraph, progress: Callable[[int], None] | None = None) -> WriteSummary:
        """Write nodes before relationships, in UNWIND batches; idempotent (MERGE on ids and keys)."""
        summary = WriteSummary()
        step = progress or (lambda n: None)
        articles = [{"id": i, "props": {k: v for k, v in d.items() if k != "label"}}
                    for i, d in graph.nodes("Article")]
        for batch in batched(articles, BATCH_SIZE):
            self.run(cypher.WRITE_ARTICLES, {"rows": batch}, write=True)
            step(len(batch))
        summary.articles = len(articles)
        by_label: dict[str, list[dict]] = {}
        for node_id, data in graph.nodes():
            if data["label"] == "Article":
                continue
            props = {k: v for k, v in data.items() if k not in ("label", "aliases")}
            by_label.setdefault(data["label"], []).append(
                {"id": node_id, "props": props, "aliases": data.get("aliases", [])})
        for label, rows in by_label.items():
            for batch in batched(rows, BATCH_SIZE):
                self.run(cypher.write_entities(label), {"rows": batch}, write=True)
                step(len(batch))
            summary.nodes[label] = len(rows)
        mentions, by_type = [], {}
        for s, t, key, data in graph.edges():
            if data["type"] == MENTIONS:
                mentions.append({"article": s, "entity": t, "count": data["count"]})
                continue
            props = {k: v for k, v in data.items()
                     if k not in ("type", "sources", "evidence", "first_seen", "last_seen")}
            by_type.setdefault(data["type"], []).append({
                "source": s, "target": t, "key": key, "props": props,
                "sources": data["sources"], "evidence": data["evidence"],
                "first_seen": data.get("first_seen"), "last_seen": data.get("last_seen"),
            })
        for batch in batched(mentions, BATCH_SIZE):
            self.run(cypher.WRITE_MENTIONS, {"rows": batch}, write=True)
            step(len(batch))
        for rel_type, rows in by_type.items():
            for batch in batched(rows, BATCH_SIZE):
                self.run(cypher.write_relations(rel_type), {"rows": batch}, write=True)
                step(len(batch))
            summary.relationships[rel_type] = len(rows)
        touched = sorted({m["entity"] for m in mentions})
        for batch in batched(touched, BATCH_SIZE):
            self.run(cypher.UPDATE_ENTITY_STATS, {"ids": batch}, write=True)
        return summary

    # -- reads -------------------------------------------------------------------------

    def stats(self) -> dict[str, dict[str, int]]:
        labels = self.run(cypher.COUNT_LABELS).rows
        rels = self.run(cypher.COUNT_RELATIONSHIPS).rows
        return {"labels": {k: int(v) for k, v in labels}, "relationships": {k: int(v) for k, v in rels}}

    def id_schemes(self) -> set[int]:
        """The id schemes (kg.schema.ID_SCHEME) the stored articles were written under."""
        return {int(row[0]) for row in self.run(cypher.READ_ID_SCHEMES).rows}

    def iter_nodes(self, page: int = 5000) -> Iterator[dict[str, Any]]:
        yield from self._paged(cypher.READ_NODES, page)

    def iter_relationships(self, page: int = 5000) -> Iterator[dict[str, Any]]:
        yield from self._paged(cypher.READ_RELATIONSHIPS, page)

    def _paged(self, statement: str, page: int) -> Iterator[dict[str, Any]]:
        skip = 0
        while True:
            records = self.run(statement, {"skip": skip, "limit": page}).records()
            yield from records
            if len(records) < page:
                return
            skip += page

    def reset(self) -> None:
        self.run(cypher.DELETE_ALL, write=True)
