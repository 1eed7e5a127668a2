"""Graph deltas -> the store, in chunks: an archive of any size builds in bounded memory.

Every `commit_every` articles the deltas gathered so far are merged into one KnowledgeGraph
and written. The store's statements MERGE on ids and union `sources` and `evidence` with what
is stored, and mention statistics are recomputed from the stored MENTIONS, so writing in
chunks gives the same graph as one write, and a build cut short (a server gone) is completed
by running it again.

A chunk the store refuses (a statement it will not take: running again cannot help) is written
again article by article; each article still refused is reported and skipped, and the build
goes on, so one bad record never blocks an archive.
"""

from __future__ import annotations

from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Callable, Iterable

from kg.graph import MENTIONS, KnowledgeGraph
from kg.model import GraphDelta
from kg.schema import ID_SCHEME
from kg.store import GraphStore, StoreError
from kg.store.base import StatementRefused

COMMIT_EVERY = 500  # articles per write: large enough for full UNWIND batches, small enough to bound memory


@dataclass
class BuildSummary:
    """What a build wrote: articles, and distinct nodes per label and relationships per type."""

    articles: int = 0
    node_ids: dict[str, set[str]] = field(default_factory=dict)
    relationship_keys: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def nodes(self) -> Counter:
        return Counter({label: len(ids) for label, ids in self.node_ids.items()})

    @property
    def relationships(self) -> Counter:
        return Counter({rel: len(keys) for rel, keys in self.relationship_keys.items()})

    def record(self, graph: KnowledgeGraph) -> None:
        for node_id, data in graph.nodes():
            if data["label"] != "Article":
                self.node_ids.setdefault(data["label"], set()).add(node_id)
        for s, t, key, data in graph.edges():
            if data["type"] != MENTIONS:
                self.relationship_keys.setdefault(data["type"], set()).add((s, t, key))


class BuildInterrupted(StoreError):
    """The store failed part-way: `summary` tells what had been written by then."""

    def __init__(self, error: StoreError, summary: BuildSummary) -> None:
        super().__init__(str(error))
        self.summary = summary
        self.cause = error


def write_deltas(
    db: GraphStore,
    deltas: Iterable[GraphDelta],
    *,
    commit_every: int = COMMIT_EVERY,
    on_written: Callable[[int], None] | None = None,
    on_refused: Callable[[str, str], None] | None = None,
    guard: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> BuildSummary:
    """Write the deltas into `db`, `commit_every` articles at a time; `on_written(n)` after each write,
    `on_refused(source, reason)` for each article the store refused (it is skipped; part of it may be
    stored). Each write and its on_written run within `guard()`: a CLI holds signals there, so
    that what it counts is what was stored.

    Raises BuildInterrupted (a StoreError) if the store fails otherwise, after `summary.articles`
    articles were written in full.
    """
    if commit_every < 1:
        raise ValueError(f"commit_every must be at least 1, got {commit_every}")
    summary = BuildSummary()
    pending: list[GraphDelta] = []

    def write(deltas: list[GraphDelta]) -> None:
        graph = KnowledgeGraph()
        for delta in deltas:
            graph.add(delta)
        with guard():
            try:
                db.write_graph(graph)
            except StatementRefused:
                raise
            except StoreError as e:
                raise BuildInterrupted(e, summary) from e
            summary.record(graph)
            summary.articles += len(deltas)
            if on_written:
                on_written(len(deltas))

    def flush() -> None:
        try:
            write(pending)
        except StatementRefused:
            for delta in pending:  # MERGE makes writing again what the chunk stored harmless
                try:
                    write([delta])
                except StatementRefused as e:
                    if on_refused:
                        on_refused(str(delta.article.props.get("source") or delta.article.id), str(e))
        pending.clear()

    try:
        older = db.id_schemes() - {ID_SCHEME}
        if not older:
            db.setup_schema()
    except StoreError as e:
        raise BuildInterrupted(e, summary) from e
    if older:  # refused before anything is written
        raise StoreError(
            f"{db.where} holds a graph whose entity ids follow another scheme ({min(older)}; this version "
            f"writes {ID_SCHEME}), so new facts would not join its nodes: run `kg reset` and build all "
            "your sources again, or build into another --data-dir")
    for delta in deltas:
        pending.append(delta)
        if len(pending) >= commit_every:
            flush()
    if pending:
        flush()
    return summary
