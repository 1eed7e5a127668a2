"""A named query checks what it is given, through the CLI as a user runs it (issue 16): no answer
that looks normal and is wrong. An unknown parameter, a wrong-typed value, a misspelt query name,
an entity the store lacks or a name several entities share is refused in one line, exit 2, with
what would work; a query that prefers a country's body says which it took."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from kg.queries import all_queries
from runkg import kg

ARTICLE = "article:p1"
MINISTRIES = {"ministry:VNM:bo-ngoai-giao": "VNM", "ministry:IDN:bo-ngoai-giao": "IDN"}
POSTS = [("person:bui-thanh-son", "Bùi Thanh Sơn", "ministry:VNM:bo-ngoai-giao", "Bộ trưởng"),
         ("person:retno-marsudi", "Retno Marsudi", "ministry:IDN:bo-ngoai-giao", "Bộ trưởng"),
         ("person:ho-chi-lam", "Hồ Chí Lâm", "country:VNM", "Đại sứ"),
         ("person:ho-chi-lam-2", "Hồ Chí Lâm", "country:IDN", "Tham tán")]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Two foreign ministries both named "Bộ Ngoại giao", and two people both named "Hồ Chí Lâm"."""
    from kg.store.falkor import FalkorStore

    nodes = [Node(id=i, label="Ministry", props={"name": "Bộ Ngoại giao", "country": c}) for i, c in MINISTRIES.items()]
    nodes += [Node(id="country:VNM", label="Country", props={"name": "Việt Nam", "iso3": "VNM"}),
              Node(id="country:IDN", label="Country", props={"name": "Indonesia", "iso3": "IDN", "aliases": ["In-đô-nê-xi-a"]})]
    nodes += [Node(id=i, label="Person", props={"name": n}) for i, n, _, _ in POSTS]
    edges = [Edge(source=p, target=b, type="HOLDS_POSITION", key=f"{p}|{b}",
                  props={"title": t, "sources": [ARTICLE], "evidence": ["..."], "first_seen": "2024-01-02"})
             for p, _, b, t in POSTS]
    graph = KnowledgeGraph()
    graph.add(GraphDelta(article=Node(id=ARTICLE, label="Article", props={"name": "p1", "published": "2024-01-02"}),
                         nodes=nodes, edges=edges, mentions={n.id: 1 for n in nodes}))
    data = tmp_path_factory.mktemp("params")
    db = FalkorStore(data)
    try:
        db.setup_schema()
        db.write_graph(graph)
    finally:
        db.close()
    return data


def ask(data: Path, *args: str):
    return kg("query", *args, "--format", "json", "--data-dir", str(data), check=False)


