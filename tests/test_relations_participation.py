"""kg.extract.relations_participation: PARTICIPATED_IN (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_meetings import met
from kg.extract.relations_participation import participation
from relation_docs import context, found, rules, sentences


def taking_part(text: str, meet: bool = False):
    ctx = context(text)
    for sent, ms, triggers in sentences(ctx):
        if meet:
            met(ctx, sent, ms, triggers)
        participation(ctx, sent, ms, triggers)
    return ctx


def roles(ctx) -> set[tuple[str, str]]:
    return {(ctx.entities[r.source].name, r.props["role"]) for r in ctx.out}


def test_whoever_chairs_an_event_takes_part_as_its_chair():
    ctx = taking_part("Thủ tướng Phạm Văn An chủ trì Hội nghị Xúc tiến đầu tư tỉnh Bình Định năm 2024.")
    assert found(ctx) == {("PARTICIPATED_IN", "Phạm Văn An", "Hội nghị Xúc tiến đầu tư tỉnh Bình Định năm 2024")}
    assert roles(ctx) == {("Phạm Văn An", "chair")}
    assert ctx.last_event == "Event:Hội nghị Xúc tiến đầu tư tỉnh Bình Định năm 2024"


def test_a_chair_written_as_a_noun_phrase():
    ctx = taking_part("Hội thảo Hợp tác biển Đông Á lần thứ 3 diễn ra dưới sự chủ trì của Thứ trưởng Lưu Văn Hậu.")
    assert roles(ctx) == {("Lưu Văn Hậu", "chair")}
    assert rules(ctx) == {"participation_nominal"}


def test_the_people_and_bodies_listed_after_du_take_part_in_the_event_referred_to():
    ctx = taking_part("Hội nghị Thương mại Việt Nam - Campuchia lần thứ 5 đã diễn ra hôm nay. Dự Hội nghị có Thứ trưởng "
                      "Lưu Văn Hậu, ông Đỗ Minh Tâm và Tập đoàn Điện lực Việt Nam.")
    assert roles(ctx) == {("Đỗ Minh Tâm", "participant"), ("Lưu Văn Hậu", "participant"),
                          ("Tập đoàn Điện lực Việt Nam", "participant")}
    assert rules(ctx) == {"participation_list"}
    assert [ctx.text[m.start:m.end] for m in ctx.references] == ["Hội nghị"]


def test_people_who_meet_on_the_sidelines_of_an_event_take_part_in_it():
    ctx = taking_part("Bên lề Hội nghị Cấp cao ASEAN lần thứ 44, Thủ tướng Phạm Văn An gặp Thủ tướng Lào "
                      "Somphone Vilay.", meet=True)
    took_part = {(s, t) for rel, s, t in found(ctx) if rel == "PARTICIPATED_IN"}
    assert took_part == {("Phạm Văn An", "Hội nghị Cấp cao ASEAN lần thứ 44"),
                         ("Somphone Vilay", "Hội nghị Cấp cao ASEAN lần thứ 44")}
    assert "met_at_event" in rules(ctx)


def test_who_does_it_together_with_the_subject_takes_part_too():
    ctx = taking_part("Bộ trưởng Lê Văn Hải đã thăm Séc và cùng Bộ trưởng Séc Jan Novák dự Diễn đàn Doanh nghiệp "
                      "Việt Nam - Séc lần thứ 2.")
    assert roles(ctx) == {("Lê Văn Hải", "participant"), ("Jan Novák", "participant")}


def test_the_inviter_of_a_visit_to_an_event_hosts_it_with_their_country():
    ctx = taking_part("Thủ tướng Nguyễn Văn An sẽ tham dự Hội nghị Cấp cao Hợp tác Mekong lần thứ 5 vào ngày 5/4, "
                      "theo lời mời của Thủ tướng Lào Somchai Vong.")
    assert roles(ctx) == {("Nguyễn Văn An", "participant"), ("Lào", "host"), ("Somchai Vong", "host")}


def test_the_subject_after_a_fronted_clause_that_attends_an_event_takes_part():
    ctx = taking_part("Trong khuôn khổ chuyến thăm Hàn Quốc và dự Hội nghị Cấp cao ASEAN - Hàn Quốc, chiều nay, "
                      "Thủ tướng Nguyễn Văn An đã hội đàm với Tổng thống Hàn Quốc Kim Min Soo.")
    assert ("Nguyễn Văn An", "participant") in roles(ctx)
    assert ("Kim Min Soo", "participant") not in roles(ctx)


def test_who_holds_a_meeting_named_as_an_event_takes_part_in_it():
    ctx = taking_part("Chiều nay, Thứ trưởng Lê Văn Hà sang Cuba và họp Hội nghị Ủy ban hỗn hợp lần thứ 7 với phía bạn.")
    assert roles(ctx) == {("Lê Văn Hà", "participant")}


def test_attending_these_meetings_takes_part_in_every_event_the_last_list_named():
    ctx = taking_part("Tại Bali đã diễn ra Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 44 và Hội nghị Cấp cao Đông "
                      "Á lần thứ 6. Đoàn Việt Nam do Bộ trưởng Ngoại giao Trần Quang Vinh dẫn đầu tham dự "
                      "các hội nghị này.")
    assert {(s, t) for rel, s, t in found(ctx) if rel == "PARTICIPATED_IN" and s == "Trần Quang Vinh"} == {
        ("Trần Quang Vinh", "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 44"),
        ("Trần Quang Vinh", "Hội nghị Cấp cao Đông Á lần thứ 6")}


def test_a_body_acting_along_with_another_takes_part_with_it():
    ctx = taking_part("Hội Hữu nghị tỉnh Quảng Nam phối hợp Hội Người Lào đã tham gia Liên hoan "
                      "Hữu nghị Việt - Lào lần thứ 3.")
    assert {s for rel, s, _ in found(ctx) if rel == "PARTICIPATED_IN"} == {
        "Hội Hữu nghị tỉnh Quảng Nam", "Hội Người Lào"}


def test_co_chairing_misspelt_chi_tri_chairs_the_event():
    ctx = taking_part("Chủ tịch UBND tỉnh An Giang Lê Văn Hòa và ông Sok Vanna đồng chỉ trì Hội nghị Hợp tác "
                      "Biên giới lần thứ 5.")
    assert roles(ctx) == {("Lê Văn Hòa", "chair"), ("Sok Vanna", "chair")}
