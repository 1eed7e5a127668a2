"""Relation constructions of ANNOTATION.md's "Conventions for the hard cases", one test each.

The sentences are written for these tests (invented people; real countries, cities
and ministries), not taken from any article.
"""

from __future__ import annotations

from kg.extract.pipeline import load_nlp
from test_extract import relations, run


def rule_of(text: str, rel: str, head: str, tail: str) -> float:
    """The confidence the rules themselves give a relation (the learned model re-scores it later)."""
    nlp = load_nlp()
    with nlp.select_pipes(disable=["kg_relation_model"]):
        out = run(text)
    name = {e["id"]: e["name"] for e in out["entities"]}
    return next(r["confidence"] for r in out["relations"]
                if (r["type"], name[r["source"]], name[r["target"]]) == (rel, head, tail))


# -- visits ---------------------------------------------------------------------------------------

def test_spouse_and_retinue_visit_where_the_head_goes():
    text = ("Chủ tịch nước Trần Văn Khải và Phu nhân Lê Thị Mận đến Thủ đô Viêng Chăn, bắt đầu chuyến "
            "thăm cấp Nhà nước Lào. Tháp tùng Chủ tịch nước có Bộ trưởng Ngoại giao Phan Văn Lộc; "
            "Thứ trưởng Bộ Công Thương Đỗ Minh Tâm.")
    out = run(text)
    rels = relations(out)
    for person in ("Trần Văn Khải", "Lê Thị Mận", "Phan Văn Lộc", "Đỗ Minh Tâm"):
        assert ("VISITED", person, "Lào") in rels
        assert ("VISITED", person, "Viêng Chăn") in rels
    assert 0 < rule_of(text, "VISITED", "Phan Văn Lộc", "Lào") < rule_of(text, "VISITED", "Trần Văn Khải", "Lào")


def test_a_foreign_leaders_retinue_visits_even_with_titles_that_default_to_viet_nam():
    # "Quốc hội", "Chính phủ" alone read as Viet Nam's; in a German chancellor's party they are Germany's
    out = run("Thủ tướng Đức Hans Vogel thăm chính thức Việt Nam từ ngày 3 đến 5/6. Tháp tùng Thủ tướng Đức "
              "gồm: ông Karl Ritter, Người phát ngôn Chính phủ; bà Anna Seidel, Nghị sĩ Quốc hội.")
    rels = relations(out)
    for person in ("Hans Vogel", "Karl Ritter", "Anna Seidel"):
        assert ("VISITED", person, "Việt Nam") in rels, person


def test_body_whose_delegation_travels_visits_and_city_gives_its_country():
    out = run("Đoàn đại biểu Bộ Tư pháp Việt Nam do Thứ trưởng Hà Văn Bình dẫn đầu đã thăm và làm việc "
              "tại thành phố Thượng Hải, Trung Quốc.")
    rels = relations(out)
    assert ("VISITED", "Bộ Tư pháp", "Thượng Hải") in rels
    assert ("VISITED", "Bộ Tư pháp", "Trung Quốc") in rels
    assert ("VISITED", "Hà Văn Bình", "Trung Quốc") in rels


def test_talks_at_a_place_abroad_are_a_visit_of_the_side_that_travelled():
    out = run("Ngày 5/4, tại Thủ đô Tokyo, Phó Thủ tướng Ngô Văn Dũng đã hội đàm với Bộ trưởng Ngoại giao "
              "Nhật Bản Tanaka Hiroshi.")
    rels = relations(out)
    assert ("VISITED", "Ngô Văn Dũng", "Tokyo") in rels
    assert ("VISITED", "Ngô Văn Dũng", "Nhật Bản") in rels
    assert not any(r[0] == "VISITED" and r[1] == "Tanaka Hiroshi" for r in rels)


def test_nominal_visit_belongs_to_the_person_after_cua():
    out = run("Các bên đang chuẩn bị cho chuyến thăm Hàn Quốc của Chủ tịch Quốc hội Vũ Đức Khang.")
    assert ("VISITED", "Vũ Đức Khang", "Hàn Quốc") in relations(out)


def test_arriving_home_is_not_a_visit():
    out = run("Chiều 9/5, Thủ tướng Lâm Quốc Hưng về đến Hà Nội, kết thúc chuyến công tác tại Singapore.")
    rels = relations(out)
    assert ("VISITED", "Lâm Quốc Hưng", "Singapore") in rels
    assert ("VISITED", "Lâm Quốc Hưng", "Hà Nội") not in rels


