"""Relation constructions of ANNOTATION.md's "Conventions for the hard cases", one test each.

The sentences are written for these tests (invented people; real countries, cities
and ministries), not taken from any article.
"""

from __future__ import annotations

from test_extract import relations, run


def rule_of(out: dict, rel: str, head: str, tail: str) -> float:
    name = {e["id"]: e["name"] for e in out["entities"]}
    return next(r["confidence"] for r in out["relations"]
                if (r["type"], name[r["source"]], name[r["target"]]) == (rel, head, tail))


# -- visits ---------------------------------------------------------------------------------------

def test_spouse_and_retinue_visit_where_the_head_goes():
    out = run("Chủ tịch nước Trần Văn Khải và Phu nhân Lê Thị Mận đến Thủ đô Viêng Chăn, bắt đầu chuyến "
              "thăm cấp Nhà nước Lào. Tháp tùng Chủ tịch nước có Bộ trưởng Ngoại giao Phan Văn Lộc; "
              "Thứ trưởng Bộ Công Thương Đỗ Minh Tâm.")
    rels = relations(out)
    for person in ("Trần Văn Khải", "Lê Thị Mận", "Phan Văn Lộc", "Đỗ Minh Tâm"):
        assert ("VISITED", person, "Lào") in rels
        assert ("VISITED", person, "Viêng Chăn") in rels
    assert 0 < rule_of(out, "VISITED", "Phan Văn Lộc", "Lào") < rule_of(out, "VISITED", "Trần Văn Khải", "Lào")


def test_body_whose_delegation_travels_visits_and_city_gives_its_country():
    out = run("Đoàn đại biểu Bộ Tư pháp Việt Nam do Thứ trưởng Hà Văn Bình dẫn đầu đã thăm và làm việc "
              "tại thành phố Thượng Hải, Trung Quốc.")
    rels = relations(out)
    assert ("VISITED", "Bộ Tư pháp", "Thượng Hải") in rels
    assert ("VISITED", "Bộ Tư pháp", "Trung Quốc") in rels
    assert ("VISITED", "Hà Văn Bình", "Trung Quốc") in rels


def test_talks_at_a_place_abroad_are_a_visit_of_the_side_that_travelled():
    out = run("Ngày 5/4, tại Thủ đô Tokyo, Phó Thủ tướng Ngô Văn Dũng đã hội đàm với Bộ trưởng Ngoại giao "
              "Nhật Bản Tanaka Hiroshi.")
    rels = relations(out)
    assert ("VISITED", "Ngô Văn Dũng", "Tokyo") in rels
    assert ("VISITED", "Ngô Văn Dũng", "Nhật Bản") in rels
    assert not any(r[0] == "VISITED" and r[1] == "Tanaka Hiroshi" for r in rels)


def test_nominal_visit_belongs_to_the_person_after_cua():
    out = run("Các bên đang chuẩn bị cho chuyến thăm Hàn Quốc của Chủ tịch Quốc hội Vũ Đức Khang.")
    assert ("VISITED", "Vũ Đức Khang", "Hàn Quốc") in relations(out)


def test_arriving_home_is_not_a_visit():
    out = run("Chiều 9/5, Thủ tướng Lâm Quốc Hưng về đến Hà Nội, kết thúc chuyến công tác tại Singapore.")
    rels = relations(out)
    assert ("VISITED", "Lâm Quốc Hưng", "Singapore") in rels
    assert ("VISITED", "Lâm Quốc Hưng", "Hà Nội") not in rels
