"""kg.extract.relations_meetings: MET (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_meetings import co_chairs, met
from kg.extract.relations_participation import participation
from kg.extract.relations_visits import visits
from relation_docs import context, found, on_first, read, rules


def meetings(text: str):
    return on_first(met, text)


def visited(ctx, sent, ms, triggers) -> None:
    visits(ctx, sent, ms, triggers, None)  # who visits is who is welcomed


def test_the_people_before_a_meeting_verb_meet_those_after_it():
    ctx = meetings("Phó Thủ tướng Đinh Văn Hòa hội đàm với Ngoại trưởng Singapore Tan Wei Ming.")
    assert found(ctx) == {("MET", "Đinh Văn Hòa", "Tan Wei Ming")}
    assert ctx.out[0].props["kind"] == "talks"
    assert ctx.last_pair == ("Person:Đinh Văn Hòa", "Person:Tan Wei Ming")


def test_two_subjects_joined_before_the_verb_meet_each_other():
    ctx = meetings("Thủ tướng Nguyễn Hữu Lam và Thủ tướng Lào Somphone Vilay đã hội đàm.")
    assert found(ctx) == {("MET", "Nguyễn Hữu Lam", "Somphone Vilay")}
    assert rules(ctx) == {"met_joined_subjects"}


def test_a_call_between_two_people():
    ctx = meetings("Cuộc điện đàm giữa Bộ trưởng Ngoại giao Lưu Văn Hậu và Ngoại trưởng Úc Jane Carter diễn ra "
                   "trong không khí thân mật.")
    assert found(ctx) == {("MET", "Lưu Văn Hậu", "Jane Carter")}
    assert ctx.out[0].props["kind"] == "phone_call"


def test_who_attended_talks_did_not_meet_each_other():
    ctx = meetings("Tham dự hội đàm có Thứ trưởng Lưu Văn Hậu; Đại sứ Ngô Thị Hoa.")
    assert not found(ctx)
    assert ctx.last_pair is None


def test_a_courtesy_call_is_a_meeting():
    ctx = meetings("Sau đó, Đại sứ Lê Văn Châu chào Thủ tướng Nepal Ram Kumar Thapa.")
    assert found(ctx) == {("MET", "Lê Văn Châu", "Ram Kumar Thapa")}
    assert ctx.out[0].props["kind"] == "reception"


def test_those_listed_at_the_airport_met_the_guest_named_after_the_verb():
    ctx = meetings("Ra sân bay đón Thủ tướng Nguyễn Văn Tâm có Bộ trưởng Lào Somchai Vong; Thứ trưởng Ngoại giao "
                   "Lào Bounmy Keo.")
    assert found(ctx) == {("MET", "Somchai Vong", "Nguyễn Văn Tâm"), ("MET", "Bounmy Keo", "Nguyễn Văn Tâm")}
    assert rules(ctx) == {"met_welcome"}


def test_those_listed_at_the_airport_met_the_visitor_named_before():
    ctx = context("Tổng thống Chile Pablo Ramírez đến Hà Nội, bắt đầu chuyến thăm Việt Nam. Đón đoàn tại sân bay "
                  "Nội Bài có: Bộ trưởng Bộ Ngoại giao Lê Văn Hòa; Thứ trưởng Phạm Thu Hà.")
    read(ctx, visited, met)
    assert found(ctx, "MET") == {("MET", "Lê Văn Hòa", "Pablo Ramírez"), ("MET", "Phạm Thu Hà", "Pablo Ramírez")}


def test_who_sends_a_message_through_the_meeting_was_not_at_it():
    ctx = meetings("Thủ tướng Lê Văn Hải hội đàm với Thủ tướng Qatar Ahmed Al-Sani và chuyển lời thăm hỏi của "
                   "Tổng Bí thư Trần Văn Tâm.")
    assert found(ctx) == {("MET", "Lê Văn Hải", "Ahmed Al-Sani")}


def test_who_welcomes_at_the_named_airport_on_behalf_of_someone_meets_the_visitor():
    ctx = context("Tổng thống Chile Pablo Ramírez đến Hà Nội, bắt đầu chuyến thăm Việt Nam. Thay mặt lãnh đạo "
                  "Nhà nước đón đoàn tại Sân bay quốc tế Nội Bài có Thứ trưởng Phạm Thu Hà.")
    read(ctx, visited, met)
    assert found(ctx, "MET") == {("MET", "Phạm Thu Hà", "Pablo Ramírez")}


def test_who_receives_the_delegation_meets_its_head():
    ctx = context("Tổng thống Chile Pablo Ramírez đến Hà Nội, bắt đầu chuyến thăm Việt Nam. Chủ tịch UBND "
                  "thành phố Lê Văn Hòa đã nhiệt tình chào đón Đoàn. Tiếp và làm việc với đoàn là Thứ trưởng "
                  "Phạm Thu Hà.")
    read(ctx, visited, met)
    assert found(ctx, "MET") == {("MET", "Lê Văn Hòa", "Pablo Ramírez"), ("MET", "Phạm Thu Hà", "Pablo Ramírez")}
    assert rules(ctx) >= {"met_delegation"}



def test_a_caption_naming_two_leaders_of_two_countries_is_a_meeting():
    ctx = meetings("Thủ tướng Lê Văn Hải và Thủ tướng Lào Somchai Vong - Ảnh: TTXVN")
    assert found(ctx) == {("MET", "Lê Văn Hải", "Somchai Vong")}
    assert not found(meetings("Thủ tướng Lê Văn Hải và Phó Thủ tướng Trần Văn Tâm - Ảnh: TTXVN"))  # one side


def test_two_people_who_chair_one_meeting_met():
    ctx = context("Chiều 9/3, Thiếu tướng Lê Văn Hải - Tư lệnh Vùng 2 Hải quân và Đô đốc Sok Rith - Chỉ huy trưởng "
                  "Căn cứ Ream đã chủ trì hội nghị tuần tra chung lần thứ 12.")
    read(ctx, participation)
    co_chairs(ctx)
    assert found(ctx, "MET") == {("MET", "Lê Văn Hải", "Sok Rith")}
    assert "co_chairs" in rules(ctx)


def test_presenting_an_exequatur_is_a_meeting():
    ctx = meetings("Ngày 3/4, Cục trưởng Cục Lãnh sự Lê Minh Đức trao Giấy chấp nhận Lãnh sự cho ông Park Ji Hoon, "
                   "Tổng Lãnh sự Hàn Quốc tại Đà Nẵng.")
    assert found(ctx) == {("MET", "Lê Minh Đức", "Park Ji Hoon")}
