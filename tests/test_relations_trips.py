"""kg.extract.relations_trips: who travels with whom (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_trips import close_trips, read_trips
from relation_docs import context, found, sentences


def read(ctx) -> None:
    for sent, ms, _ in sentences(ctx):
        read_trips(ctx, sent.start_char, sent.end_char, ms)


def test_members_and_spouses_are_registered_with_their_leader():
    ctx = context("Chủ tịch nước Trần Văn Khải và Phu nhân Lê Thị Mận đến Thủ đô Viêng Chăn. Tháp tùng Chủ tịch nước "
                  "có Bộ trưởng Bộ Công Thương Đỗ Minh Tâm.")
    read(ctx)
    assert {k: (leader, rule) for k, (leader, _, rule) in ctx.companions.items()} == {
        "Person:Lê Thị Mận": ("Person:Trần Văn Khải", "delegation_spouse"),
        "Person:Đỗ Minh Tâm": ("Person:Trần Văn Khải", "delegation_member")}


def test_companions_visit_what_their_leader_visited_and_a_city_gives_its_country():
    ctx = context("Đoàn đại biểu Bộ Tư pháp Việt Nam do Thứ trưởng Hà Văn Bình dẫn đầu đã thăm thành phố Osaka, "
                  "Nhật Bản.")
    read(ctx)
    assert ctx.companions["Ministry:Bộ Tư pháp|VNM"][0] == "Person:Hà Văn Bình"
    sent, _, _ = sentences(ctx)[0]
    ctx.add("VISITED", "Person:Hà Văn Bình", "City:city:JPN:osaka", sent, 0.7, "test", status="done")
    close_trips(ctx)
    assert found(ctx) == {("VISITED", "Hà Văn Bình", "Osaka"), ("VISITED", "Bộ Tư pháp", "Osaka"),
                          ("VISITED", "Hà Văn Bình", "Nhật Bản"), ("VISITED", "Bộ Tư pháp", "Nhật Bản")}
    assert {r.rule for r in ctx.out if r.source.startswith("Ministry")} == {"delegation_body", "place_country"}


def test_nobody_visits_their_own_country():
    ctx = context("Đại sứ Nhật Bản Sato Kenji đã thăm tỉnh Quảng Nam, Việt Nam.")
    sent, _, _ = sentences(ctx)[0]
    ctx.add("VISITED", "Person:Sato Kenji", "Province:province:quang-nam", sent, 0.7, "test")
    close_trips(ctx)  # posted in Viet Nam: no visit of Viet Nam
    assert found(ctx) == {("VISITED", "Sato Kenji", "Quảng Nam")}


def attended(text: str):
    """The context after close_trips, the person named in `text` having taken part in its event."""
    ctx = context(text)
    sent, _, _ = sentences(ctx)[0]
    event = next(k for k in ctx.entities if k.startswith("Event:"))
    person = next(k for k in ctx.entities if k.startswith("Person:"))
    ctx.add("PARTICIPATED_IN", person, event, sent, 0.6, "test", role="participant")
    close_trips(ctx)
    return ctx


def test_who_takes_part_in_an_event_held_abroad_visited_its_place():
    ctx = attended("Thứ trưởng Bộ Quốc phòng Trần Văn Đơn dự Lễ khai mạc Hội chợ Thương mại Việt Nam tại Lào năm 2018.")
    assert ("VISITED", "Trần Văn Đơn", "Lào") in found(ctx)
    assert {r.rule for r in ctx.out if r.type == "VISITED"} == {"event_abroad"}


def test_taking_part_in_an_event_at_home_is_no_visit():
    ctx = attended("Thứ trưởng Bộ Quốc phòng Trần Văn Đơn dự Hội chợ Quốc phòng Việt Nam tại Hà Nội năm 2024.")
    assert not found(ctx, "VISITED")


def test_members_listed_after_di_cung_doan_or_ve_phia_travel_with_the_head_of_the_trip():
    ctx = context("Đoàn đại biểu tỉnh Quảng Nam do Chủ tịch UBND tỉnh Lê Văn Thanh dẫn đầu đã thăm Nhật Bản. "
                  "Đi cùng đoàn có Giám đốc Sở Ngoại vụ Trần Thị Hoa. Về phía tỉnh Quảng Nam còn có Phó Giám đốc "
                  "Sở Công Thương Ngô Văn Tài.")
    sent, _, _ = sentences(ctx)[0]
    ctx.add("VISITED", "Person:Lê Văn Thanh", "Country:JPN", sent, 0.7, "test")
    read(ctx)
    assert {k: leader for k, (leader, _, _) in ctx.companions.items() if k.startswith("Person:")} == {
        "Person:Trần Thị Hoa": "Person:Lê Văn Thanh", "Person:Ngô Văn Tài": "Person:Lê Văn Thanh"}