def refused(proc) -> str:
    """The one line of a refusal, after checking it is one: exit 2, nothing on stdout."""
    assert proc.returncode == 2 and proc.stdout == "", (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: "), proc.stderr
    return lines[0]


def test_an_unknown_parameter_is_refused_with_the_known_ones(store):
    line = refused(ask(store, "posts_of_person", "--param", "name=Bùi Thanh Sơn"))
    assert line == ("kg: posts_of_person has no parameter 'name'; its parameters: person "
                    "(kg query posts_of_person --help)")
    assert "(did you mean person?)" in refused(ask(store, "posts_of_person", "--param", "persn=Bùi Thanh Sơn"))


@pytest.mark.parametrize(("param", "expected"), [
    ("limit=abc", 'kg: --param limit="abc": limit is a whole number, 0 or more'),
    ("limit=-3", "kg: --param limit=-3: limit is a whole number, 0 or more"),
    ("limit=[1]", "kg: --param limit=[1]: limit is a whole number, 0 or more"),
])
def test_a_wrong_typed_value_is_refused_with_the_expected_type(store, param, expected):
    assert refused(ask(store, "officials", "--param", param)) == expected


def test_labels_relations_and_dates_are_checked(store):
    assert refused(ask(store, "most_mentioned", "--param", "type=Persn")).endswith("(did you mean Person?)")
    assert "is a date: YYYY, YYYY-MM or YYYY-MM-DD" in refused(ask(store, "first_seen_after", "--param", "since=last year"))
    assert "(did you mean HOLDS_POSITION?)" in refused(
        ask(store, "fact_evidence", "--param", "subject=Retno Marsudi", "--param", "relation=HOLD_POSITION"))
    assert json.loads(ask(store, "most_mentioned", "--param", "type=person").stdout)  # case aside, a label is a label


def test_a_misspelt_query_name_is_not_sent_as_cypher(store):
    assert refused(ask(store, "vists_of_person")) == "kg: no query named 'vists_of_person'; did you mean visits_of_person? (kg query --list)"


def test_raw_cypher_names_the_parameters_it_lacks(store):
    line = refused(ask(store, "MATCH (n:Entity) WHERE n.id = $id AND n.name <> '$not_a_param' RETURN n.name LIMIT $n"))
    assert line == "kg: the statement uses $id, $n: give --param id=VALUE --param n=VALUE"


def test_an_entity_the_store_lacks_is_said_with_the_nearest_names(store):
    line = refused(ask(store, "country_partners", "--param", "country=indonesia"))
    assert line == 'kg: --param country="indonesia": the store holds no Country by that name, alias, ISO3 code or id; did you mean "Indonesia"?'
    assert refused(ask(store, "posts_of_person", "--param", "person=Nobody Atall")) == \
        'kg: --param person="Nobody Atall": the store holds no Person by that name, alias or id'


def test_a_name_two_entities_share_is_refused_with_both(store):
    line = refused(ask(store, "posts_of_person", "--param", "person=Hồ Chí Lâm"))
    assert line == ('kg: --param person="Hồ Chí Lâm" names 2 of them: Hồ Chí Lâm (Person; person:ho-chi-lam); '
                    "Hồ Chí Lâm (Person; person:ho-chi-lam-2): give one's id (kg query namesakes tells them apart)")
    rows = json.loads(ask(store, "posts_of_person", "--param", "person=person:ho-chi-lam-2").stdout)
    assert [r["title"] for r in rows] == ["Tham tán"]


def test_a_shared_ministry_name_means_viet_nams_and_says_so(store):
    proc = ask(store, "ministry_officials")  # the default, "Bộ Ngoại giao", names two ministries
    assert proc.returncode == 0, proc.stderr
    assert [r["person"] for r in json.loads(proc.stdout)] == ["Bùi Thanh Sơn"]  # not Indonesia's minister
    assert proc.stderr.strip() == ('kg: ministry "Bộ Ngoại giao" taken as Bộ Ngoại giao (Ministry, VNM; '
                                   "ministry:VNM:bo-ngoai-giao); also Bộ Ngoại giao (Ministry, IDN; "
                                   "ministry:IDN:bo-ngoai-giao): give an id to choose")
    rows = json.loads(ask(store, "ministry_officials", "--param", "ministry=ministry:IDN:bo-ngoai-giao").stdout)
    assert [r["person"] for r in rows] == ["Retno Marsudi"]


def test_an_alias_and_a_code_find_the_same_country(store):
    by = {v: json.loads(ask(store, "country_partners", "--param", f"country={v}").stdout)
          for v in ("Indonesia", "In-đô-nê-xi-a", "IDN", "country:IDN")}
    assert all(proc == by["IDN"] for proc in by.values())


def test_help_of_a_named_query_shows_its_parameters():
    for q in all_queries():
        out = kg("query", q.name, "--help").stdout
        assert out.startswith(f"kg query {q.name}: {q.question}"), out
        for p in q.params:
            assert p.describe() in out, (q.name, p.name)
        assert f"Example: {q.example}" in out
    assert "Usage:" in kg("query", "--help").stdout  # without a name, the command's own help


def test_a_shell_answers_line_after_line_on_one_store_and_goes_on_after_a_refusal(store):
    lines = ["ministry_officials ministry=ministry:IDN:bo-ngoai-giao",
             "posts_of_person persn=X",
             "// a comment",
             "MATCH (c:Country) RETURN c.iso3 AS iso3 ORDER BY iso3",
             'posts_of_person person="Retno Marsudi"']
    proc = kg("shell", "--format", "json", "--data-dir", str(store), stdin="\n".join(lines) + "\n", check=False)
    assert proc.returncode == 1  # one line was refused
    assert proc.stderr.strip() == ("kg: posts_of_person has no parameter 'persn' (did you mean person?); "
                                   "its parameters: person (kg query posts_of_person --help)")
    answers = [json.loads(a) for a in proc.stdout.replace("]\n[", "]\0[").split("\0")]
    assert [[r["person"] for r in answers[0]], answers[1], [r["title"] for r in answers[2]]] == [
        ["Retno Marsudi"], [{"iso3": "IDN"}, {"iso3": "VNM"}], ["Bộ trưởng"]]