# -- events and participation -------------------------------------------------------------------

def test_parties_named_in_an_event_name_participate():
    out = run("Sáng 5/3, Diễn đàn Doanh nghiệp Việt Nam - Nhật Bản năm 2025 đã khai mạc tại Hà Nội "
              "với sự tham dự của Phó Thủ tướng Ngô Văn Dũng.")
    rels = relations(out)
    event = "Diễn đàn Doanh nghiệp Việt Nam - Nhật Bản năm 2025"
    assert ("PARTICIPATED_IN", "Việt Nam", event) in rels
    assert ("PARTICIPATED_IN", "Nhật Bản", event) in rels
    assert ("PARTICIPATED_IN", "Ngô Văn Dũng", event) in rels  # "với sự tham dự của X"


def test_event_done_by_a_body_and_a_short_reference_to_it():
    out = run("Lễ kỷ niệm 50 năm quan hệ ngoại giao Việt Nam - Thái Lan do Đại sứ quán Việt Nam tại Thái Lan "
              "tổ chức. Phát biểu tại buổi lễ, Đại sứ Trịnh Minh Quân nhấn mạnh quan hệ hai nước.")
    rels = relations(out)
    event = "Lễ kỷ niệm 50 năm quan hệ ngoại giao Việt Nam - Thái Lan"
    assert ("PARTICIPATED_IN", "Đại sứ quán Việt Nam tại Thái Lan", event) in rels
    assert ("PARTICIPATED_IN", "Trịnh Minh Quân", event) in rels


def test_people_listed_after_du_co_participate():
    out = run("Hội thảo Hợp tác Giáo dục giữa Việt Nam và Australia năm 2025 đã diễn ra. Dự Hội thảo có "
              "Thứ trưởng Bộ Giáo dục và Đào tạo Nguyễn Hữu Phước và Đại sứ Australia tại Việt Nam Peter Collins.")
    rels = relations(out)
    event = "Hội thảo Hợp tác Giáo dục giữa Việt Nam và Australia năm 2025"
    assert ("PARTICIPATED_IN", "Nguyễn Hữu Phước", event) in rels
    assert ("PARTICIPATED_IN", "Peter Collins", event) in rels
    assert ("PARTICIPATED_IN", "Australia", event) in rels


def test_co_chairs_meet_and_chair():
    out = run("Thủ tướng Lâm Quốc Hưng và Thủ tướng Lào Somphet Vongsa đồng chủ trì Kỳ họp lần thứ 40 "
              "Ủy ban liên Chính phủ Việt Nam - Lào.")
    rels = relations(out)
    assert ("MET", "Lâm Quốc Hưng", "Somphet Vongsa") in rels
    assert ("PARTICIPATED_IN", "Somphet Vongsa", "Kỳ họp lần thứ 40 Ủy ban liên Chính phủ Việt Nam - Lào") in rels


def test_seeing_off_is_a_meeting():
    out = run("Thủ tướng Lâm Quốc Hưng tiễn Tổng thống Indonesia Ahmad Surya tại sân bay.")
    assert ("MET", "Lâm Quốc Hưng", "Ahmad Surya") in relations(out)


# -- signing and cooperation --------------------------------------------------------------------

def test_ministers_sign_for_their_ministries():
    out = run("Bộ trưởng Bộ Tài chính Đỗ Hữu Nghĩa và Bộ trưởng Bộ Thương mại Lào Khampheng Saysompheng "
              "đã ký Thỏa thuận về hợp tác tài chính.")
    rels = relations(out)
    agreement = "Thỏa thuận về hợp tác tài chính"
    for head in ("Đỗ Hữu Nghĩa", "Khampheng Saysompheng", "Bộ Tài chính", "Bộ Thương mại"):
        assert ("SIGNED", head, agreement) in rels
    assert ("COOPERATES_WITH", "Bộ Tài chính", "Bộ Thương mại") in rels
    assert ("SIGNED", "Lào", agreement) not in rels  # countries sign only when named as parties


def test_countries_named_in_an_agreement_name_sign_it():
    out = run("Tuyên bố chung Việt Nam - Chile về quan hệ đối tác toàn diện đã được hai bên thông qua.")
    rels = relations(out)
    agreement = "Tuyên bố chung Việt Nam - Chile về quan hệ đối tác toàn diện"
    assert ("SIGNED", "Việt Nam", agreement) in rels
    assert ("SIGNED", "Chile", agreement) in rels


