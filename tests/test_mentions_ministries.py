"""kg.extract.mentions_ministries, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_ministries import find_ministries, ministry_at, place_ministries
from kg.extract.people import Unit
from mention_docs import context, keys, token


def test_a_known_ministry_is_viet_nams_and_a_country_after_one_makes_it_foreign():
    ctx = context("Bộ Tài chính và Bộ Ngoại giao Pháp đã họp.")
    find_ministries(ctx)
    assert keys(ctx, "Ministry") == {"Ministry:Bộ Tài chính|VNM", "Ministry:Bộ Ngoại giao|FRA"}
    assert ctx.ents.by_key["Ministry:Bộ Tài chính|VNM"].props["id"] == "ministry:VNM:bo-tai-chinh"
    # written with no country: Viet Nam's only until a foreign holder is named
    assert list(ctx.unplaced) == [token(ctx, "Bộ Tài chính")]
    assert ctx.cur.taken(token(ctx, "Pháp"))  # read: no later rule reads it again


def test_a_ministry_viet_nam_lacks_is_of_the_foreign_country_named_before():
    ctx = context("Australia cử đoàn sang. Bộ Thương mại và Du lịch cho biết sẽ hợp tác.")
    find_ministries(ctx)
    assert keys(ctx, "Ministry") == {"Ministry:Bộ Thương mại và Du lịch|AUS"}


def test_one_ministry_per_field_of_a_list():
    ctx = context("Đại diện các Bộ Quốc phòng, Công Thương đã tham dự.")
    find_ministries(ctx)
    assert keys(ctx, "Ministry") == {"Ministry:Bộ Quốc phòng|VNM", "Ministry:Bộ Công Thương|VNM"}


def test_a_foreign_holder_takes_the_unplaced_ministry_to_their_country():
    ctx = context("Đoàn Chile thăm Hà Nội. Bộ trưởng Bộ Quốc phòng Mario Fuentes phát biểu.")
    at = token(ctx, "Bộ Quốc phòng")
    key, _, _ = ministry_at(ctx, at)
    unit = Unit("ministry", "Bộ trưởng", key, None, ctx.unplaced[at])
    place_ministries(ctx, "Person:Nguyễn Văn Khoa", [unit], at)
    assert unit.body == "Ministry:Bộ Quốc phòng|VNM"  # a Vietnamese holder: Viet Nam's
    place_ministries(ctx, "Person:Mario Fuentes", [unit], at)
    assert unit.body == "Ministry:Bộ Quốc phòng|CHL"
    assert keys(ctx, "Ministry") == {"Ministry:Bộ Quốc phòng|CHL"}
    assert "Country:CHL" in keys(ctx)
