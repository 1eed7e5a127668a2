"""Every named query in queries/ answers a real question on a real embedded store, through the CLI.

Two stores, each built once per module:
- `samples`: `kg build examples/news`, what a user gets from the two sample pages;
- `handmade`: a small graph written through the Python API, for the facts the samples lack
  (meetings, ambassadors, provinces' partners, dated visits).
Every query has at least one case below asserting specific rows; a query without one fails
`test_every_query_has_a_case`.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import KnowledgeGraph
from kg.model import Edge, GraphDelta, Node
from kg.queries import all_queries
from kg.schema import RELATION_TYPES
from runkg import kg



def query(data: Path, query_name: str, /, **params) -> list[dict]:
    args = ["query", query_name, "--format", "json", "--data-dir", str(data)]
    for k, v in params.items():
        args += ["--param", f"{k}={json.dumps(v, ensure_ascii=False)}"]  # JSON, so "2024" stays a string
    return json.loads(kg(*args).stdout)


# -- the stores ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples_store(tmp_path_factory, samples) -> Path:
    data = tmp_path_factory.mktemp("samples")
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data


H1, H2 = "article:h1", "article:h2"
ARTICLES = {
    H1: {"name": "h1", "title": "Thủ tướng hội đàm với Thủ tướng Trung Quốc", "published": "2023-06-27",
         "url": "https://example.vn/h1"},
    H2: {"name": "h2", "title": "Quảng Ninh và Quảng Tây tăng cường hợp tác", "published": "2024-10-13",
         "url": "https://example.vn/h2"},
}
PERSONS = {
    "person:pham-minh-chinh": "Phạm Minh Chính",
    "person:ly-cuong": "Lý Cường",
    "person:bui-thanh-son": "Bùi Thanh Sơn",
    "person:vuong-nghi": "Vương Nghị",
    "person:pham-sao-mai": "Phạm Sao Mai",
    "person:le-tham-tan": "Lê Văn Tân",
    "person:ly-cuong-qn": "Lý Cường",  # a Vietnamese namesake of China's premier (kg.resolve.namesakes_abroad)
}
PLACES = [
    Node(id="country:VNM", label="Country", props={"name": "Việt Nam", "iso3": "VNM"}),
    Node(id="country:CHN", label="Country", props={"name": "Trung Quốc", "iso3": "CHN"}),
    Node(id="province:quang-ninh", label="Province", props={"name": "Quảng Ninh", "country": "VNM"}),
    Node(id="province:CHN:quang-tay", label="Province", props={"name": "Quảng Tây", "country": "CHN"}),
    Node(id="ministry:VNM:bo-ngoai-giao", label="Ministry", props={"name": "Bộ Ngoại giao", "country": "VNM"}),
    Node(id="agreement:bien-ban-quang-ninh-quang-tay", label="Agreement",
         props={"name": "Biên bản ghi nhớ hợp tác Quảng Ninh - Quảng Tây"}),
    Node(id="event:amm-56", label="Event", props={"name": "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56"}),
    # absorbed into Tuyên Quang in 2025 (the MERGED_INTO edge: handmade_graph)
    Node(id="province:ha-giang", label="Province", props={"name": "Hà Giang", "country": "VNM", "valid_to": "2025-06-30"}),
    Node(id="province:tuyen-quang", label="Province", props={"name": "Tuyên Quang", "country": "VNM"}),
    Node(id="province:CHN:van-nam", label="Province", props={"name": "Vân Nam", "country": "CHN"}),
]

# (source, type, target, props, article)
FACTS = [
    ("person:pham-minh-chinh", "HOLDS_POSITION", "country:VNM", {"title": "Thủ tướng"}, H1),
    ("person:ly-cuong", "HOLDS_POSITION", "country:CHN", {"title": "Thủ tướng"}, H1),
    ("person:bui-thanh-son", "HOLDS_POSITION", "ministry:VNM:bo-ngoai-giao", {"title": "Bộ trưởng"}, H1),
    ("person:vuong-nghi", "HOLDS_POSITION", "country:CHN", {"title": "Bộ trưởng Ngoại giao"}, H1),
    ("person:pham-sao-mai", "HOLDS_POSITION", "country:VNM", {"title": "Đại sứ", "head_of_mission": True}, H2),
    ("person:pham-sao-mai", "HOLDS_POSITION", "country:VNM", {"title": "Tham tán Công sứ"}, H2),  # not a head of mission
    ("person:pham-sao-mai", "POSTED_TO", "country:CHN", {}, H2),
    ("person:le-tham-tan", "HOLDS_POSITION", "country:VNM", {"title": "Tham tán"}, H2),  # staff, not a head of mission
    ("person:le-tham-tan", "POSTED_TO", "country:CHN", {}, H2),
    # Stored in both directions on purpose: the pair is the same either way.
    ("person:pham-minh-chinh", "MET", "person:ly-cuong", {"date": "2023-06-27", "kind": "talks"}, H1),
    ("person:ly-cuong", "MET", "person:pham-minh-chinh", {"date": "2024-10-13", "kind": "meeting"}, H2),
    ("person:bui-thanh-son", "MET", "person:vuong-nghi", {"date": "2023-04-01", "kind": "talks"}, H1),
    ("person:bui-thanh-son", "VISITED", "country:CHN", {"date": "2023-04", "status": "done"}, H1),
    ("person:pham-minh-chinh", "VISITED", "country:CHN", {"date": "2023-06", "status": "done"}, H1),
    ("person:bui-thanh-son", "PARTICIPATED_IN", "event:amm-56", {"role": "participant"}, H1),
    ("province:quang-ninh", "COOPERATES_WITH", "province:CHN:quang-tay", {}, H2),
    ("province:quang-ninh", "SIGNED", "agreement:bien-ban-quang-ninh-quang-tay", {"date": "2024-10"}, H2),
    ("province:CHN:quang-tay", "SIGNED", "agreement:bien-ban-quang-ninh-quang-tay", {"date": "2024-10"}, H2),
    ("province:ha-giang", "COOPERATES_WITH", "province:CHN:van-nam", {}, H1),
    ("person:ly-cuong-qn", "HOLDS_POSITION", "province:quang-ninh", {"title": "Chủ tịch"}, H2),
]


def handmade_graph() -> KnowledgeGraph:
    nodes = [Node(id=i, label="Person", props={"name": n}) for i, n in PERSONS.items()] + PLACES
    g = KnowledgeGraph()
    for article, props in ARTICLES.items():
        facts = [f for f in FACTS if f[4] == article]
        ends = {f[0] for f in facts} | {f[2] for f in facts}
        published = props["published"]
        g.add(GraphDelta(
            article=Node(id=article, label="Article", props=props),
            nodes=[n for n in nodes if n.id in ends],
            mentions={e: 1 for e in sorted(ends)},
            edges=[Edge(source=s, target=t, type=rel, key=f"{s}|{rel}|{t}|{p.get('date')}",
                        props={**p, "sources": [article], "evidence": [f"{s} {rel} {t}."],
                               "first_seen": published, "last_seen": published, "confidence": 0.9})
                   for s, rel, t, p, _ in facts],
        ))
    # from the gazetteer, in no article: no sources (kg.resolve.successions)
    merged = [n for n in PLACES if n.id in ("province:ha-giang", "province:tuyen-quang")]
    g.add(GraphDelta(article=Node(id=H2, label="Article", props=ARTICLES[H2]), nodes=merged, edges=[
        Edge(source="province:ha-giang", target="province:tuyen-quang", type="MERGED_INTO", key="merged",
             props={"since": "2025-07-01", "sources": [], "evidence": []})]))
    return g


@pytest.fixture(scope="module")
def handmade_store(tmp_path_factory) -> Path:
    from kg.store.falkor import FalkorStore

    data = tmp_path_factory.mktemp("handmade")
    store = FalkorStore(data)
    try:
        store.setup_schema()
        store.write_graph(handmade_graph())
    finally:
        store.close()
    return data


# -- the cases: (query, store, params, rows that must be among the answer) -----------------

CASES = [
    ("officials", "samples", {}, [
        {"person": "Lê Hoài Trung", "title": "Thứ trưởng", "body": "Bộ Ngoại giao (Việt Nam)", "body_type": "Ministry",
         "country": "VNM"}]),
    ("posts_of_person", "samples", {"person": "Lê Hoài Trung"}, [
        {"title": "Thứ trưởng", "body": "Bộ Ngoại giao (Việt Nam)", "country": "VNM", "first_seen": "2016-08-13"}]),
    ("posts_of_person", "samples", {}, [
        {"title": "Bộ trưởng", "body": "Bộ Ngoại giao (Việt Nam)"},
        {"title": "Tổ trưởng", "body": "Tổ công tác của Chính phủ về ngoại giao vaccine"}]),
    ("most_mentioned", "samples", {}, [{"name": "Việt Nam", "mentions": 32}]),
    ("most_mentioned", "samples", {"type": "Person", "limit": 3}, [{"name": "Lê Hoài Trung", "mentions": 2}]),
    ("ministry_officials", "samples", {}, [
        {"person": "Lê Hoài Trung", "title": "Thứ trưởng", "first_seen": "2016-08-13", "last_seen": "2016-08-13"},
        {"person": "Bùi Thanh Sơn", "title": "Bộ trưởng"},
        {"person": "Nguyễn Minh Vũ", "title": "Thứ trưởng"},
        {"person": "Lê Thị Thu Hằng", "title": "Người Phát ngôn"}]),
    ("ministry_officials", "handmade", {}, [
        {"person": "Bùi Thanh Sơn", "title": "Bộ trưởng", "first_seen": "2023-06-27"}]),
    ("visits_of_person", "samples", {}, [
        {"place": "Cuba", "place_type": "Country", "country": "CUB", "status": "done", "articles": 1}]),
    ("visits_of_person", "handmade", {"person": "Bùi Thanh Sơn"}, [
        {"place": "Trung Quốc", "country": "CHN", "date": "2023-04", "status": "done"}]),
    ("visitors_of_country", "samples", {}, [{"visitor": "Nguyễn Xuân Phúc", "type": "Person", "place": "Cuba"}]),
    ("visitors_of_country", "handmade", {"country": "CHN"}, [
        {"visitor": "Bùi Thanh Sơn", "date": "2023-04"}, {"visitor": "Phạm Minh Chính", "date": "2023-06"}]),
    ("frequent_meetings", "handmade", {}, [
        {"person_a": "Lý Cường", "person_b": "Phạm Minh Chính", "meetings": 2, "articles": 2},
        {"person_a": "Bùi Thanh Sơn", "person_b": "Vương Nghị", "meetings": 1, "dates": ["2023-04-01"],
         "kinds": ["talks"]}]),
    ("agreements_by_partner", "samples", {}, [
        {"partner": "Trung Quốc", "agreement": "Hiệp định hợp tác bảo vệ và khai thác tài nguyên du lịch thác Bản Giốc", "signed": "2015-11",
         "co_signers": ["Việt Nam"]},
        {"partner": "Trung Quốc", "agreement": "Hiệp định tàu thuyền đi lại tự do tại khu vực tự do đi lại ở cửa sông Bắc Luân", "signed": "2015-11",
         "co_signers": ["Việt Nam"]}]),
    ("agreements_by_partner", "handmade", {"partner": "Quảng Tây"}, [
        {"partner": "Quảng Tây", "agreement": "Biên bản ghi nhớ hợp tác Quảng Ninh - Quảng Tây",
         "signed": "2024-10", "co_signers": ["Quảng Ninh"]}]),
    ("province_partners", "handmade", {}, [
        {"province": "Quảng Ninh", "partner": "Quảng Tây", "partner_country": "CHN", "link": "cooperates"},
        {"province": "Quảng Ninh", "partner": "Quảng Tây", "link": "signed",
         "agreement": "Biên bản ghi nhớ hợp tác Quảng Ninh - Quảng Tây"}]),
    ("province_partners", "samples", {"country": "CHN"}, [
        {"province": "Quảng Tây (Trung Quốc)", "partner": "Việt Nam", "partner_country": "VNM", "link": "cooperates"}]),
    ("country_partners", "samples", {}, [
        {"partner": "Pháp", "type": "Country", "country": "FRA", "first_seen": "2016-08-13"},
        {"partner": "Quảng Tây (Trung Quốc)", "type": "Province", "country": "CHN"},
        {"partner": "Lào", "type": "Country"}]),
    ("country_partners", "samples", {"country": "LAO"}, [{"partner": "Việt Nam", "country": "VNM"}]),
    ("events_of_person", "samples", {}, [
        {"event": "Hội nghị Ngoại vụ toàn quốc lần thứ 18", "role": "organizer",
         "through": "Thứ trưởng, Bộ Ngoại giao (Việt Nam)"}]),
    ("events_of_person", "handmade", {"person": "Bùi Thanh Sơn"}, [
        {"event": "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56", "role": "participant", "through": None}]),
    ("co_mentioned_officials", "samples", {}, [
        {"person_a": "Bùi Thanh Sơn", "person_b": "Nguyễn Xuân Phúc", "articles": 1}]),
    ("co_mentioned_officials", "handmade", {"min_articles": 2}, [
        {"person_a": "Lý Cường", "person_b": "Phạm Minh Chính", "articles": 2}]),
    ("shortest_path", "samples", {}, [
        {"path": ["Nguyễn Xuân Phúc", "Việt Nam", "Hiệp định hợp tác bảo vệ và khai thác tài nguyên du lịch thác Bản Giốc", "Trung Quốc"],
         "relations": ["HOLDS_POSITION", "SIGNED", "SIGNED"], "steps": 3}]),
    ("shortest_path", "handmade", {"source": "Bùi Thanh Sơn", "target": "person:ly-cuong"}, [
        {"path": ["Bùi Thanh Sơn", "Trung Quốc", "Lý Cường"], "relations": ["VISITED", "HOLDS_POSITION"],
         "steps": 2}]),
    ("fact_evidence", "samples", {}, [
        {"subject": "Nguyễn Xuân Phúc", "relation": "VISITED", "object": "Cuba",
         "articles": [{"title": "Ngoại giao vaccine - mũi tiến công bứt phá", "published": None, "url": None}]}]),
    ("fact_evidence", "handmade", {"subject": "person:ly-cuong", "relation": "MET"}, [
        {"subject": "Phạm Minh Chính", "object": "Lý Cường", "detail": "2023-06-27",
         "articles": [{"title": ARTICLES[H1]["title"], "published": "2023-06-27", "url": "https://example.vn/h1"}],
         "sentences": ["person:pham-minh-chinh MET person:ly-cuong."]},
        {"subject": "Lý Cường", "object": "Phạm Minh Chính", "detail": "2024-10-13"}]),
    ("relations_timeline", "samples", {}, [
        {"date": "2015-11", "relation": "SIGNED", "who": "Trung Quốc", "what": "Hiệp định hợp tác bảo vệ và khai thác tài nguyên du lịch thác Bản Giốc",
         "detail": "with Việt Nam"},
        {"date": "2016-08-13", "relation": "PARTICIPATED_IN", "who": "Trung Quốc"}]),
    ("relations_timeline", "handmade", {}, [
        {"date": "2023-04", "relation": "VISITED", "who": "Bùi Thanh Sơn", "what": "Trung Quốc"},
        {"date": "2023-04-01", "relation": "MET", "who": "Vương Nghị", "what": "Bùi Thanh Sơn", "detail": "talks"},
        {"date": "2024-10-13", "relation": "MET", "who": "Lý Cường", "what": "Phạm Minh Chính"},
        {"date": "2024-10-13", "relation": "POSTED_TO", "who": "Phạm Sao Mai", "what": "Trung Quốc"}]),
    ("first_seen_after", "samples", {}, [
        {"name": "Việt Nam", "type": "Country", "first_seen": "2016-08-13", "mentions": 32}]),
    ("first_seen_after", "handmade", {"since": "2024", "type": "Person"}, [
        {"name": "Phạm Sao Mai", "first_seen": "2024-10-13"}]),
    ("ambassadors", "handmade", {}, [
        {"person": "Phạm Sao Mai", "titles": ["Đại sứ"], "of": ["Việt Nam"], "posted_to": ["Trung Quốc"],
         "since": "2024-10-13"}]),
    ("province_history", "handmade", {"province": "Tuyên Quang", "partner": "CHN", "since": "2023"}, [
        {"unit": "Hà Giang", "unit_until": "2025-06-30", "now_in": "Tuyên Quang", "through": None,
         "relation": "COOPERATES_WITH", "other": "Vân Nam", "date": "2023-06-27", "articles": 1}]),
    ("namesakes", "handmade", {}, [
        {"name": "Lý Cường", "id": "person:ly-cuong", "posts": ["Thủ tướng, Trung Quốc"]},
        {"name": "Lý Cường", "id": "person:ly-cuong-qn", "posts": ["Chủ tịch, Quảng Ninh"]}]),
    ("ministry_activity", "samples", {}, [
        {"ministry": "Bộ Ngoại giao", "country": "VNM", "officials": 4, "events": 2, "total": 2},
        {"ministry": "Bộ Y tế", "officials": 0, "total": 0}]),
    ("ministry_activity", "handmade", {}, [
        {"ministry": "Bộ Ngoại giao", "officials": 1, "visits": 1, "meetings": 1, "events": 1, "total": 3}]),
]


# Queries marked `// Requires: neo4j`: their cases run on the real Neo4j (tests/test_neo4j.py).
NEO4J_CASES = [
    ("search_entities", "samples", {}, [
        {"name": "Bộ Ngoại giao", "type": "Ministry", "id": "ministry:VNM:bo-ngoai-giao"},
        {"name": "Cục Ngoại vụ", "type": "Organization"}]),
    ("search_entities", "handmade", {"text": "Quảng"}, [
        {"name": "Quảng Ninh", "type": "Province"}, {"name": "Quảng Tây", "type": "Province"}]),
    ("officials_reach", "samples", {}, [
        {"person": "Nguyễn Xuân Phúc", "countries_visited": 1, "people_met": 0, "articles": 1}]),
    ("officials_reach", "handmade", {}, [
        {"person": "Phạm Minh Chính", "countries_visited": 1, "people_met": 1, "articles": 2},
        {"person": "Bùi Thanh Sơn", "countries_visited": 1, "people_met": 1, "articles": 1},
        {"person": "Lý Cường", "countries_visited": 0, "people_met": 1, "articles": 2}]),
]


@pytest.fixture(scope="module")
def stores(samples_store, handmade_store) -> dict[str, Path]:
    return {"samples": samples_store, "handmade": handmade_store}


def matches(row: dict, expected: dict) -> bool:
    return all(k in row and row[k] == v for k, v in expected.items())


@pytest.mark.parametrize(("name", "where", "params", "expected"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_query_answers(stores, name, where, params, expected):
    rows = query(stores[where], name, **params)
    assert rows, f"{name} on {where} with {params} gave no rows"
    for want in expected:
        assert any(matches(r, want) for r in rows), f"{name}: no row has {want}; got\n{json.dumps(rows, ensure_ascii=False, indent=1)}"


def test_a_province_history_keeps_to_its_partner_and_dates(handmade_store):
    kept = query(handmade_store, "province_history", province="province:tuyen-quang")
    assert {(r["unit"], r["other"]) for r in kept} == {("Hà Giang", "Vân Nam")}
    assert not query(handmade_store, "province_history", province="Tuyên Quang", since="2024")
    assert not query(handmade_store, "province_history", province="Tuyên Quang", partner="VNM")
    # the absorbed province's own history, without what joined it later
    assert query(handmade_store, "province_history", province="Hà Giang")[0]["now_in"] == "Hà Giang"


def test_every_query_has_a_case():
    names = {q.name for q in all_queries()}
    assert len(names) >= 15
    cased = {c[0] for c in CASES} | {c[0] for c in NEO4J_CASES}
    assert names <= cased, f"queries without a test case: {sorted(names - cased)}"
    for name, *_ in NEO4J_CASES:
        assert next(q for q in all_queries() if q.name == name).requires == {"neo4j"}, name


def test_every_query_runs_with_its_defaults_on_the_samples_and_names_a_default_another_store_lacks(stores):
    for q in all_queries():
        for where, data in stores.items():
            proc = kg("query", q.name, "--format", "json", "--data-dir", str(data), check=False)
            if q.requires:  # refused by the embedded store with the reason; tests/test_neo4j.py runs it
                assert q.requires == {"neo4j"}, f"{q.name} needs {q.requires}: only neo4j is known"
                assert proc.returncode == 1 and f"query {q.name!r} needs neo4j" in proc.stderr, proc.stderr
            elif where == "samples" or proc.returncode == 0:  # the quick start's store answers every default
                assert proc.returncode == 0 and isinstance(json.loads(proc.stdout), list), (q.name, where, proc.stderr)
            else:  # an entity the handmade graph lacks: said, not answered with an empty table
                assert proc.returncode == 2 and "the store holds no" in proc.stderr and proc.stdout == "", proc.stderr


def test_every_query_documents_itself():
    for q in all_queries():
        assert q.question.endswith("?"), q.name
        assert q.example.startswith(f"kg query {q.name}"), q.name
        assert q.name.replace("_", "").isalnum() and q.name == q.name.lower(), q.name
        params = {p.name for p in q.params}
        used = {p for p in params if f"${p}" in q.text}
        assert used == params, f"{q.name}: declared but unused parameters {params - used}"


def test_every_example_runs(samples_store):
    for q in all_queries():
        if q.requires:
            continue  # on Neo4j: tests/test_neo4j.py
        args = shlex.split(q.example)
        assert args[:3] == ["kg", "query", q.name], q.example
        assert isinstance(json.loads(kg(*args[1:], "--format", "json", "--data-dir", str(samples_store)).stdout),
                          list), q.example


def test_list_shows_every_query_with_its_question_and_parameters():
    out = kg("query", "--list").stdout
    questions = {line.split(None, 1)[0]: line.split(None, 1)[1].strip()
                 for line in out.splitlines() if line.strip() and not line.startswith(" ")}
    for q in all_queries():
        assert questions.get(q.name) == q.question, q.name
        for p in q.params:
            assert f"--param {p.describe()}" in out, (q.name, p.name)


# -- properties the cases above do not show -----------------------------------------------

def test_meetings_are_counted_once_per_pair_whatever_the_stored_direction(handmade_store):
    rows = query(handmade_store, "frequent_meetings")
    pairs = [frozenset((r["person_a"], r["person_b"])) for r in rows]
    assert len(pairs) == len(set(pairs)) == 2
    assert rows[0]["meetings"] == 2 and sorted(rows[0]["dates"]) == ["2023-06-27", "2024-10-13"]


def test_cooperation_is_read_in_both_directions(handmade_store):
    # Stored Quảng Ninh -> Quảng Tây; asked from the Chinese side it must still be found.
    rows = query(handmade_store, "province_partners", country="CHN")
    assert {"province": "Quảng Tây", "partner": "Quảng Ninh", "link": "cooperates"}.items() <= rows[0].items()


def test_no_answer_repeats_a_row_or_ends_a_sentence_with_blank_lines(samples_store):
    for q in all_queries():
        if q.requires:
            continue
        rows = query(samples_store, q.name, **({"limit": 100} if q.param("limit") else {}))
        keys = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows]
        assert len(keys) == len(set(keys)), f"{q.name} repeats a row"
        texts = [v for r in rows for v in r.values() if isinstance(v, str)]
        texts += [x for r in rows for v in r.values() if isinstance(v, list) for x in v if isinstance(x, str)]
        assert all(t == t.strip() for t in texts), f"{q.name}: {[t for t in texts if t != t.strip()][:1]}"


def test_ambassadors_are_heads_of_mission_only(handmade_store):
    assert [r["person"] for r in query(handmade_store, "ambassadors")] == ["Phạm Sao Mai"]


def test_timeline_is_in_date_order(handmade_store):
    dates = [r["date"] for r in query(handmade_store, "relations_timeline")]
    assert dates == sorted(dates) and len(dates) >= 6


def test_agreements_of_every_partner_when_partner_is_null(samples_store):
    rows = query(samples_store, "agreements_by_partner", partner=None)
    assert {r["partner"] for r in rows} == {"Trung Quốc", "Việt Nam"}


def test_shortest_paths_come_shortest_first(samples_store):
    rows = query(samples_store, "shortest_path", limit=10)
    steps = [r["steps"] for r in rows]
    # the shortest connection, as networkx counts it over every fact the store holds (how short it
    # is depends on what the relation model read in the samples)
    facts = json.loads(kg("query", f"MATCH (a:Entity)-[r:{'|'.join(RELATION_TYPES)}]->(b:Entity) "
                          "RETURN a.name AS a, b.name AS b", "--format", "json", "--data-dir",
                          str(samples_store)).stdout)
    shortest = nx.shortest_path_length(nx.Graph((f["a"], f["b"]) for f in facts), "Nguyễn Xuân Phúc", "Trung Quốc")
    assert steps == sorted(steps) and steps[0] == shortest and len(steps) > 1
    assert all(r["path"][0] == "Nguyễn Xuân Phúc" and r["path"][-1] == "Trung Quốc" for r in rows)
    assert all(len(r["path"]) == r["steps"] + 1 for r in rows)


def test_an_entity_is_found_by_name_alias_code_or_id_the_same_way_in_every_query(samples_store):
    by_name = query(samples_store, "visitors_of_country", country="Cuba")
    assert by_name and by_name == query(samples_store, "visitors_of_country", country="CUB") \
        == query(samples_store, "visitors_of_country", country="country:CUB")
    assert query(samples_store, "relations_timeline", country="Trung Quốc") == query(samples_store, "relations_timeline")