def test_hai_nha_lanh_dao_are_the_two_who_met():
    out = run("Chủ tịch nước Trần Văn Khải và Tổng thống Chile Pablo Ramírez đã hội đàm. "
              "Hai nhà lãnh đạo đã ký Tuyên bố chung về quan hệ Đối tác toàn diện.")
    rels = relations(out)
    assert ("SIGNED", "Trần Văn Khải", "Tuyên bố chung về quan hệ Đối tác toàn diện") in rels
    assert ("SIGNED", "Pablo Ramírez", "Tuyên bố chung về quan hệ Đối tác toàn diện") in rels


def test_coordination_and_aid_are_cooperation():
    out = run("Sở Ngoại vụ tỉnh Lạng Sơn phối hợp với Cục Lãnh sự tổ chức tập huấn. "
              "Bộ Ngoại giao Nhật Bản tài trợ cho Sở Ngoại vụ tỉnh Lạng Sơn một dự án.")
    rels = relations(out)
    assert {("COOPERATES_WITH", "Sở Ngoại vụ tỉnh Lạng Sơn", "Cục Lãnh sự"),
            ("COOPERATES_WITH", "Cục Lãnh sự", "Sở Ngoại vụ tỉnh Lạng Sơn")} & rels
    assert {("COOPERATES_WITH", "Bộ Ngoại giao", "Sở Ngoại vụ tỉnh Lạng Sơn"),
            ("COOPERATES_WITH", "Sở Ngoại vụ tỉnh Lạng Sơn", "Bộ Ngoại giao")} & rels


def test_cooperation_between_one_body_and_a_list():
    out = run("Hai bên trao đổi về Chương trình hợp tác giữa Việt Nam và các tổ chức UNDP, UNICEF, UNFPA.")
    rels = relations(out)
    for org in ("UNDP", "UNICEF", "UNFPA"):
        assert ("COOPERATES_WITH", "Việt Nam", org) in rels


def test_co_organizers_cooperate_and_take_part():
    out = run("Đại sứ quán Việt Nam tại Nhật Bản, Hội Người Việt và Hội Sinh viên Việt Nam tại Nhật Bản "
              "phối hợp tổ chức Ngày hội Văn hóa Việt Nam 2025.")
    rels = relations(out)
    bodies = ("Đại sứ quán Việt Nam tại Nhật Bản", "Hội Người Việt", "Hội Sinh viên Việt Nam")
    for body in bodies:
        assert ("PARTICIPATED_IN", body, "Ngày hội Văn hóa Việt Nam 2025") in rels
    assert ("COOPERATES_WITH", bodies[0], bodies[1]) in rels
    assert ("PARTICIPATED_IN", "Nhật Bản", "Ngày hội Văn hóa Việt Nam 2025") not in rels


# -- meetings -----------------------------------------------------------------------------------

def test_receiving_a_delegation_meets_its_leader():
    out = run("Chủ tịch UBND tỉnh Cao Bằng Hoàng Văn Phúc tiếp đoàn đại biểu tỉnh Quảng Tây, Trung Quốc "
              "do ông Lưu Kiến Quốc dẫn đầu.")
    assert ("MET", "Hoàng Văn Phúc", "Lưu Kiến Quốc") in relations(out)


def test_one_guest_meets_everyone_a_list_of_verbs_names():
    out = run("Tổng thống Pháp Jean Moreau đã hội đàm với Chủ tịch nước Trần Văn Khải; hội kiến "
              "Tổng Bí thư Lê Minh Đạo, Thủ tướng Lâm Quốc Hưng.")
    rels = relations(out)
    for host in ("Trần Văn Khải", "Lê Minh Đạo", "Lâm Quốc Hưng"):
        assert ("MET", "Jean Moreau", host) in rels
    assert ("MET", "Trần Văn Khải", "Lê Minh Đạo") not in rels


def test_people_who_meet_on_the_occasion_of_an_event_attend_it():
    out = run("Ngày 2/9, tại Thượng Hải, nhân dịp tham dự Diễn đàn Kinh tế Mekong lần thứ 5, Thủ tướng "
              "Lâm Quốc Hưng đã gặp Thủ tướng Thái Lan Anan Chaiwat.")
    rels = relations(out)
    assert ("PARTICIPATED_IN", "Lâm Quốc Hưng", "Diễn đàn Kinh tế Mekong lần thứ 5") in rels
    assert ("PARTICIPATED_IN", "Anan Chaiwat", "Diễn đàn Kinh tế Mekong lần thứ 5") in rels
    assert ("MET", "Lâm Quốc Hưng", "Anan Chaiwat") in rels


