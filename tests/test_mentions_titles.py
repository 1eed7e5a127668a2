"""kg.extract.mentions_titles, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_titles import read_body, read_chain
from mention_docs import context, token


def chain(text: str, first: str = ""):
    """The units of the title chain opening `text` (or starting at the words `first`), and the
    words after it."""
    ctx = context(text)
    start = token(ctx, first) if first else 0
    units, end = read_chain(ctx, start, len(ctx.cur.doc))
    return [(u.scope, u.written, u.body, u.posted_to) for u in units], ctx.cur.texts[end]


def test_titles_separated_by_commas_each_with_its_body():
    units, after = chain("Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Lê Văn Tám tiếp khách.")
    assert units == [("country", "Phó Thủ tướng", None, None),
                     ("ministry", "Bộ trưởng", "Ministry:Bộ Ngoại giao|VNM", None)]
    assert after == "Lê"


def test_an_ambassador_of_one_country_posted_to_another():
    units, after = chain("Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu dự lễ.")
    assert units == [("mission", "Đại sứ", "Country:VNM", "Country:JPN")]
    assert after == "Phạm"


def test_a_consul_posted_to_a_city_written_with_its_generic_word():
    units, after = chain("Tổng Lãnh sự Việt Nam tại thành phố Houston Trần Văn Bình tiếp đoàn.")
    assert units == [("mission", "Tổng Lãnh sự", "Country:VNM", "City:city:USA:houston")]
    assert after == "Trần"


def test_an_ambassador_also_accredited_to_other_countries():
    ctx = context("Đại sứ Việt Nam tại Ấn Độ, kiêm nhiệm Nepal và Bhutan Phạm Văn Châu trình thư.")
    units, end = read_chain(ctx, 0, len(ctx.cur.doc))
    assert [(u.posted_to, u.accredited) for u in units] == [("Country:IND", ("Country:NPL", "Country:BTN"))]
    assert ctx.cur.texts[end] == "Phạm"
    ctx = context("Bà Trần Thu Hà, Đại sứ Việt Nam tại Venezuela (kiêm nhiệm Guyana) phát biểu.")
    units, end = read_chain(ctx, token(ctx, "Đại sứ"), len(ctx.cur.doc))
    assert [(u.posted_to, u.accredited) for u in units] == [("Country:VEN", ("Country:GUY",))]
    assert ctx.cur.texts[end] == "phát"


def test_a_foreign_minister_of_a_country_holds_its_foreign_ministry():
    units, _ = chain("Ngoại trưởng Hoa Kỳ Mark Rowley đến Hà Nội.")
    assert units == [("ministry", "Ngoại trưởng", "Ministry:Bộ Ngoại giao|USA", None)]


def test_a_division_the_gazetteer_lacks_before_its_holder():
    units, after = chain("Đoàn Brazil có Thống đốc bang Pernambo Carlos Mendes.", "Thống đốc")
    assert units == [("organization", "Thống đốc", "Province:province:BRA:pernambo", None)]
    assert after == "Carlos"


def test_the_government_after_prime_minister_is_no_body():
    ctx = context("Thủ tướng Chính phủ Việt Nam Đỗ Văn Chín phát biểu.")
    start = token(ctx, "Chính phủ")
    key, posted, end = read_body(ctx, start, len(ctx.cur.doc), "country")
    assert (key, posted, ctx.cur.texts[end]) == ("Country:VNM", None, "Đỗ")
    assert ctx.government == [(start, end)]  # taken once the chain names its holder
