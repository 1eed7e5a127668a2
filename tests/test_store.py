"""Round trips through a real embedded FalkorDB: idempotent, incremental, faithful."""

from __future__ import annotations

from kg.build import BuildInterrupted, write_deltas
from kg.graph import KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from kg.store import StoreError
from kg.store.base import StatementRefused, StoreUnreachable

import pytest


def delta(article: str, published: str | None, person: str, title: str, text: str = "câu") -> GraphDelta:
    return GraphDelta(
        article=Node(id=article, label="Article", props={"title": "t", "published": published}),
        nodes=[
            Node(id=person, label="Person", props={"name": person.split(":")[1], "aliases": [person]}),
            Node(id="country:VNM", label="Country", props={"name": "Việt Nam", "iso3": "VNM"}),
        ],
        mentions={person: 2, "country:VNM": 1},
        edges=[Edge(source=person, target="country:VNM", type="HOLDS_POSITION", key=f"{person}|{title}",
                    props={"title": title, "sources": [article], "evidence": [text],
                           "first_seen": published, "last_seen": published, "confidence": 0.9})],
    )


def graph_of(*deltas: GraphDelta) -> KnowledgeGraph:
    g = KnowledgeGraph()
    for d in deltas:
        g.add(d)
    return g


def dump(store) -> tuple[list, list]:
    return list(store.iter_nodes()), list(store.iter_relationships())


A = delta("article:a", "2016-08-13", "person:x", "Thủ tướng")
B = delta("article:b", "2024-01-02", "person:x", "Thủ tướng")
C = delta("article:c", None, "person:y", "Chủ tịch nước")


def test_write_is_idempotent(store):
    g = graph_of(A, C)
    store.write_graph(g)
    first = dump(store)
    store.write_graph(g)
    assert dump(store) == first
    assert store.stats() == {
        "labels": {"Article": 2, "Country": 1, "Entity": 3, "Person": 2},
        "relationships": {"HOLDS_POSITION": 2, "MENTIONS": 4},
    }


def test_a_then_b_equals_a_and_b_together(store):
    store.write_graph(graph_of(A))
    store.write_graph(graph_of(B, C))
    one_by_one = dump(store)
    store.reset()
    store.write_graph(graph_of(A, B, C))
    assert dump(store) == one_by_one
    person = next(n for n in one_by_one[0] if n["id"] == "person:x")["props"]
    assert person["mention_count"] == 4 and person["first_seen"] == "2016-08-13"
    assert person["last_seen"] == "2024-01-02"
    holds = [r for r in one_by_one[1] if r["type"] == "HOLDS_POSITION" and r["source"] == "person:x"]
    assert len(holds) == 1
    assert holds[0]["props"]["sources"] == ["article:a", "article:b"]
    assert (holds[0]["props"]["first_seen"], holds[0]["props"]["last_seen"]) == ("2016-08-13", "2024-01-02")


def test_cypher_looking_text_is_stored_as_data(store):
    evil = '"}) MATCH (n) DETACH DELETE n //\\ \'x\' \n RETURN 1'
    store.write_graph(graph_of(delta("article:e", None, "person:z", "Đại sứ", text=evil)))
    rels = [r for r in store.iter_relationships() if r["type"] == "HOLDS_POSITION"]
    assert rels[0]["props"]["evidence"] == [evil]
    assert store.stats()["labels"]["Person"] == 1


def test_refused_statement_is_one_clear_line(store):
    with pytest.raises(StoreError) as info:
        store.run("MATCH (n RETURN n")
    assert "refused the statement" in str(info.value)
    assert "\n" not in str(info.value).strip()


def test_a_write_interrupted_half_way_is_completed_by_running_it_again(store, monkeypatch):
    g = graph_of(A, B, C)
    store.write_graph(g)
    complete = dump(store)
    store.reset()
    real_run, sent = store.run, []

    def dies_after_three(statement, params=None, *, write=False, timeout=None):
        if write and len(sent) == 3:
            raise ConnectionError("killed")
        sent.append(statement)
        return real_run(statement, params, write=write)

    monkeypatch.setattr(store, "run", dies_after_three)
    with pytest.raises(ConnectionError):
        store.write_graph(g)
    monkeypatch.setattr(store, "run", real_run)
    assert dump(store) != complete  # something, not everything, was written
    store.write_graph(g)
    assert dump(store) == complete


def test_every_value_reaches_the_store_clean(store):
    """Control characters anywhere (ids, urls, names, evidence) are dropped at the boundary, so no
    value can cut a statement short (FalkorDB sends parameters inside the statement's text)."""
    poisoned = delta("article:n\x00ul", None, "person:n\x01ul", "Đại\x00 sứ", text="câu\x00 có\ud800 lỗi")
    poisoned.article.props["url"] = "https://example.org/a\x00b"
    store.write_graph(graph_of(poisoned))
    nodes, rels = dump(store)
    article = next(n for n in nodes if "Article" in n["labels"])
    assert article["id"] == "article:nul" and article["props"]["url"] == "https://example.org/ab"
    holds = next(r for r in rels if r["type"] == "HOLDS_POSITION")
    assert holds["source"] == "person:nul" and holds["props"]["title"] == "Đại sứ"
    assert holds["props"]["evidence"] == ["câu có\ufffd lỗi"]


@pytest.mark.parametrize("value, where", [
    (float("nan"), "$x.y[1]: nan is not a finite number"),
    (2**64, "$x.y[1]: integer outside the 64-bit range"),
])
def test_a_value_no_store_can_hold_is_refused_not_altered(store, value, where):
    with pytest.raises(StatementRefused) as info:
        store.run("RETURN $x AS x", {"x": {"y": [1, value]}})
    assert str(info.value).startswith(where) and "not sent to" in str(info.value)


def test_a_refused_article_is_skipped_and_the_rest_of_its_chunk_stored(store):
    """The store refuses the middle article (a map is no property value, in either store): the chunk
    is written again article by article, that one is reported with its source, the others stored."""
    bad = delta("article:bad", None, "person:w", "Đại sứ")
    bad.article.props.update(source="feed.jsonl:2", title={"not": "a property value"})
    refused: list[tuple[str, str]] = []
    summary = write_deltas(store, [A, bad, C], commit_every=10, on_refused=lambda *r: refused.append(r))
    assert [source for source, _ in refused] == ["feed.jsonl:2"]
    assert "refused the statement" in refused[0][1]
    assert summary.articles == 2
    alone = dump(store)
    store.reset()
    store.write_graph(graph_of(A, C))
    assert alone == dump(store)


def test_an_unreachable_store_interrupts_the_build_rather_than_skipping_articles(store, monkeypatch):
    real_run = store._run

    def gone(statement, params, write, timeout):
        if write and "UNWIND" in statement:
            raise StoreUnreachable(f"{store.where} is unreachable: connection reset")
        return real_run(statement, params, write, timeout)

    monkeypatch.setattr(store, "_run", gone)
    refused: list = []
    with pytest.raises(BuildInterrupted) as info:
        write_deltas(store, [A, C], on_refused=lambda *r: refused.append(r))
    assert isinstance(info.value.cause, StoreUnreachable) and not refused