def test_the_partner_an_event_is_held_with_takes_part():
    out = run("UBND tỉnh Lạng Sơn tổ chức Hội nghị sơ kết hợp tác năm 2024 với tỉnh Quảng Tây (Trung Quốc).")
    rels = relations(out)
    assert ("PARTICIPATED_IN", "UBND tỉnh Lạng Sơn", "Hội nghị sơ kết hợp tác năm 2024") in rels
    assert ("PARTICIPATED_IN", "Quảng Tây", "Hội nghị sơ kết hợp tác năm 2024") in rels


# -- bodies -------------------------------------------------------------------------------------

def test_a_unit_written_before_its_ministry_is_part_of_it():
    out = run("Đại diện Cục Lãnh sự, Bộ Ngoại giao cho biết thủ tục đã được đơn giản hóa.")
    assert ("PART_OF", "Cục Lãnh sự", "Bộ Ngoại giao") in relations(out)


def test_a_list_of_units_is_not_a_chain_of_parts():
    out = run("Đoàn đã làm việc với Cục Xuất nhập cảnh, Cục Lãnh sự, Cảnh sát biển.")
    assert not any(r[0] == "PART_OF" for r in relations(out))


def test_attendees_of_talks_did_not_meet_each_other():
    out = run("Tham dự hội đàm về phía Việt Nam có Thứ trưởng Bộ Ngoại giao Phan Văn Lộc; "
              "Vụ trưởng Vụ Đông Nam Á Trịnh Thu Hà.")
    assert not any(r[0] == "MET" for r in relations(out))


def test_a_call_between_two_leaders_pairs_only_them():
    out = run("Hai Bộ trưởng hoan nghênh kết quả cuộc điện đàm giữa Chủ tịch nước Trần Văn Khải "
              "và Tổng thống Chile Pablo Ramírez.")
    rels = relations(out)
    assert ("MET", "Trần Văn Khải", "Pablo Ramírez") in rels


def test_credentials_are_presented_to_the_head_of_state_after_len():
    out = run("Đại sứ Việt Nam tại Chile Đỗ Quang Minh trình Thư ủy nhiệm của Chủ tịch nước Trần Văn Khải "
              "lên Tổng thống Chile Pablo Ramírez.")
    rels = relations(out)
    assert ("MET", "Đỗ Quang Minh", "Pablo Ramírez") in rels
    assert ("MET", "Đỗ Quang Minh", "Trần Văn Khải") not in rels


def test_bodies_that_agree_to_sign_are_parties():
    out = run("Sở Ngoại vụ tỉnh Lào Cai và Văn phòng Ngoại sự tỉnh Vân Nam nhất trí ký Thỏa thuận thiết lập "
              "cơ chế gặp gỡ định kỳ.")
    rels = {r for r in relations(out) if r[0] == "SIGNED"}
    assert {r[1] for r in rels} == {"Sở Ngoại vụ tỉnh Lào Cai", "Văn phòng Ngoại sự tỉnh Vân Nam"}


def test_a_short_reference_to_an_agreement_signed_by_the_two_who_met():
    out = run("Bộ trưởng Ngoại giao Phan Văn Lộc hội đàm với Bộ trưởng Ngoại giao Chile Ana Torres. "
              "Hai bên nhất trí nội dung Bản ghi nhớ về tham vấn chính trị giữa hai Bộ Ngoại giao. "
              "Cuối buổi, hai bộ trưởng đã ký Bản ghi nhớ.")
    rels = relations(out)
    agreement = "Bản ghi nhớ về tham vấn chính trị giữa hai Bộ Ngoại giao"
    assert ("SIGNED", "Phan Văn Lộc", agreement) in rels
    assert ("SIGNED", "Ana Torres", agreement) in rels


def test_a_foreign_guest_and_spouse_visit_viet_nam():
    out = run("Thủ tướng Ethiopia Kebede Alemu và Phu nhân Hana Desta đến Hà Nội, bắt đầu thăm chính thức Việt Nam.")
    rels = relations(out)
    for person in ("Kebede Alemu", "Hana Desta"):
        assert ("VISITED", person, "Việt Nam") in rels
        assert ("VISITED", person, "Hà Nội") in rels


