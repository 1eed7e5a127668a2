"""kg.extract.relations_countries: where people come from and are posted (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_countries import countries_before_names, countries_of_people, sides
from relation_docs import context


def test_the_title_chain_gives_a_persons_country():
    ctx = context("Phó Thủ tướng Đinh Văn Hòa hội đàm với Ngoại trưởng Singapore Tan Wei Ming.")
    assert countries_of_people(ctx) == {"Person:Đinh Văn Hòa": "Country:VNM", "Person:Tan Wei Ming": "Country:SGP"}


def test_a_country_written_right_before_a_name_the_chains_did_not_place():
    ctx = context("Phía Ethiopia, ông Abebe Tadesse cho biết sẽ sang thăm Việt Nam.")
    ctx.country_of = {}
    assert countries_before_names(ctx) == {"Person:Abebe Tadesse": "Country:ETH"}
    ctx = context("Đang ở tại Ethiopia, ông Abebe Tadesse cho biết sẽ sang thăm Việt Nam.")  # where, not whose
    ctx.country_of = {}
    assert countries_before_names(ctx) == {}


def test_the_leader_of_a_foreign_delegation_comes_from_its_bodys_country():
    ctx = context("Đoàn đại biểu Bộ Công an Trung Quốc do ông Wang Lei, Thứ trưởng, dẫn đầu đã thăm Việt Nam.")
    assert ctx.led_from == {"Person:Wang Lei": "Country:CHN"}
    assert ctx.led_body == {"Person:Wang Lei": "Ministry:Bộ Công an|CHN"}
    assert ctx.country_of["Person:Wang Lei"] == "Country:CHN"


def test_a_foreign_ambassador_named_with_a_country_only_is_posted_in_viet_nam():
    ctx = context("Bộ trưởng Ngoại giao Việt Nam Trần Quang Vinh tiếp Đại sứ Hungary Kovács Péter.")
    assert ctx.posted == {"Person:Kovács Péter": "Country:VNM"}
    ctx = context("Đại sứ Việt Nam tại Ai Cập Lê Minh Tuấn đã trình thư ủy nhiệm.")
    assert ctx.posted == {"Person:Lê Minh Tuấn": "Country:EGY"}


def test_the_two_sides_are_viet_nam_and_the_foreign_country_named_most():
    ctx = context("Việt Nam và Lào ký kết văn kiện. Lào và Thái Lan có chung biên giới. Lào là láng giềng.")
    assert sides(ctx) == ["Country:VNM", "Country:LAO"]
    assert sides(context("Lào và Thái Lan có chung biên giới.")) == []


def test_a_vietnamese_holder_of_a_body_of_no_named_place_comes_from_viet_nam():
    ctx = context("Tại Tokyo, Nhật Bản, Phó Chủ tịch UBND tỉnh Hoàng Văn Tài đã làm việc với doanh nghiệp Việt Nam.")
    assert ctx.country_of["Person:Hoàng Văn Tài"] == "Country:VNM"
