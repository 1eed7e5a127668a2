"""Scoring against gold annotations: the matching rules of ANNOTATION.md, and `kg eval` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import Counts, load_gold, normalize, score

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def gold_doc(entities: list[dict], relations: list[dict] = (), doc: str = "d1") -> dict:
    return {"doc": doc, "entities": list(entities), "relations": list(relations)}


def system_doc(entities: list[tuple], relations: list[tuple] = (), doc: str = "d1") -> dict:
    """entities as (id, type, name, props), relations as (type, source id, target id)."""
    return {"doc": doc,
            "entities": [{"id": i, "type": t, "name": n, "props": p} for i, t, n, p in entities],
            "relations": [{"type": t, "source": s, "target": o, "props": {}} for t, s, o in relations]}


def counts(result: dict, name: str) -> tuple[int, int, int]:
    c = result[name]
    return c.tp, c.gold, c.system


def test_counts_give_micro_averaged_scores():
    c = Counts(tp=3, gold=4, system=6)
    assert (c.precision, c.recall) == (0.5, 0.75)
    assert c.f1 == pytest.approx(0.6)
    assert Counts(0, 0, 0).f1 == 0.0


@pytest.mark.parametrize("a, b, kind", [
    ("Hoà Bình", "Hòa Bình", "Province"),
    ("Khánh Hoà", "khánh hòa", None),
    ("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy", "Person"),
    ("tỉnh Quảng Ninh", "Quảng Ninh", "Province"),
    ("TP. Hồ Chí Minh", "Hồ Chí Minh", "Province"),
    ("thủ đô Hà Nội", "Hà Nội", "Province"),
    ("thành phố Đà Nẵng", "Đà Nẵng", "City"),
    ("Ông Lê Hoài Trung", "Lê Hoài Trung", "Person"),
    ("đồng chí  Lương Cường.", "Lương Cường", "Person"),
    ("“Công ước Hà Nội”", "công ước hà nội", "Agreement"),
])
def test_normalization(a, b, kind):
    assert normalize(a, kind) == normalize(b, kind)


def test_generic_words_are_stripped_for_their_type_only():
    assert normalize("tỉnh Quảng Ninh", "Person") == "tỉnh quảng ninh"
    assert normalize("Thành phố", "City") == "thành phố"  # nothing left: kept


def test_tone_mark_placement_and_generic_prefixes_match():
    gold = [gold_doc([{"type": "Province", "key": "Hòa Bình", "country": "VNM"},
                      {"type": "Person", "key": "Nguyễn Thị Thủy"}])]
    system = [system_doc([("p", "Province", "tỉnh Hoà Bình", {"country": "VNM"}),
                          ("q", "Person", "bà Nguyễn Thị Thuỷ", {})])]
    result = score(system, gold)
    assert counts(result, "entity:Province") == (1, 1, 1)
    assert counts(result, "entity:Person") == (1, 1, 1)


def test_accent_free_names_match():
    result = score([system_doc([("p", "Person", "Le Hoai Trung", {})])],
                   [gold_doc([{"type": "Person", "key": "Lê Hoài Trung"}])])
    assert counts(result, "entity:Person") == (1, 1, 1)


def test_fuzzy_names_match_for_organizations_only():
    gold = [gold_doc([{"type": "Organization", "key": "Cục Lãnh sự Bộ Ngoại giao"},
                      {"type": "Event", "key": "Hội nghị Ngoại vụ toàn quốc lần thứ 18"},
                      {"type": "Organization", "key": "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc",
                       "aliases": ["UNESCO"]},
                      {"type": "Person", "key": "Nguyễn Minh Vũ"}])]
    system = [system_doc([("a", "Organization", "Cục Lãnh sự", {}),  # contained
                          ("b", "Event", "Hội nghị Ngoại vụ toàn quốc lần 18", {}),  # Jaccard 6/7
                          ("c", "Organization", "UNESCO", {}),  # alias
                          ("d", "Person", "Minh Vũ", {})])]  # people need the full name
    result = score(system, gold)
    assert counts(result, "entity:Organization") == (2, 2, 2)
    assert counts(result, "entity:Event") == (1, 1, 1)
    assert counts(result, "entity:Person") == (0, 1, 1)


def test_short_names_do_not_match_by_containment():
    result = score([system_doc([("a", "Organization", "Bộ", {})])],
                   [gold_doc([{"type": "Organization", "key": "Bộ Chính trị"}])])
    assert counts(result, "entity:Organization") == (0, 1, 1)


def test_countries_by_iso3_and_ministries_by_name_and_country():
    gold = [gold_doc([{"type": "Country", "key": "CHN", "name": "Trung Quốc"},
                      {"type": "Ministry", "key": "Bộ Ngoại giao|VNM"},
                      {"type": "Ministry", "key": "Bộ Ngoại giao|BRA"}])]
    system = [system_doc([("c", "Country", "Trung Hoa", {"iso3": "chn"}),
                          ("x", "Country", "Lào", {}),  # no ISO3: not scored
                          ("m", "Ministry", "Bộ Ngoại giao", {}),  # Viet Nam's by default
                          ("n", "Ministry", "Bộ Ngoại giao", {"country": "KHM"})])]
    result = score(system, gold)
    assert counts(result, "entity:Country") == (1, 1, 1)
    assert counts(result, "entity:Ministry") == (1, 2, 2)


def test_matching_is_one_to_one():
    gold = [gold_doc([{"type": "Organization", "key": "Đại sứ quán Việt Nam tại Israel"}])]
    system = [system_doc([("a", "Organization", "Đại sứ quán Việt Nam", {}),
                          ("b", "Organization", "Đại sứ quán Việt Nam tại Israel", {})])]
    assert counts(score(system, gold), "entity:Organization") == (1, 1, 2)
    # the same name twice is one entity
    system = [system_doc([("a", "Person", "Lê Hoài Trung", {}), ("b", "Person", "ông Lê Hoài Trung", {})])]
    assert counts(score(system, [gold_doc([{"type": "Person", "key": "Lê Hoài Trung"}])]),
                  "entity:Person") == (1, 1, 1)


PEOPLE = [{"type": "Person", "key": "Bùi Thanh Sơn"}, {"type": "Person", "key": "Vương Nghị"},
          {"type": "Country", "key": "VNM", "name": "Việt Nam"}]
SYSTEM_PEOPLE = [("s", "Person", "Bùi Thanh Sơn", {}), ("w", "Person", "Vương Nghị", {}),
                 ("v", "Country", "Việt Nam", {"iso3": "VNM"})]


def test_symmetric_relations_match_in_either_order():
    gold = [gold_doc(PEOPLE, [{"type": "MET", "head": "Person:Bùi Thanh Sơn", "tail": "Person:Vương Nghị"},
                              {"type": "HOLDS_POSITION", "head": "Person:Bùi Thanh Sơn", "tail": "Country:VNM"}])]
    system = [system_doc(SYSTEM_PEOPLE, [("MET", "w", "s"), ("HOLDS_POSITION", "v", "s")])]
    result = score(system, gold)
    assert counts(result, "relation:MET") == (1, 1, 1)
    assert counts(result, "relation:HOLDS_POSITION") == (0, 1, 1)  # directed
    assert counts(result, "relation") == (1, 2, 2)


def test_relations_need_matched_ends():
    gold = [gold_doc(PEOPLE, [{"type": "MET", "head": "Person:Bùi Thanh Sơn", "tail": "Person:Vương Nghị"}])]
    system = [system_doc([("s", "Person", "Bùi Thanh Sơn", {}), ("w", "Person", "Vương Nghị Hoa", {})],
                         [("MET", "s", "w"), ("MET", "s", "nowhere")])]  # a dangling end is dropped
    assert counts(score(system, gold), "relation:MET") == (0, 1, 1)


def test_a_document_without_output_counts_as_empty():
    gold = [gold_doc(PEOPLE, doc="d1"), gold_doc(PEOPLE[:1], doc="d2")]
    system = [system_doc(SYSTEM_PEOPLE, doc="d1"), system_doc(SYSTEM_PEOPLE, doc="other")]
    result = score(system, gold)
    assert counts(result, "entity:Person") == (2, 3, 2)
    assert counts(result, "entity") == (3, 4, 3)
    assert result["entity"].recall == 0.75


def test_only_known_types_are_reported_and_totals_come_last():
    gold = [gold_doc(PEOPLE)]
    system = [system_doc(SYSTEM_PEOPLE + [("t", "Date", "2024", {})], [("MENTIONS", "s", "t")])]
    result = score(system, gold)
    assert list(result) == ["entity:Person", "entity:Country", "entity", "relation"]
    assert counts(result, "entity") == (3, 3, 3)
    assert counts(result, "relation") == (0, 0, 0)


def test_mistakes_are_listed_per_document():
    mistakes: list = []
    score([system_doc([("s", "Person", "Bùi Thanh Sơn", {}), ("x", "Person", "Nguyễn Văn A", {})])],
          [gold_doc(PEOPLE[:2])], mistakes)
    assert sorted(mistakes) == [("d1", "missed", "entity:Person", "Vương Nghị"),
                                ("d1", "spurious", "entity:Person", "Nguyễn Văn A")]


def test_load_gold_names_documents_after_their_files(tmp_path):
    (tmp_path / "b.json").write_text(json.dumps({"doc": None, "entities": [], "relations": []}))
    (tmp_path / "a.json").write_text(json.dumps({"doc": "a", "entities": [], "relations": []}))
    assert [g["doc"] for g in load_gold(tmp_path)] == ["a", "b"]


def run(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, f"{' '.join(args)} exited {proc.returncode}: {proc.stderr}"
    return proc


def test_kg_eval_agrees_with_the_reference_scorer(dev_set, tmp_path):
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE_SCORER}")
    docs, gold = str(dev_set / "docs"), str(dev_set / "gold")

    def extract(name: str) -> Path:
        out = tmp_path / name
        run(sys.executable, "-m", "kg.cli", "extract", docs, "-o", str(out), "--quiet")
        return out

    # `kg eval` extracts by itself: extracting before and after it makes sure both scorers saw
    # the same output, also while the extractor is being edited
    for _ in range(3):
        before = extract("before.jsonl")
        ours = json.loads(run(sys.executable, "-m", "kg.cli", "eval", docs, gold, "--format", "json", "--quiet").stdout)
        if before.read_bytes() == extract("after.jsonl").read_bytes():
            break
    else:
        pytest.fail("the extractor's output kept changing during the test")
    reference = json.loads(run(sys.executable, str(REFERENCE_SCORER), str(before), gold, "--json").stdout)
    assert set(ours) == set(reference)
    for name, want in reference.items():
        got = ours[name]
        assert (got["gold"], got["system"], got["tp"]) == (want["gold"], want["system"], want["tp"]), name
        for measure in ("precision", "recall", "f1"):
            assert round(got[measure], 3) == round(want[measure], 3), (name, measure)


def test_kg_eval_prints_a_table_and_the_errors(dev_set):
    proc = run(sys.executable, "-m", "kg.cli", "eval", str(dev_set / "docs"), str(dev_set / "gold"),
               "--show-errors", "--quiet")
    lines = proc.stdout.splitlines()
    assert any("\tmissed\t" in line or "\tspurious\t" in line for line in lines)
    table = [line for line in lines if "│" in line]
    assert " entity " in table[-2] and " relation " in table[-1]