def test_the_leader_on_whose_trip_ministers_sign_does_not_sign():
    out = run("Nhân chuyến thăm chính thức Chile của Chủ tịch nước Trần Văn Khải, Bộ trưởng Bộ Tài chính "
              "Đỗ Hữu Nghĩa và Bộ trưởng Bộ Tài chính Chile Luis Herrera đã ký Thỏa thuận về hợp tác tài chính.")
    rels = relations(out)
    assert ("SIGNED", "Đỗ Hữu Nghĩa", "Thỏa thuận về hợp tác tài chính") in rels
    assert ("SIGNED", "Trần Văn Khải", "Thỏa thuận về hợp tác tài chính") not in rels
    assert ("VISITED", "Trần Văn Khải", "Chile") in rels


def test_a_bare_title_is_the_one_person_holding_it():
    out = run("Thủ tướng Lâm Quốc Hưng đến Santiago, bắt đầu chuyến thăm chính thức Chile. "
              "Chiều cùng ngày, Thủ tướng đã hội đàm với Tổng thống Chile Pablo Ramírez.")
    assert ("MET", "Lâm Quốc Hưng", "Pablo Ramírez") in relations(out)


def test_a_bare_title_two_people_hold_stays_unresolved():
    out = run("Thủ tướng Lâm Quốc Hưng tiếp Thủ tướng Lào Somphet Vongsa. "
              "Thủ tướng đã hội đàm với Tổng thống Chile Pablo Ramírez.")
    assert not any(r[0] == "MET" and "Pablo Ramírez" in r[1:] for r in relations(out))


def test_attendees_of_talks_are_not_attendees_of_the_last_event():
    out = run("Diễn đàn Doanh nghiệp Việt Nam - Chile năm 2025 đã khai mạc sáng nay. "
              "Dự hội đàm có Thứ trưởng Bộ Ngoại giao Phan Văn Lộc.")
    assert not any(r[0] == "PARTICIPATED_IN" and r[1] == "Phan Văn Lộc" for r in relations(out))


def test_goods_sent_abroad_and_an_invitation_are_no_visit():
    out = run("Thủ tướng Lâm Quốc Hưng đề nghị thúc đẩy xuất khẩu nông sản sang Australia. "
              "Thủ tướng Lâm Quốc Hưng mời Tổng thống Chile Pablo Ramírez sang Việt Nam.")
    rels = relations(out)
    assert ("VISITED", "Lâm Quốc Hưng", "Australia") not in rels
    assert ("VISITED", "Pablo Ramírez", "Việt Nam") not in rels


def test_a_consul_at_an_event_in_the_city_of_posting_did_not_visit():
    out = run("Ngày 3/3, tại thành phố Côn Minh, Tổng Lãnh sự Việt Nam tại Côn Minh Ngô Đức Hạnh "
              "đã gặp Giám đốc Sở Ngoại vụ tỉnh Vân Nam Lý Minh.")
    assert not any(r[0] == "VISITED" and r[1] == "Ngô Đức Hạnh" for r in relations(out))


# -- coordination lists -------------------------------------------------------------------------

def test_a_visit_to_a_list_of_provinces_visits_each():
    out = run("Đoàn đại biểu Bộ Ngoại giao do Thứ trưởng Hà Văn Bình dẫn đầu đã thăm các tỉnh Vân Nam, "
              "Quảng Tây và tỉnh Quý Châu của Trung Quốc.")
    rels = relations(out)
    for province in ("Vân Nam", "Quảng Tây", "Quý Châu"):
        assert ("VISITED", "Hà Văn Bình", province) in rels
        assert ("VISITED", "Bộ Ngoại giao", province) in rels
    assert ("VISITED", "Hà Văn Bình", "Trung Quốc") in rels


def test_cooperation_with_a_list_of_provinces_holds_for_each():
    out = run("Sở Ngoại vụ tỉnh Lạng Sơn phối hợp với các tỉnh Vân Nam, Quảng Tây và Quảng Đông tổ chức hội chợ.")
    rels = relations(out)
    for province in ("Vân Nam", "Quảng Tây", "Quảng Đông"):
        assert ("COOPERATES_WITH", "Sở Ngoại vụ tỉnh Lạng Sơn", province) in rels


