"""kg.extract.mentions_people, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_people import find_people, resolve_shorts
from mention_docs import context, keys, token


def people(text: str):
    """The context after reading every sentence of `text`, and the posts read: (person, title, body)."""
    ctx = context(text)
    positions = [p for sent in ctx.cur.doc.sents for p in find_people(ctx, sent)]
    return ctx, [(p.person, p.title, p.tail) for p in positions]


def test_a_title_chain_then_the_name():
    ctx, posts = people("Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Lê Văn Tám tiếp khách.")
    assert posts == [("Person:Lê Văn Tám", "Phó Thủ tướng", "Country:VNM"),
                     ("Person:Lê Văn Tám", "Bộ trưởng", "Ministry:Bộ Ngoại giao|VNM")]
    name = token(ctx, "Lê Văn Tám")
    assert set(range(name, name + 3)) <= ctx.person_tokens


def test_a_name_behind_a_comma_after_the_body():
    _, posts = people("Bộ trưởng Bộ Công Thương, Nguyễn Văn Khoa phát biểu.")
    assert posts == [("Person:Nguyễn Văn Khoa", "Bộ trưởng", "Ministry:Bộ Công Thương|VNM")]


def test_a_name_after_a_comma_or_dash_and_an_honorific():
    _, posts = people("Lễ ký có sự chứng kiến của Thủ tướng Rumani, bà Ana Popescu.")
    assert posts == [("Person:Ana Popescu", "Thủ tướng", "Country:ROU")]
    ctx, _ = people("Phó Chủ tịch JICA – Ông Tanaka đón đoàn.")
    positions = resolve_shorts(ctx)
    assert [(p.person, p.title, p.tail) for p in positions] == [("Person:Tanaka", "Phó Chủ tịch", "Organization:org:jica")]


def test_a_foreign_holder_of_a_ministry_written_with_no_country():
    ctx, posts = people("Đoàn Chile thăm Hà Nội. Bộ trưởng Bộ Quốc phòng Mario Fuentes phát biểu.")
    assert posts == [("Person:Mario Fuentes", "Bộ trưởng", "Ministry:Bộ Quốc phòng|CHL")]
    assert "Ministry:Bộ Quốc phòng|VNM" not in keys(ctx)


def test_titles_after_the_name():
    _, posts = people("Bà Helen Marsh, Thống đốc bang Victoria - Australia, đã phát biểu.")
    assert posts == [("Person:Helen Marsh", "Thống đốc", "Province:province:AUS:victoria")]


def test_names_listed_before_their_titles():
    _, posts = people("Cùng đi có các đồng chí: Nguyễn Văn Khoa, Giám đốc Sở Ngoại vụ; "
                      "Lê Thị Hằng - Chánh Văn phòng UBND tỉnh.")
    assert [p[:2] for p in posts] == [("Person:Nguyễn Văn Khoa", "Giám đốc"),
                                      ("Person:Lê Thị Hằng", "Chánh Văn phòng")]


def test_no_person_in_an_event_name():
    ctx, posts = people("Hội nghị Bộ trưởng Ngoại giao Mekong Lan Thương khai mạc.")
    assert not posts and not keys(ctx, "Person")


def test_a_one_word_name_stands_for_a_full_name_of_the_document():
    ctx, posts = people("Thứ trưởng Lê Hoài Phúc tiếp khách. Thứ trưởng Phúc cảm ơn. Tổng thống Kessler gửi thư.")
    assert [w for w, *_ in ctx.shorts] == ["Phúc", "Kessler"]
    assert keys(ctx, "Person") == {"Person:Lê Hoài Phúc"}
    later = resolve_shorts(ctx)
    assert [(p.person, p.title) for p in later] == [("Person:Lê Hoài Phúc", "Thứ trưởng")]
    # a foreign surname alone, with no fuller name in the document: the name as written
    assert keys(ctx, "Person") == {"Person:Lê Hoài Phúc", "Person:Kessler"}


def test_a_ministry_held_abroad_stays_that_countrys_when_written_again_without_it():
    _, posts = people("Bộ trưởng Ngoại giao Trung Quốc Lý Minh đến Hà Nội. Bộ trưởng Ngoại giao Lý Minh phát biểu.")
    assert posts == [("Person:Lý Minh", "Bộ trưởng", "Ministry:Bộ Ngoại giao|CHN")] * 2


def test_a_head_of_government_who_is_also_a_minister_of_a_named_country_holds_both():
    _, posts = people("Thủ tướng kiêm Bộ trưởng Ngoại giao Qatar Hamad Al Rashid đã đến Hà Nội.")
    assert posts == [("Person:Hamad Al Rashid", "Thủ tướng", "Country:QAT"),
                     ("Person:Hamad Al Rashid", "Bộ trưởng", "Ministry:Bộ Ngoại giao|QAT")]


def test_a_foreign_name_after_a_body_ending_with_a_known_body_is_its_holder():
    _, posts = people("Bộ trưởng Cơ quan Thông tin Đối ngoại Chính phủ Legesa Adera đã dự.")
    assert posts == [("Person:Legesa Adera", "Bộ trưởng", "Organization:Cơ quan Thông tin Đối ngoại Chính phủ")]


def test_an_envoy_of_nuoc_x_named_before_the_title_holds_its_post():
    _, posts = people("Hôm qua, ông Kovács Péter, Đại sứ đặc mệnh toàn quyền nước Hungary cùng phu nhân đã tới.")
    assert posts == [("Person:Kovács Péter", "Đại sứ đặc mệnh toàn quyền", "Country:HUN")]


def test_a_post_in_a_foreign_provinces_unread_body_is_there_not_in_viet_nam():
    # "Khu ủy" is no body the lexicon knows; the Chinese region after it is where the post is,
    # though the name reads like a Vietnamese one
    _, posts = people("Đoàn làm việc với Bí thư Khu ủy Quảng Tây Trần Văn Cương.")
    assert posts == [("Person:Trần Văn Cương", "Bí thư", "Province:province:CHN:quang-tay")]
