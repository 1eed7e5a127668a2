"""kg.extract.mentions_names, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_names import find_acronyms, find_names
from kg.extract.mentions_orgs import find_orgs
from mention_docs import context, keys


def test_a_mission_is_named_with_the_countries_inside_it():
    ctx = context("Đại sứ quán Việt Nam tại Nhật Bản tổ chức tiệc chiêu đãi.")
    find_names(ctx)
    key = "Organization:Đại sứ quán Việt Nam tại Nhật Bản"
    assert ctx.ents.by_key[key].props == {"kind": "mission"}
    [name] = ctx.found_names.values()
    assert (name.key, name.inner) == (key, ["Country:VNM", "Country:JPN"])


def test_a_state_body_written_two_ways_is_one():
    ctx = context("Quốc hội Bulgaria và Quốc hội Cộng hòa Bulgaria đã họp.")
    find_names(ctx)
    assert keys(ctx, "Organization") == {"Organization:Quốc hội Bulgaria"}
    assert ctx.ents.by_key["Organization:Quốc hội Bulgaria"].name == "Quốc hội Cộng hòa Bulgaria"


def test_a_body_named_with_its_country_reads_past_the_known_name():
    ctx = context("Chính phủ Lào và Chính phủ đã ký.")
    find_names(ctx)
    find_orgs(ctx)
    assert keys(ctx, "Organization") == {"Organization:Chính phủ Lào", "Organization:org:chinh-phu-vnm"}
    assert len(ctx.ents.by_key["Organization:org:chinh-phu-vnm"].mentions) == 1  # the bare one only


def test_an_event_named_from_its_head_word():
    ctx = context("Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58 đã khai mạc.")
    find_names(ctx)
    event = "Event:Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58"
    assert keys(ctx) == {event, "Organization:org:asean"}
    assert [(n.key, n.inner) for n in ctx.found_names.values()] == [(event, ["Organization:org:asean"])]


def test_the_agreement_of_a_signing_ceremony_is_named_too_and_its_acronym_ends_it():
    ctx = context("Các nước dự Lễ ký kết chính thức Hiệp định Hợp tác Kinh tế Mê Công (MEC) tại thành phố Viêng Chăn.")
    find_names(ctx)
    names = {k: f.name for k, f in ctx.ents.by_key.items() if f.type in ("Event", "Agreement")}
    assert set(names.values()) == {"Lễ ký kết chính thức Hiệp định Hợp tác Kinh tế Mê Công",
                                   "Hiệp định Hợp tác Kinh tế Mê Công"}
    assert "MEC" in ctx.ents.by_key["Agreement:Hiệp định Hợp tác Kinh tế Mê Công"].aliases


def test_no_agreement_is_read_inside_another_event_title():
    ctx = context("Hội thảo về Hiệp định Thương mại tự do Việt Nam - Chile đã diễn ra.")
    find_names(ctx)
    assert not keys(ctx, "Agreement")


def test_an_agreement_name_ends_before_chinh_thuc_and_its_verb():
    ctx = context("Hiệp định Hợp tác Kinh tế Mê Công chính thức được ký kết.")
    find_names(ctx)
    assert keys(ctx, "Agreement") == {"Agreement:Hiệp định Hợp tác Kinh tế Mê Công"}


def test_an_agreement_named_again_by_the_acronym_it_was_given():
    ctx = context("Hiệp định Đối tác Kinh tế Việt Nam - Peru (VPEA) có hiệu lực. Bộ trưởng Lê An nói VPEA mở ra "
                  "cơ hội. Hiệp định về đầu tư VPEA sẽ được đàm phán.")
    find_names(ctx)
    find_acronyms(ctx)
    key = "Agreement:Hiệp định Đối tác Kinh tế Việt Nam - Peru"
    text = ctx.cur.doc.text
    acronyms = [s for s, e in ctx.ents.by_key[key].mentions if text[s:e] == "VPEA"]
    # in brackets and alone, not inside the other agreement's name
    assert acronyms == [text.index("VPEA"), text.index("VPEA mở")]


def test_tu_do_is_one_word_of_a_name():
    ctx = context("Ông Nam hội kiến Chủ tịch Đảng Tự do Chile Pablo Soto.")
    find_names(ctx)
    assert "Organization:Đảng Tự do Chile" in keys(ctx, "Organization")


def test_a_body_ends_before_an_initial_and_a_name():
    ctx = context("Ông Nam hội kiến Chủ tịch Hội đồng Liên bang Quốc hội Liên bang Nga A. Ivanov.")
    find_names(ctx)
    assert "Organization:Hội đồng Liên bang Quốc hội Liên bang Nga" in keys(ctx, "Organization")