def test_attending_an_event_held_abroad_is_a_visit_there_too():
    out = run("Phó Chủ tịch nước Vũ Đức Khang tham dự Hội nghị Phụ nữ thế giới lần thứ 6 được tổ chức "
              "tại Geneva và thăm chính thức Thụy Sĩ.")
    rels = relations(out)
    assert ("VISITED", "Vũ Đức Khang", "Thụy Sĩ") in rels
    assert ("VISITED", "Vũ Đức Khang", "Geneva") in rels


def test_a_local_leader_abroad_comes_from_the_country_of_the_province():
    out = run("Ngày 5/4, tại Thủ đô Viêng Chăn, Chủ tịch UBND tỉnh Lào Cai Lê Minh Tâm đã hội đàm với "
              "Tỉnh trưởng tỉnh Luang Namtha Bounmy Keola.")
    rels = relations(out)
    assert ("VISITED", "Lê Minh Tâm", "Viêng Chăn") in rels
    assert ("VISITED", "Lê Minh Tâm", "Lào") in rels


def test_the_person_a_ceremony_is_held_for_takes_part():
    out = run("Chủ tịch nước Trần Văn Khải chủ trì Lễ đón Tổng thống Chile Pablo Ramírez theo nghi thức cao nhất.")
    rels = relations(out)
    event = "Lễ đón Tổng thống Chile Pablo Ramírez"
    assert ("PARTICIPATED_IN", "Trần Văn Khải", event) in rels
    assert ("PARTICIPATED_IN", "Pablo Ramírez", event) in rels


# -- posts the title chain cannot place -----------------------------------------------------------

def test_foreign_head_of_state_without_a_country_holds_the_post_in_the_articles_foreign_country():
    out = run("Chủ tịch nước Trần Văn Khải đã hội đàm với Tổng thống Carlos Mendoza trong chuyến thăm "
              "chính thức Brazil.")
    rels = relations(out)
    assert ("HOLDS_POSITION", "Carlos Mendoza", "Brazil") in rels
    assert rule_of("Chủ tịch nước Trần Văn Khải đã hội đàm với Tổng thống Carlos Mendoza trong chuyến thăm "
                   "chính thức Brazil.", "HOLDS_POSITION", "Carlos Mendoza", "Brazil") > 0
    assert not any(r[0] == "HOLDS_POSITION" and r[1] == "Trần Văn Khải" and r[2] == "Brazil" for r in rels)


def test_memorandum_between_two_localities_is_signed_by_both():
    text = ("Đoàn đại biểu tỉnh Nghệ An đã thăm tỉnh Champasak từ ngày 10 đến 12/9/2023. Tại buổi làm việc, "
            "hai bên đã trao Biên bản ghi nhớ về hợp tác giữa hai bên trong lĩnh vực giáo dục.")
    record = "Biên bản ghi nhớ về hợp tác giữa hai bên trong lĩnh vực giáo dục"
    assert rule_of(text, "SIGNED", "Nghệ An", record) > 0
    assert rule_of(text, "SIGNED", "Champasak", record) > 0


def test_title_after_a_dash_is_the_persons_post():
    text = ("Dự buổi làm việc có ông John Miller - Thống đốc bang Iowa và ông Lê Văn Tâm - Phó Chủ tịch "
            "UBND tỉnh Ninh Bình.")
    rels = relations(run(text))
    assert ("HOLDS_POSITION", "John Miller", "Iowa") in rels
    assert ("HOLDS_POSITION", "Lê Văn Tâm", "UBND tỉnh Ninh Bình") in rels


def test_leader_of_a_foreign_delegation_comes_from_the_bodys_country():
    text = ("Sáng thứ Ba, Đoàn công tác của Bộ Tài chính Trung Quốc do ông Quách Văn Minh, Thứ trưởng, "
            "dẫn đầu đã đến thăm Việt Nam để trao đổi về thuế quan.")
    rels = relations(run(text))
    assert ("VISITED", "Quách Văn Minh", "Việt Nam") in rels
    assert ("HOLDS_POSITION", "Quách Văn Minh", "Bộ Tài chính") in rels  # the ministry his delegation is of
    assert ("HOLDS_POSITION", "Quách Văn Minh", "Việt Nam") not in rels
    assert rule_of(text, "VISITED", "Quách Văn Minh", "Việt Nam") > 0


