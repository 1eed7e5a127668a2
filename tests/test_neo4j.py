"""On a real Neo4j 5 (NEO4J_URI; `tools/neo4j-server/run` or .ci/run starts one): the schema it
gets, `kg reset` in batches, its login and wrong-port messages, and parity of every named query with FalkorDB.

Every test here is neo4j-marked: locally without a server they skip; in CI they must run.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from kg.queries import all_queries, find
from kg.schema import ENTITY_LABELS
from kg.store import StoreError, cypher
from runkg import kg

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j(neo4j_session):
    neo4j_session.reset()
    neo4j_session.setup_schema()
    return neo4j_session


# -- schema ------------------------------------------------------------------------------------

def test_uniqueness_constraints_and_the_full_text_index_are_created(neo4j):
    neo4j.setup_schema()  # twice: IF NOT EXISTS
    constraints = neo4j.run("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
                            "RETURN type, labelsOrTypes[0] AS label, properties").records()
    unique = {c["label"] for c in constraints if c["type"] == "UNIQUENESS" and c["properties"] == ["id"]}
    assert unique == {"Entity", "Article", *ENTITY_LABELS}
    fulltext = neo4j.run("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, state "
                         "RETURN name, labelsOrTypes, properties, state").records()
    assert fulltext == [{"name": cypher.FULLTEXT_INDEX, "labelsOrTypes": ["Entity"],
                         "properties": ["name", "name_en"], "state": "ONLINE"}]


def test_a_second_node_with_the_same_id_is_refused(neo4j):
    neo4j.run("CREATE (:Entity:Person {id: 'person:x'})", write=True)
    with pytest.raises(StoreError) as info:
        neo4j.run("CREATE (:Entity:Person {id: 'person:x'})", write=True)
    assert "already exists" in str(info.value) and "\n" not in str(info.value)


# -- kg reset ----------------------------------------------------------------------------------

def test_reset_deletes_100000_nodes_in_batches(neo4j):
    assert "IN TRANSACTIONS OF" in cypher.DELETE_ALL_IN_BATCHES
    with neo4j.driver.session(database=neo4j.database) as session:
        session.run("UNWIND range(0, 49999) AS i CALL (i) {"
                    " CREATE (:Entity:Person {id: 'person:a' + i})-[:MET {key: 'k' + i}]->(:Entity:Person {id: 'person:b' + i})"
                    " } IN TRANSACTIONS OF 10000 ROWS").consume()
    assert neo4j.stats() == {"labels": {"Entity": 100_000, "Person": 100_000}, "relationships": {"MET": 50_000}}
    proc = kg("reset", "--yes", "--store", "neo4j", timeout=600)
    assert f"deleted 100000 nodes from Neo4j at {os.environ['NEO4J_URI']}" in proc.stderr
    assert neo4j.stats() == {"labels": {}, "relationships": {}}


# -- login -------------------------------------------------------------------------------------

def test_wrong_password_is_one_line_and_fast(neo4j_session, samples):
    uri = os.environ["NEO4J_URI"]
    env = {"NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": os.environ["NEO4J_PASSWORD"] + "-wrong"}
    started = time.monotonic()
    proc = kg("build", str(samples), "--store", "neo4j", "--quiet", env=env, check=False)
    assert time.monotonic() - started < 10
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"kg: Neo4j at {uri}: authentication failed for user 'neo4j'"]


def test_the_servers_http_port_given_for_bolt_is_one_line_naming_the_slip(neo4j_session, samples):
    http = os.environ.get("NEO4J_HTTP_URI")  # the real server's Browser port, which does not speak Bolt
    if not http:
        pytest.skip("NEO4J_HTTP_URI is not set (tools/neo4j-server/start sets it)")
    uri = "bolt://" + http.removeprefix("http://")
    proc = kg("build", str(samples), "--store", "neo4j", "--quiet", env={"NEO4J_URI": uri}, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: Neo4j at {uri} is unreachable"), proc.stderr
    assert lines[0].endswith("that port speaks HTTP, not Bolt: give Neo4j's Bolt port")


# -- parity with the embedded FalkorDB ---------------------------------------------------------

QUERIES = {q.name: q for q in all_queries()}
PORTABLE = sorted(name for name, q in QUERIES.items() if "neo4j" not in q.requires)


def canonical(value):
    """Lists made by collect() have no order in Cypher (each engine collects in its own): compare
    them as multisets. Rows keep their order, which ORDER BY fixes."""
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    return value


def answers(store) -> dict[str, dict]:
    """Every portable named query run with its default parameters: columns and rows."""
    from kg.query_binding import ParamError, prepare

    out = {}
    for name in PORTABLE:
        try:  # the defaults bound as `kg query NAME` binds them: entities looked up in the store
            statement, params, _ = prepare(store, name, {})
        except ParamError as e:  # a default entity the build lacks: both stores must say so alike
            out[name] = {"refused": str(e), "rows": []}
            continue
        result = store.run(statement, params)
        out[name] = {"columns": result.columns, "rows": [[canonical(v) for v in row] for row in result.rows]}
    return out


@pytest.fixture(scope="module", params=["samples", "dev"])
def both_stores(request, neo4j_session, tmp_path_factory):
    """The same input built into Neo4j and into the embedded FalkorDB; every query answered on both."""
    from kg.store.falkor import FalkorStore

    source = request.getfixturevalue("samples" if request.param == "samples" else "dev_set")
    docs = source if request.param == "samples" else source / "docs"
    data = tmp_path_factory.mktemp(f"parity-{request.param}")
    neo4j_session.reset()
    kg("build", str(docs), "--store", "neo4j", "--quiet", timeout=900)
    kg("build", str(docs), "--data-dir", str(data), "--quiet", timeout=900)
    with FalkorStore(data) as falkor:
        assert neo4j_session.stats() == falkor.stats()
        return request.param, answers(neo4j_session), answers(falkor)


@pytest.mark.parametrize("name", PORTABLE)
def test_every_named_query_gives_the_same_rows_on_neo4j_and_falkordb(both_stores, name):
    build, on_neo4j, on_falkor = both_stores
    assert on_neo4j[name] == on_falkor[name], f"{name} on the {build} build"


def test_parity_covers_queries_with_rows(both_stores):
    """The comparison means something: most queries answer with rows on the build."""
    build, on_neo4j, _ = both_stores
    answered = [name for name in PORTABLE if on_neo4j[name]["rows"]]
    assert len(answered) >= len(PORTABLE) // 2, (build, sorted(set(PORTABLE) - set(answered)))


# -- the queries only Neo4j can run (`// Requires: neo4j`) -------------------------------------

NEEDS_NEO4J = sorted(q.name for q in all_queries() if "neo4j" in q.requires)


def test_at_least_two_queries_use_what_only_neo4j_has():
    assert len(NEEDS_NEO4J) >= 2, NEEDS_NEO4J


def neo4j_query(name: str, **params) -> list[dict]:
    args = ["query", name, "--store", "neo4j", "--format", "json"]
    for k, v in params.items():
        args += ["--param", f"{k}={json.dumps(v, ensure_ascii=False)}"]
    return json.loads(kg(*args).stdout)


@pytest.mark.parametrize("where", ["samples", "handmade"])
def test_neo4j_only_queries_answer(neo4j, samples, where):
    from test_queries import NEO4J_CASES, handmade_graph

    if where == "samples":
        kg("build", str(samples), "--store", "neo4j", "--quiet")
    else:
        neo4j.write_graph(handmade_graph())
    neo4j.run("CALL db.awaitIndexes(60)")
    cases = [c for c in NEO4J_CASES if c[1] == where]
    assert cases
    for name, _, params, expected in cases:
        rows = neo4j_query(name, **params)
        assert rows, f"{name} on {where} with {params} gave no rows"
        for want in expected:
            assert any(all(r.get(k) == v for k, v in want.items()) for r in rows), \
                f"{name}: no row has {want}; got\n{json.dumps(rows, ensure_ascii=False, indent=1)}"


def test_full_text_search_puts_the_best_match_first(neo4j, samples):
    kg("build", str(samples), "--store", "neo4j", "--quiet")
    neo4j.run("CALL db.awaitIndexes(60)")
    rows = neo4j_query("search_entities", text="Bộ Ngoại giao", limit=3)
    assert rows[0]["name"] == "Bộ Ngoại giao"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_neo4j_only_examples_run(neo4j, samples):
    import shlex

    kg("build", str(samples), "--store", "neo4j", "--quiet")
    neo4j.run("CALL db.awaitIndexes(60)")
    for name in NEEDS_NEO4J:
        args = shlex.split(find(name).example)
        assert args[:3] == ["kg", "query", name] and "neo4j" in args, args
        assert isinstance(json.loads(kg(*args[1:], "--format", "json").stdout), list), args
