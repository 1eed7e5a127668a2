"""kg.extract.mentions_names, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_names import find_names
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
