"""kg.extract.relations_cooperation: COOPERATES_WITH (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_cooperation import cooperation
from relation_docs import context, found, on_first, read, rules


def cooperating(text: str):
    return on_first(cooperation, text)


def test_viet_nam_cooperates_with_the_country_of_the_sentence():
    ctx = cooperating("Việt Nam và Mông Cổ nhất trí tăng cường hợp tác trong lĩnh vực nông nghiệp.")
    assert found(ctx) == {("COOPERATES_WITH", "Việt Nam", "Mông Cổ")}
    assert rules(ctx) == {"cooperation_vnm"}


def test_two_localities_after_giua():
    ctx = cooperating("Hai bên ghi nhận quan hệ hợp tác giữa tỉnh Quảng Nam và tỉnh Nagasaki ngày càng phát triển.")
    assert found(ctx) == {("COOPERATES_WITH", "Quảng Nam", "Nagasaki")}


def test_a_body_that_acts_with_another_or_supports_it():
    ctx = cooperating("Sở Ngoại vụ tỉnh Quảng Ninh phối hợp với Cục Lãnh sự tổ chức buổi tập huấn.")
    assert found(ctx) == {("COOPERATES_WITH", "Sở Ngoại vụ tỉnh Quảng Ninh", "Cục Lãnh sự")}
    ctx = cooperating("Ủy ban nhân dân tỉnh Lạng Sơn hỗ trợ tỉnh Quảng Tây xây dựng trường học.")
    assert found(ctx) == {("COOPERATES_WITH", "Ủy ban nhân dân tỉnh Lạng Sơn", "Quảng Tây")}
    assert rules(ctx) == {"cooperation_partner"}


def test_no_cooperation_word_no_cooperation():
    assert not found(cooperating("Việt Nam và Mông Cổ có nhiều điểm tương đồng."))


def test_the_two_ministries_of_an_agreement_between_two_ministries_of_one_name_cooperate():
    ctx = context("Bộ trưởng Bộ Quốc phòng Lào Somchai Vong hội đàm với Bộ trưởng Bộ Quốc phòng Lê Văn Hòa. "
                  "Thực hiện thỏa thuận giữa hai Bộ Quốc phòng, hai bên đã tổ chức tuần tra chung.")
    read(ctx, cooperation)
    assert found(ctx) == {("COOPERATES_WITH", "Bộ Quốc phòng", "Bộ Quốc phòng")}
    assert rules(ctx) == {"cooperation_two_bodies"}


def test_the_ministry_of_two_countries_and_the_only_two_ministries_cooperate():
    for text in ("Bộ trưởng Bộ Tư pháp Lào Somchai Vong thăm Bộ Tư pháp. Bộ Tư pháp hai nước đã trao đổi kinh nghiệm.",
                 "Bộ trưởng Bộ Tư pháp Lào Somchai Vong thăm Bộ Tư pháp. Việc hợp tác giữa hai Bộ trong lĩnh vực pháp luật "
                 "phát triển tốt."):
        ctx = read(context(text), cooperation)
        assert {(r.source, r.target) for r in ctx.out} == {("Ministry:Bộ Tư pháp|LAO", "Ministry:Bộ Tư pháp|VNM")}


def test_the_parliaments_of_two_countries_cooperate():
    ctx = context("Chủ tịch Quốc hội Lào Somchai Vong hội đàm với Chủ tịch Quốc hội Lê Văn Hòa. Quốc hội hai nước "
                  "sẽ tăng cường trao đổi đoàn.")
    read(ctx, cooperation)
    assert {r.rule for r in ctx.out} == {"cooperation_two_bodies"} and len(ctx.out) == 1
    assert {ctx.entities[k].type for r in ctx.out for k in (r.source, r.target)} == {"Organization"}


def test_meetings_of_one_side_with_each_of_a_list():
    ctx = cooperating("Tại Jakarta đã diễn ra các hội nghị cấp Bộ trưởng của ASEAN với Canađa, Ấn Độ và Nhật Bản.")
    assert found(ctx) == {("COOPERATES_WITH", "ASEAN", country) for country in ("Canada", "Ấn Độ", "Nhật Bản")}
    assert rules(ctx) == {"cooperation_meetings_with"}
    # no meeting or relation word before "của": a possession, not a mechanism
    assert not found(cooperating("Đây là tài sản của ASEAN với Canađa và Ấn Độ."))


def test_bodies_that_organize_together_cooperate():
    ctx = cooperating("Lễ hội do Tổng Lãnh sự quán Việt Nam tại Osaka, Hội Người Việt và Hội Doanh nhân Việt Nam "
                      "tại Nhật Bản phối hợp tổ chức.")
    bodies = ("Tổng Lãnh sự quán Việt Nam tại Osaka", "Hội Người Việt", "Hội Doanh nhân Việt Nam")
    assert found(ctx) == {("COOPERATES_WITH", a, b) for n, a in enumerate(bodies) for b in bodies[n + 1:]}
    assert rules(ctx) == {"co_organizers"}


def test_a_cooperation_word_inside_a_name_is_no_cooperation_of_the_sentence():
    ctx = cooperating("Bộ trưởng của Canađa, Chi-lê, Pê-ru và Việt Nam đã ký Hiệp định Đối tác Kinh tế Thái Bình "
                      "Dương tại Lima.")
    assert not found(ctx)
    ctx = cooperating("Việt Nam và Chi-lê nhất trí thúc đẩy quan hệ đối tác toàn diện.")
    assert found(ctx) == {("COOPERATES_WITH", "Việt Nam", "Chile")}
