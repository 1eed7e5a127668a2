"""kg.extract.mentions_places, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_people import find_people
from kg.extract.mentions_places import find_places, find_unlisted_cities, written_place
from mention_docs import context, keys, sentence


def test_a_foreign_place_brings_its_country():
    ctx = context("Đoàn đã đến thành phố Osaka và tỉnh Hyogo của Nhật Bản.")
    find_places(ctx)
    assert keys(ctx) == {"City:city:JPN:osaka", "Province:province:JPN:hyogo", "Country:JPN"}
    assert ctx.ents.by_key["City:city:JPN:osaka"].props == {"country": "JPN"}


def test_the_generic_word_says_the_kind_and_a_district_is_no_place():
    ctx = context("Đoàn đã thăm tỉnh Sơn Tây của Trung Quốc.")
    find_places(ctx)
    assert "Province:province:CHN:son-tay" in keys(ctx)
    ctx = context("Ông Ba sinh ra ở huyện Sơn Tây.")
    find_places(ctx)
    assert not keys(ctx)


def test_no_place_in_a_byline_or_in_a_known_name():
    ctx = context("Phóng viên Trần Văn Ba (từ Paris) cho biết Tổ chức Hợp tác Thượng Hải đã họp.")
    find_places(ctx)
    assert not keys(ctx, "City") and not keys(ctx, "Province")


def test_no_country_inside_a_personal_name():
    ctx = context("Ông Trần Tuấn Anh gặp bà Lê Thị Mai.")
    find_people(ctx, sentence(ctx))
    find_places(ctx)
    assert "Country:GBR" not in keys(ctx)


def test_towns_the_gazetteer_lacks_take_the_nearest_country():
    ctx = context("Thủ tướng Nhật Bản thăm thành phố Kasamatsu và các thị trấn ven biển gồm: Mekoro, Tanabu.")
    find_places(ctx)
    find_unlisted_cities(ctx)
    assert {"City:city:JPN:kasamatsu", "City:city:JPN:mekoro", "City:city:JPN:tanabu"} <= keys(ctx)


def test_no_unlisted_town_without_a_known_place():
    ctx = context("Đoàn thăm thành phố Kasamatsu.")
    find_places(ctx)
    find_unlisted_cities(ctx)
    assert not keys(ctx)


def test_a_place_is_named_without_a_glued_generic_word():
    assert written_place("TP.HCM") == written_place("TPHCM") == written_place("TP. HCM") == "HCM"
    assert written_place("Huế") == "Huế"


def test_a_name_shared_with_a_foreign_division_is_viet_nams_unless_its_country_follows():
    # "Hà Nam" is a Vietnamese province and China's Henan
    ctx = context("Chủ tịch UBND tỉnh Hà Nam tiếp Đại sứ Trung Quốc.")
    find_places(ctx)
    assert "Province:province:ha-nam" in keys(ctx) and not any("CHN:ha-nam" in k for k in keys(ctx))
    for text in ("Đoàn đã thăm tỉnh Hà Nam (Trung Quốc).", "Đoàn đã thăm tỉnh Hà Nam, Trung Quốc.",
                 "Đoàn đã thăm tỉnh Hà Nam của Trung Quốc."):
        ctx = context(text)
        find_places(ctx)
        assert keys(ctx, "Province") == {"Province:province:CHN:ha-nam"}, text
