"""kg.extract.relations_mentions: the mentions the relation rules read (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_mentions import mentions
from relation_docs import context


def test_a_title_written_without_a_name_is_its_one_holder():
    ctx = context("Thủ tướng Phạm Văn An tiếp Đại sứ Nhật Bản Sato Kenji. Thủ tướng cho biết Việt Nam coi trọng "
                  "quan hệ với Nhật Bản.")
    bare = [m for m in mentions(ctx) if m.start == ctx.text.index("Thủ tướng cho")]
    assert [(m.key, m.type) for m in bare] == [("Person:Phạm Văn An", "Person")]


def test_a_title_two_people_hold_stays_unresolved():
    ctx = context("Bộ trưởng Ngoại giao Trần Quang Vinh hội đàm với Bộ trưởng Ngoại giao Lào Khamla Vong. "
                  "Bộ trưởng cho biết hai nước là láng giềng.")
    at = ctx.text.index("Bộ trưởng cho")
    assert not [m for m in mentions(ctx) if m.start == at]


def test_mentions_inside_a_name_are_nested():
    ctx = context("Sở Ngoại vụ tỉnh Quảng Ninh tổ chức hội thảo.")
    by_key = {m.key: m for m in mentions(ctx)}
    assert not by_key["Organization:Sở Ngoại vụ tỉnh Quảng Ninh"].nested
    assert by_key["Province:province:quang-ninh"].nested


def test_a_title_of_many_countries_is_nobody_in_particular():
    ctx = context("Bộ trưởng Kinh tế Nhật Bản Sato Kenji phát biểu. Bộ trưởng phụ trách kinh tế của 11 nước đã họp.")
    at = ctx.text.index("Bộ trưởng phụ trách")
    assert not [m for m in mentions(ctx) if m.start == at]


def test_a_title_with_the_country_its_one_holder_holds_it_in_is_that_holder():
    ctx = context("Thủ tướng Đức Hans Weber đến Hà Nội. Tổng Bí thư Lê Văn Hòa tiếp Thủ tướng Đức và đoàn.")
    at = ctx.text.index("Thủ tướng Đức và")
    assert [m.key for m in mentions(ctx) if m.start == at and m.type == "Person"] == ["Person:Hans Weber"]
