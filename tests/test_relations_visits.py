"""kg.extract.relations_visits: VISITED from the words of a sentence (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_visits import delegation_leader, hosted_visits, mission_visits, visits
from relation_docs import context, first, found, read, rules


def visited(text: str, leader: str | None = None):
    ctx = context(text, published="2024-05-06")
    sent, ms, triggers = first(ctx)
    visits(ctx, sent, ms, triggers, leader)
    return ctx


def test_a_planned_visit_said_before_the_verb():
    ctx = visited("Thủ tướng Phạm Văn An sẽ thăm chính thức Nhật Bản vào tháng tới.")
    assert found(ctx) == {("VISITED", "Phạm Văn An", "Nhật Bản")}
    assert ctx.out[0].props["status"] == "planned"


def test_a_trip_written_as_a_noun_names_its_visitor_after_cua():
    ctx = visited("Nhân chuyến thăm Lào của Chủ tịch nước Lý Văn Sơn, hai bên ra tuyên bố chung.")
    assert found(ctx) == {("VISITED", "Lý Văn Sơn", "Lào")}
    assert rules(ctx) == {"visit_nominal"}


def test_coming_home_is_no_visit():
    assert not found(visited("Tối 5/6, Thủ tướng Phạm Văn An về đến Hà Nội."))


def test_talks_at_a_place_abroad_are_a_visit_of_the_side_from_elsewhere():
    ctx = visited("Ngày 5/4, tại Thủ đô Tokyo, Phó Thủ tướng Ngô Văn Dũng đã hội đàm với Ngoại trưởng Nhật Bản "
                  "Sato Kenji.")
    assert found(ctx) == {("VISITED", "Ngô Văn Dũng", "Tokyo")}  # the host lives there
    assert rules(ctx) == {"visit_at_place"}


def test_a_place_said_after_a_longer_opening_is_visited_by_who_comes_from_elsewhere():
    ctx = visited("Cụ thể, chiều ngày 17/9, tại thành phố Osaka, Phó Chủ tịch UBND tỉnh Quảng Trị Hồ Văn Tân đã "
                  "làm việc với doanh nghiệp.")
    assert found(ctx) == {("VISITED", "Hồ Văn Tân", "Osaka")}


def test_an_envoy_touring_the_country_of_posting_visits_its_places_only():
    ctx = visited("Tại thành phố Lyon, Đại sứ Việt Nam tại Pháp Lê Văn Thái đã làm việc với lãnh đạo Pháp.")
    assert found(ctx) == {("VISITED", "Lê Văn Thái", "Lyon")}


def test_working_with_ones_own_mission_abroad_visits_its_city():
    ctx = context("Đoàn công tác do Thứ trưởng Vũ Minh Đức dẫn đầu đã làm việc với Tổng Lãnh sự quán Việt Nam "
                  "tại Houston.")
    sent, ms, triggers = first(ctx)
    leader = delegation_leader(ctx, sent, ms)
    assert leader == "Person:Vũ Minh Đức"
    mission_visits(ctx, sent, ms, triggers, leader)
    assert found(ctx) == {("VISITED", "Vũ Minh Đức", "Houston")}


def test_a_ship_reaching_a_port_abroad_is_a_visit_of_its_crew():
    ctx = visited("Đoàn công tác Hải quân do Đại tá Lê Văn Hải làm trưởng đoàn đã cập cảng thành phố Osaka, "
                  "Nhật Bản.")
    assert ("VISITED", "Lê Văn Hải", "Osaka") in found(ctx)


def test_an_event_held_at_a_place_no_gazetteer_knows_is_a_visit_of_the_places_after_it():
    ctx = visited("Bộ trưởng Ngoại giao Trần Quang Vinh tham dự Hội nghị Hợp tác Mê Công lần thứ ba tổ chức "
                  "tại Zorbia, Vân Nam, Trung Quốc.")
    assert {t for rel, _, t in found(ctx) if rel == "VISITED"} == {"Vân Nam", "Trung Quốc"}


def test_talks_in_a_city_abroad_written_with_o_are_a_visit():
    ctx = visited("Tổng thống Indonesia Joko Widodo đã hội đàm với Thủ tướng Phạm Văn An tại Dinh Tổng thống "
                  "ở thành phố Bogor.")
    assert found(ctx) == {("VISITED", "Phạm Văn An", "Bogor")}


def test_working_with_ones_mission_visits_the_places_listed_with_its_city():
    ctx = context("Chiều qua, Thứ trưởng Vũ Minh Đức cùng đoàn đã trao đổi với Lãnh sự quán Việt Nam tại thành phố "
                  "Los Angeles, bang California về công tác bảo hộ.")
    sent, ms, triggers = first(ctx)
    mission_visits(ctx, sent, ms, triggers, None)
    assert found(ctx) == {("VISITED", "Vũ Minh Đức", "Los Angeles"), ("VISITED", "Vũ Minh Đức", "California")}


def test_a_delegation_received_at_a_place_visited_it():
    ctx = context("Bộ trưởng Ngoại giao Lào Khamla Vong đến thăm chính thức Việt Nam. Chiều nay, tại thành phố "
                  "Đà Nẵng, Chủ tịch UBND thành phố Lê Văn Hòa đã tiếp đoàn.", published="2024-05-06")
    read(ctx, lambda ctx, sent, ms, triggers: visits(ctx, sent, ms, triggers, None))
    assert ("VISITED", "Khamla Vong", "Đà Nẵng") in found(ctx)


def test_a_guest_a_provinces_leader_receives_visited_the_province():
    ctx = context("Ngày 9/4, Phó Chủ tịch UBND tỉnh Nghệ An Lê Văn Hải tiếp ông Marco Bianchi, Tổng Lãnh sự Ý "
                  "tại TP Hồ Chí Minh.", published="2024-05-06")
    read(ctx, hosted_visits)
    assert found(ctx) == {("VISITED", "Marco Bianchi", "Nghệ An")}
    assert rules(ctx) == {"hosted_visit"}
    # a colleague of the same province is no guest
    ctx = context("Chủ tịch UBND tỉnh Nghệ An Lê Văn Hải tiếp Phó Chủ tịch UBND tỉnh Nghệ An Trần Minh.")
    read(ctx, hosted_visits)
    assert not found(ctx)


def test_an_airport_named_with_its_city_in_brackets_is_a_visit_to_the_city():
    ctx = visited("Tối 5/1, Thủ tướng Séc Jan Novak đã đến sân bay Nội Bài (Hà Nội), bắt đầu chuyến thăm Việt Nam.")
    assert ("VISITED", "Jan Novak", "Hà Nội") in found(ctx)
