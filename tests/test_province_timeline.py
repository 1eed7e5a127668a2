"""The 2025 map of Viet Nam's provinces in the graph: validity on province nodes, MERGED_INTO from
an absorbed province to the one it joined, in the stores and in RDF (invented sentences)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg.export.rdf import DIP, validate
from kg.resources import lexicon
from runkg import full_dump, kg

BEFORE = "Ngày đăng: 12/03/2024\nChủ tịch UBND tỉnh Hà Giang Nguyễn Văn An hội đàm với Phó Tỉnh trưởng tỉnh Vân Nam (Trung Quốc) Lý Minh. " \
         "Tỉnh Hà Giang và tỉnh Vân Nam nhất trí tăng cường hợp tác.\n"
AFTER = "Ngày đăng: 05/09/2026\nBí thư Tỉnh ủy Tuyên Quang Trần Văn Bình thăm tỉnh Quảng Tây (Trung Quốc).\n"


def build(tmp_path: Path, *texts: str) -> Path:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir(exist_ok=True)
    for name, text in zip("ab", texts):
        (docs / f"{name}.txt").write_text(text, encoding="utf-8")
    kg("build", str(docs), "--data-dir", str(data), "-q")
    return data


def test_every_absorbed_province_names_a_province_that_continues():
    places = {p.id: p for p in lexicon().places if p.type == "Province" and p.country == "VNM"}
    absorbed = [p for p in places.values() if p.merged_into]
    assert len(absorbed) == 29 and len(places) - len(absorbed) == 34
    for p in absorbed:
        successor = places[p.merged_into]
        assert p.valid_to == "2025-06-30" and p.merged_by and not successor.valid_to and not successor.merged_into


def test_articles_before_and_after_the_merger_meet_in_the_graph(tmp_path):
    data = build(tmp_path, BEFORE, AFTER)
    nodes, rels = full_dump(data)
    props = {n["id"]: n["props"] for n in nodes}
    assert props["province:ha-giang"]["valid_to"] == "2025-06-30"
    assert "valid_to" not in props["province:tuyen-quang"]
    merged = [r for r in rels if r["type"] == "MERGED_INTO"]
    assert [(r["s"], r["t"]) for r in merged] == [("province:ha-giang", "province:tuyen-quang")]
    assert merged[0]["props"]["since"] == "2025-07-01" and merged[0]["props"]["basis"].startswith("Nghị quyết")
    assert merged[0]["props"]["sources"] == []  # the gazetteer's, read in no article
    # the same articles again: nothing new, nothing lost
    kg("build", str(tmp_path / "docs"), "--data-dir", str(data), "-q")
    assert full_dump(data)[1] == rels


def test_a_province_absorbed_but_never_named_after_is_still_joined(tmp_path):
    data = build(tmp_path, BEFORE)
    nodes, rels = full_dump(data)
    tuyen_quang = next(n for n in nodes if n["id"] == "province:tuyen-quang")
    assert "mention_count" not in tuyen_quang["props"]  # no article names it
    assert any(r["type"] == "MERGED_INTO" for r in rels)


def test_rdf_gives_the_merger_and_the_validity_and_conforms(tmp_path):
    data = build(tmp_path, BEFORE, AFTER)
    out = tmp_path / "g.ttl"
    kg("export", "rdf", "--format", "ttl", "-o", str(out), "--data-dir", str(data))
    g = Graph().parse(out, format="turtle")
    ha_giang = next(g.subjects(DIP.canonicalId, Literal("province:ha-giang")))
    tuyen_quang = next(g.subjects(DIP.canonicalId, Literal("province:tuyen-quang")))
    assert (ha_giang, DIP.mergedInto, tuyen_quang) in g
    assert g.value(ha_giang, DIP.validTo) == Literal("2025-06-30", datatype=XSD.date)
    conforms, _, text = validate(g)
    assert conforms, text