def test_passive_co_chairs_chair_the_event_referred_to_by_its_short_form():
    text = ("Ngày 8/10, tại Rabat diễn ra Phiên họp lần thứ 6 Ủy ban hỗn hợp Việt Nam - Maroc. "
            "Phiên họp được đồng chủ trì bởi Thứ trưởng Bộ Công Thương Việt Nam Đinh Văn Khoa "
            "và Tổng thư ký Bộ Ngoại giao Maroc Youssef Amrani.")
    event = "Phiên họp lần thứ 6 Ủy ban hỗn hợp Việt Nam - Maroc"
    assert rule_of(text, "PARTICIPATED_IN", "Đinh Văn Khoa", event) > 0
    assert rule_of(text, "PARTICIPATED_IN", "Youssef Amrani", event) > 0


def test_delegation_meeting_its_consulate_abroad_visits_the_consulates_city():
    text = ("Thành phần đoàn có ông Lò Văn Hải - Chủ tịch UBND tỉnh Yên Bái làm Trưởng đoàn và các ông: "
            "Vũ Minh Châu - Giám đốc Sở Ngoại vụ; Tạ Quang Hòa - Giám đốc Sở Du lịch. "
            "Đoàn do ông Lò Văn Hải dẫn đầu đã làm việc với Tổng Lãnh sự quán Việt Nam tại thành phố "
            "Vladivostok, Liên bang Nga.")
    for person in ("Lò Văn Hải", "Vũ Minh Châu", "Tạ Quang Hòa"):
        assert rule_of(text, "VISITED", person, "Vladivostok") > 0


def test_a_diplomat_of_the_mission_does_not_visit_its_place():
    text = ("Công sứ Đỗ Thị Lan đã làm việc với Đại sứ quán Việt Nam tại Canada về công tác bảo hộ "
            "công dân.")
    rels = relations(run(text))
    assert not any(r[0] == "VISITED" and r[1] == "Đỗ Thị Lan" for r in rels)


def test_organization_whose_name_ends_with_another_is_part_of_it():
    text = ("Ông Trịnh Văn Đạt, Phó Trưởng Ban Đối ngoại Trung ương Đảng Cộng sản Việt Nam, đã tiếp "
            "đoàn khách nước ngoài tại trụ sở.")
    assert rule_of(text, "PART_OF", "Ban Đối ngoại Trung ương Đảng Cộng sản Việt Nam",
                   "Đảng Cộng sản Việt Nam") > 0


def test_delegation_members_do_not_inherit_their_heads_participation():
    text = ("Ngày 4/11, Thủ tướng Hoàng Minh Tuấn đến Bangkok, Thái Lan và dự Hội nghị Cấp cao Á - Âu "
            "lần thứ 20. Tháp tùng Thủ tướng có Bộ trưởng Ngoại giao Ninh Văn Quý.")
    rels = relations(run(text))
    assert rule_of(text, "VISITED", "Ninh Văn Quý", "Bangkok") > 0
    assert ("PARTICIPATED_IN", "Hoàng Minh Tuấn", "Hội nghị Cấp cao Á - Âu lần thứ 20") in rels
    assert not any(r[0] == "PARTICIPATED_IN" and r[1] == "Ninh Văn Quý" for r in rels)


def test_members_of_a_trip_made_to_attend_an_event_attend_it():
    text = ("Sáng 2/6, Chủ tịch nước Đào Quang Vinh và đoàn đại biểu cấp cao lên đường sang Chile tham dự "
            "Hội nghị Cấp cao Thái Bình Dương lần thứ 5. Tham gia đoàn có Thứ trưởng Ngoại giao Lương Thị Hà.")
    event = "Hội nghị Cấp cao Thái Bình Dương lần thứ 5"
    assert rule_of(text, "PARTICIPATED_IN", "Lương Thị Hà", event) > 0


def test_foreign_ambassador_named_by_country_only_is_posted_to_viet_nam():
    text = ("Chiều 9/5, Bộ trưởng Ngoại giao Trần Minh Đức đã tiếp Đại sứ Canada Robert Kingsley "
            "chào từ biệt trước khi kết thúc nhiệm kỳ công tác tại Việt Nam.")
    assert rule_of(text, "POSTED_TO", "Robert Kingsley", "Việt Nam") > 0
    assert not any(r[0] == "VISITED" and r[1] == "Robert Kingsley" and r[2] == "Việt Nam"
                   for r in relations(run(text)))
