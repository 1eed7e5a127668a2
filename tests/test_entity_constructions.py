"""One small test per entity construction the extractor reads (invented sentences, no article text)."""

from __future__ import annotations

import hashlib

from kg.extract.pipeline import extract, to_score_record
from kg.model import Document


def run(text: str) -> dict:
    doc = Document(id="article:c", name="c", source="c.txt", text=text, published="2024-05-01",
                   sha256=hashlib.sha256(text.encode()).hexdigest())
    return to_score_record(next(extract([doc])))


def names(out: dict, type_: str) -> set[str]:
    return {e["name"] for e in out["entities"] if e["type"] == type_}


def keyed(out: dict, type_: str) -> set[tuple[str, str]]:
    return {(e["name"], e["props"].get("country", "")) for e in out["entities"] if e["type"] == type_}


def relations(out: dict) -> set[tuple[str, str, str]]:
    name = {e["id"]: e["name"] for e in out["entities"]}
    return {(r["type"], name[r["source"]], name[r["target"]]) for r in out["relations"]}


# -- foreign name shapes ------------------------------------------------------------------

def test_hyphenated_name_parts():
    out = run("Thủ tướng Thái Lan Somchai Kit-anan tiếp Đại sứ Hàn Quốc Kim Min-jae tại Bangkok.")
    assert {"Somchai Kit-anan", "Kim Min-jae"} <= names(out, "Person")


def test_particles_inside_foreign_names():
    out = run("Bộ trưởng Ngoại giao Oman Salim bin Rashid Al Harthy hội đàm với Tổng thống Brazil "
              "Paulo da Costa Lima.")
    assert {"Salim bin Rashid Al Harthy", "Paulo da Costa Lima"} <= names(out, "Person")


def test_initials_before_a_surname():
    out = run("Thủ tướng Nga A. Petrovsky và Chủ tịch Quốc hội Nepal R.K. Thapa Magar đã gửi điện mừng.")
    assert {"A. Petrovsky", "R.K. Thapa Magar"} <= names(out, "Person")


def test_spellings_with_and_without_hyphen_are_one_person():
    out = run("Tổng thống Hàn Quốc Lee Sun-ho tới Hà Nội. Tổng thống Lee Sun Ho thăm Hải Phòng.")
    people = [e for e in out["entities"] if e["type"] == "Person"]
    assert len(people) == 1


def test_original_name_in_brackets_keys_the_person():
    out = run("Bộ trưởng Phạm Văn Lợi tiếp Đại sứ Ca-na-đa Giôn Mít-xơn (John Mitson). "
              "Đại sứ Giôn Mít-xơn cảm ơn Bộ trưởng.")
    people = {e["name"]: e for e in out["entities"] if e["type"] == "Person"}
    assert "John Mitson" in people
    assert "Giôn Mít-xơn" in people["John Mitson"]["aliases"]
    assert len(people) == 2


# -- titles after the name ------------------------------------------------------------------

def test_list_of_names_before_their_titles():
    out = run("Cùng đi có các đồng chí: Nguyễn Văn Khải, Giám đốc Sở Ngoại vụ; "
              "Lê Thị Hoa - Chánh Văn phòng UBND tỉnh; Trần Minh Đức - Phó Giám đốc Sở Tài chính.")
    assert {"Nguyễn Văn Khải", "Lê Thị Hoa", "Trần Minh Đức"} <= names(out, "Person")


def test_name_after_a_dash_behind_the_title():
    out = run("Bí thư Tỉnh ủy Nghệ An - Hồ Văn Tâm phát biểu tại buổi tiếp.")
    assert "Hồ Văn Tâm" in names(out, "Person")


# -- not persons -------------------------------------------------------------------------------

def test_generic_words_do_not_open_a_name():
    out = run("Thứ trưởng Bộ Phát triển Cộng đồng Nam Phi tiếp Thống đốc Bang Ohio Tỉnh Trưởng Ba "
              "và Chủ tịch Phòng Thương mại Kenya.")
    assert not {n for n in names(out, "Person") if n.split()[0] in {"Bộ", "Bang", "Phòng", "Tỉnh"}}


def test_title_inside_an_event_name_is_no_post():
    out = run("Đoàn dự Hội nghị Bộ trưởng Ngoại giao Mê Công - Lan Thương lần thứ 5.")
    assert not names(out, "Person")


# -- foreign state bodies and local governments ----------------------------------------------

def test_foreign_parliament_and_government_keep_their_country():
    out = run("Chủ tịch Hạ viện Canada Robert Milne gặp đại diện Chính phủ Lào và Quốc hội Việt Nam.")
    orgs = names(out, "Organization")
    assert {"Hạ viện Canada", "Chính phủ Lào"} <= orgs
    assert "Chính phủ" not in orgs
    assert "Robert Milne" in names(out, "Person")


def test_local_government_of_a_foreign_province():
    out = run("Tỉnh Đồng Nai ký kết với Chính quyền bang Nebraska và chính quyền thành phố Thanh Đảo.")
    assert {"Chính quyền bang Nebraska", "chính quyền thành phố Thanh Đảo"} <= names(out, "Organization")
    assert not any(n.lower() == "chính quyền" for n in names(out, "Organization"))


def test_committee_name_with_two_fields_and_its_parliament():
    out = run("Đại tướng Trần Văn Sơn hội đàm với Chủ nhiệm Ủy ban Đối ngoại và An ninh của Quốc hội Lào "
              "Bounmy Sayavong.")
    assert "Ủy ban Đối ngoại và An ninh của Quốc hội Lào" in names(out, "Organization")
    assert "Bounmy Sayavong" in names(out, "Person")


# -- foreign ministries keyed to their own country --------------------------------------------

def test_minister_with_fields_and_no_bo_names_a_foreign_ministry():
    out = run("Tổng thống Hàn Quốc thăm Việt Nam. Tham gia đoàn có Bộ trưởng Ngoại giao Choi Min-soo; "
              "Bộ trưởng Công nghiệp, Thương mại và Năng lượng Kang Hyun Woo.")
    ministries = keyed(out, "Ministry")
    assert ("Bộ Ngoại giao", "KOR") in ministries
    assert ("Bộ Công nghiệp, Thương mại và Năng lượng", "KOR") in ministries
    assert not {m for m in ministries if m[1] == "VNM"}


def test_foreign_officials_ministry_written_without_country():
    out = run("Đoàn Chile gồm Bộ trưởng Bộ Tư pháp Pablo Rojas Vera. "
              "Thứ trưởng Bộ Tư pháp Nguyễn Thanh Bình tiếp đoàn.")
    ministries = keyed(out, "Ministry")
    assert ("Bộ Tư pháp", "CHL") in ministries
    assert ("Bộ Tư pháp", "VNM") in ministries


def test_ministry_viet_nam_does_not_have_is_foreign():
    out = run("Bộ trưởng Bộ Thương mại và Du lịch Australia Tom Barrow thăm Hà Nội. "
              "Bộ Thương mại và Du lịch sẽ mở văn phòng mới.")
    ministries = keyed(out, "Ministry")
    assert ministries == {("Bộ Thương mại và Du lịch", "AUS")}


# -- places -------------------------------------------------------------------------------------

def test_place_keeps_its_written_form():
    out = run("Đoàn tới thủ đô Viêng Chăn rồi về TPHCM.")
    assert keyed(out, "City") >= {("Viêng Chăn", "LAO")} or keyed(out, "City") >= {("Vientiane", "LAO")}
    provinces = {e["name"]: e for e in out["entities"] if e["type"] == "Province"}
    assert "HCM" in provinces
    assert provinces["HCM"]["id"] == "Province:province:ho-chi-minh"
    assert "TPHCM" in provinces["HCM"]["aliases"]


def test_place_inside_a_name_of_a_person_or_school_is_no_place():
    out = run("Đoàn viếng Chủ tịch Hồ Chí Minh và thăm Học viện Chính trị Quốc gia Hồ Chí Minh.")
    assert "Hồ Chí Minh" in names(out, "Person")
    assert not names(out, "Province")


# -- agreements and events ----------------------------------------------------------------------

def test_signed_record_in_lower_case_is_an_agreement():
    out = run("Hai bên đã ký kết biên bản hợp tác giai đoạn 2025 - 2027 giữa tỉnh Cao Bằng và tỉnh Bắc Kạn.")
    assert any(n.startswith("biên bản hợp tác giai đoạn 2025") for n in names(out, "Agreement"))


def test_agreement_between_parties_each_with_its_country_in_brackets():
    out = run("Hai bên ký Bản ghi nhớ giữa Ủy ban nhân dân tỉnh Long An (Việt Nam) và Chính quyền bang Iowa "
              "(Hoa Kỳ) về việc thiết lập quan hệ hữu nghị, với sự chứng kiến của lãnh đạo.")
    assert names(out, "Agreement") == {"Bản ghi nhớ giữa Ủy ban nhân dân tỉnh Long An (Việt Nam) và Chính quyền "
                                       "bang Iowa (Hoa Kỳ) về việc thiết lập quan hệ hữu nghị"}
    assert {("SIGNED", "Ủy ban nhân dân tỉnh Long An"), ("SIGNED", "Chính quyền bang Iowa")} <= {
        (r, h) for r, h, _ in relations(out)}


def test_generic_lower_case_record_is_no_agreement():
    out = run("Các địa phương cần thực hiện tốt biên bản hợp tác đã có.")
    assert not names(out, "Agreement")


def test_numbered_meeting_in_lower_case_is_an_event():
    out = run("Hai đơn vị đã chủ trì hội nghị tổng kết tuần tra chung lần thứ 12 tại Kiên Giang.")
    assert any("lần thứ 12" in n for n in names(out, "Event"))


def test_event_name_ends_before_its_verb():
    out = run("Hội nghị Thượng đỉnh Nam Á 2030 diễn ra trong ba ngày tại Colombo.")
    assert "Hội nghị Thượng đỉnh Nam Á 2030" in names(out, "Event")


def test_protocol_department_opens_no_ceremony():
    out = run("Dự có Cục trưởng Cục Lễ tân Bộ Ngoại giao Ai Cập Omar Fathy Hassan.")
    assert not names(out, "Event")
    assert "Omar Fathy Hassan" in names(out, "Person")


def test_parliamentarians_group_is_no_conference():
    out = run("Chủ tịch Hội nghị sĩ Hữu nghị Việt Nam - Chile Trần Văn Bình tiếp đoàn.")
    assert not names(out, "Event")
    assert "Trần Văn Bình" in names(out, "Person")


# -- organizations ----------------------------------------------------------------------------------

def test_government_in_the_title_of_a_named_head_of_government_is_no_body():
    out = run("Thủ tướng Chính phủ Lê Minh Tâm tiếp đoàn.")
    assert "Chính phủ" not in names(out, "Organization")
    out = run("Đề án đã được Thủ tướng Chính phủ phê duyệt.")
    assert "Chính phủ" in names(out, "Organization")


def test_news_agency_cited_as_source_is_no_entity():
    out = run("Theo phóng viên TTXVN tại Đức, đoàn đã tới Berlin. (Ảnh: Minh Khôi/TTXVN)")
    assert "TTXVN" not in names(out, "Organization")
    out = run("Tổng Giám đốc TTXVN Hoàng Văn Sáu tiếp đoàn.")
    assert "TTXVN" in names(out, "Organization")


def test_title_that_starts_like_a_body_opens_no_body():
    out = run("Cục trưởng Cục Lãnh sự Phan Văn Khương trao giấy phép.")
    assert names(out, "Organization") == {"Cục Lãnh sự"}


def test_consulate_general_is_one_body():
    out = run("Đoàn làm việc với Tổng Lãnh sự quán Việt Nam tại Osaka.")
    assert names(out, "Organization") == {"Tổng Lãnh sự quán Việt Nam tại Osaka"}


def test_parliament_written_with_two_forms_of_its_country_is_one_body():
    out = run("Chủ tịch Quốc hội Cộng hòa Bulgaria thăm Hà Nội. Quốc hội Bulgaria mong muốn hợp tác.")
    assert names(out, "Organization") == {"Quốc hội Cộng hòa Bulgaria"}


def test_committee_of_a_foreign_party_and_the_party():
    out = run("Dự có ông Bounmy Chanthala, Ủy viên Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào.")
    assert {"Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào", "Đảng Nhân dân Cách mạng Lào"} \
        <= names(out, "Organization")


def test_known_body_inside_a_known_body_is_an_entity_too():
    out = run("Việt Nam là Ủy viên không thường trực Hội đồng Bảo an Liên hợp quốc.")
    assert "Liên hợp quốc" in names(out, "Organization")


def test_embassy_or_chamber_alone_is_a_body_when_nothing_longer_is_named():
    out = run("Đoàn gặp Chủ tịch Thượng viện và cán bộ Đại sứ quán.")
    assert {"Thượng viện", "Đại sứ quán"} <= names(out, "Organization")
    out = run("Cán bộ Đại sứ quán Việt Nam tại Peru đón đoàn. Đại sứ quán đã chuẩn bị chu đáo.")
    assert names(out, "Organization") == {"Đại sứ quán Việt Nam tại Peru"}


def test_provincial_party_committee_in_lower_case():
    out = run("Ông Lò Văn Sính, Phó Bí thư tỉnh ủy Lai Châu, tiếp đoàn.")
    assert any(n.lower() == "tỉnh ủy lai châu" for n in names(out, "Organization"))


# -- a person behind a long body ------------------------------------------------------------------

def test_person_after_a_body_with_its_acronym_in_brackets():
    out = run("Phó Trưởng Đại diện Quỹ Nhi đồng Liên hợp quốc (UNICEF) Helen Barrow phát biểu.")
    assert "Helen Barrow" in names(out, "Person")


def test_vietnamese_name_ends_a_committee_name():
    out = run("Đón đoàn có Phó Chủ nhiệm Ủy ban Đối ngoại Lê Anh Dũng.")
    assert "Ủy ban Đối ngoại" in names(out, "Organization")
    assert "Lê Anh Dũng" in names(out, "Person")
    assert not names(out, "Country")


def test_title_whose_body_is_a_place():
    out = run("Phó Thống đốc Ankara Mehmet Kaya và Thống đốc bang Victoria Jane Connor dự lễ.")
    assert {"Mehmet Kaya", "Jane Connor"} <= names(out, "Person")
    rels = relations(out)
    assert ("HOLDS_POSITION", "Mehmet Kaya", "Ankara") in rels
    assert ("HOLDS_POSITION", "Jane Connor", "Victoria") in rels


def test_listed_ministries_are_one_entity_each():
    out = run("Dự có đại diện các Bộ Xây dựng, Tài chính, Văn hóa, Thể thao và Du lịch.")
    assert keyed(out, "Ministry") == {("Bộ Xây dựng", "VNM"), ("Bộ Tài chính", "VNM"),
                                      ("Bộ Văn hóa, Thể thao và Du lịch", "VNM")}


def test_foreign_ministry_field_the_lexicon_lacks():
    out = run("Quốc vụ khanh Bộ Kinh tế và Bảo vệ khí hậu Đức Anna Berg phát biểu.")
    assert ("Bộ Kinh tế và Bảo vệ khí hậu", "DEU") in keyed(out, "Ministry")
    assert "Anna Berg" in names(out, "Person")


def test_honorific_inside_a_place_name_is_no_honorific():
    out = run("Lãnh đạo tỉnh Bà Rịa - Vũng Tàu tiếp đoàn.")
    assert keyed(out, "Province") == {("Bà Rịa - Vũng Tàu", "VNM")}
    assert not names(out, "Person")


def test_venue_is_no_event_nor_body():
    out = run("Thủ tướng tới Trung tâm Hội nghị Quốc gia dự tiệc chiêu đãi.")
    assert not names(out, "Event")
    assert not names(out, "Organization")


def test_event_name_ends_before_a_lower_case_conjunct():
    out = run("Chủ tịch nước dự Lễ đón chính thức Tổng thống Peru và phu nhân tại Phủ Chủ tịch.")
    assert "Lễ đón chính thức Tổng thống Peru" in names(out, "Event")


def test_reference_back_to_an_event_is_no_new_event():
    out = run("Tại hội nghị lần thứ 7 này, hai bên thống nhất kế hoạch. Đoàn dự Lễ ký kết Hiệp định.")
    assert not names(out, "Event")


def test_names_of_one_event_that_differ_in_generic_words_or_ordinals_are_one_event():
    out = run("Thủ tướng dự Hội nghị Thượng đỉnh Mekong - Nhật Bản mở rộng lần thứ ba (MJS) hôm nay. "
              "Bên lề Hội nghị Mekong - Nhật Bản lần thứ 3, Thủ tướng gặp các nhà đầu tư.")
    events = [e for e in out["entities"] if e["type"] == "Event"]
    assert [e["name"] for e in events] == ["Hội nghị Thượng đỉnh Mekong - Nhật Bản mở rộng lần thứ ba"]
    assert "Hội nghị Mekong - Nhật Bản lần thứ 3" in events[0]["aliases"]


def test_an_event_name_goes_on_through_a_first_ordinal():
    out = run("Hai bên tổ chức Cuộc họp Tham vấn chính trị Việt Nam - Lào lần thứ nhất vào chiều nay.")
    assert names(out, "Event") == {"Cuộc họp Tham vấn chính trị Việt Nam - Lào lần thứ nhất"}


def test_names_of_two_events_with_other_numbers_or_other_parties_stay_apart():
    out = run("Bộ trưởng dự Hội nghị Bộ trưởng Mekong - Nhật Bản lần thứ hai và Hội nghị Bộ trưởng Mekong - "
              "Nhật Bản lần thứ 3. Ông cũng dự Hội nghị Cấp cao ASEAN - Nhật Bản và Hội nghị Cấp cao ASEAN - Ấn Độ.")
    assert names(out, "Event") == {"Hội nghị Bộ trưởng Mekong - Nhật Bản lần thứ hai",
                                   "Hội nghị Bộ trưởng Mekong - Nhật Bản lần thứ 3",
                                   "Hội nghị Cấp cao ASEAN - Nhật Bản", "Hội nghị Cấp cao ASEAN - Ấn Độ"}


# -- look-alike letters and headlines ------------------------------------------------------------

def test_eth_is_read_as_d_with_stroke():
    out = run("Phó Thủ tướng Vũ Ðức Ðông cùng Ðoàn đại biểu tới Ðà Nẵng.")
    assert "Vũ Ðức Ðông" in names(out, "Person")  # as written: no other spelling in the text
    assert "Province:province:da-nang" in {e["id"] for e in out["entities"]}
    out = run("Phó Thủ tướng Vũ Ðức Ðông tới Huế. Phó Thủ tướng Vũ Đức Đông thăm trường.")
    assert [e["name"] for e in out["entities"] if e["type"] == "Person"] == ["Vũ Đức Đông"]


def test_acronym_inside_a_capitalized_headline_is_no_body():
    out = run("CHỦ TỊCH QUỐC HỘI CHILE THĂM VIỆT NAM\n\nChủ tịch Quốc hội Chile thăm Hà Nội.")
    assert not {n for n in names(out, "Organization") if n.isupper()}


def test_intergovernmental_names_no_government():
    out = run("Hai bên dự phiên họp Ủy ban liên Chính phủ về hợp tác kinh tế.")
    assert "Chính phủ" not in names(out, "Organization")


def test_kiem_joins_two_titles_of_one_person():
    out = run("Tổng thống Hàn Quốc tới Hà Nội. Đi cùng có Phó Thủ tướng kiêm Bộ trưởng Chiến lược "
              "và Tài chính Kim Sang Woo.")
    assert "Kim Sang Woo" in names(out, "Person")
    assert ("Bộ Chiến lược và Tài chính", "KOR") in keyed(out, "Ministry")


def test_senate_alone_before_a_name():
    out = run("Chủ tịch Thượng viện Sok Vanna tham dự lễ.")
    assert "Thượng viện" in names(out, "Organization")
    assert "Sok Vanna" in names(out, "Person")


def test_armed_forces_chambers_and_friendship_associations():
    out = run("Tàu của Hải quân nhân dân Việt Nam thăm cảng; Hạm đội Biển Đen đón đoàn. "
              "Đoàn làm việc với Phòng Thương mại và Công nghiệp Kenya và Hội hữu nghị Việt Nam - Kenya.")
    orgs = names(out, "Organization")
    assert {"Hải quân nhân dân Việt Nam", "Hạm đội Biển Đen", "Phòng Thương mại và Công nghiệp Kenya",
            "Hội hữu nghị Việt Nam - Kenya"} <= orgs


def test_agreement_title_in_capitals_reads_on_at_va():
    out = run("Hai nước ký Hiệp định Đối tác Toàn diện và Bền vững Khu vực Ấn Độ Dương.")
    assert any(n.startswith("Hiệp định Đối tác Toàn diện và Bền vững") for n in names(out, "Agreement"))


def test_no_agreement_inside_an_organization_name():
    out = run("Việt Nam dự phiên họp của Ủy ban Hiệp ước Nam Cực về bảo vệ môi trường.")
    assert not names(out, "Agreement")


def test_agreement_referred_back_to_is_no_new_agreement():
    out = run("Hai Bộ trưởng đã cùng ký Hiệp định quan trọng này tại Hà Nội.")
    assert not names(out, "Agreement")


def test_place_inside_a_blocked_phrase_of_a_name_is_no_place():
    out = run("Hai nước ký Hiệp định Đối tác Toàn diện và Bền vững Khu vực Ấn Độ Dương.")
    assert not names(out, "Country")


def test_person_behind_a_body_the_lexicon_cannot_read():
    out = run("Thứ trưởng thường trực Bộ ngoại giao Phan Quốc Huy phát biểu. Dự lễ có Chủ tịch Ủy ban "
              "Thường trực của Hạ viện về đối ngoại Pavel Andreyevich Kozlov.")
    assert {"Phan Quốc Huy", "Pavel Andreyevich Kozlov"} <= names(out, "Person")


def test_no_person_from_the_middle_of_a_known_or_capitalized_name():
    out = run("Chủ tịch Hội hữu nghị nhân dân Trung Quốc Vương Lâm và Chủ tịch Phủ Giáo Hoàng tiếp đoàn.")
    people = names(out, "Person")
    assert not {p for p in people if p.startswith(("Quốc", "Giáo"))}


def test_republic_abbreviated_before_a_country():
    out = run("Chủ tịch nước tiếp Bộ trưởng Bộ Nông nghiệp và Nguồn nước CH Uzbekistan Aziz Karimov.")
    assert ("Bộ Nông nghiệp và Nguồn nước", "UZB") in keyed(out, "Ministry")


def test_minister_of_international_trade_of_a_foreign_name():
    out = run("Vương quốc Anh cử Bộ trưởng Thương mại quốc tế Helen Carter sang Hà Nội.")
    assert ("Bộ Thương mại quốc tế", "GBR") in keyed(out, "Ministry")


def test_place_inside_a_known_organization_name_is_no_place():
    out = run("Thủ tướng dự Hội nghị Thượng đỉnh Tổ chức Hợp tác Thượng Hải mở rộng.")
    assert not names(out, "City")


def test_byline_place_is_no_place():
    out = run("Minh Khang (từ Praha)\n\nChủ tịch Quốc hội gặp Thủ tướng Lào.")
    assert not names(out, "City")


def test_forum_named_by_a_known_acronym_is_the_organization():
    out = run("Hai nước là thành viên Diễn đàn hợp tác kinh tế châu Á-Thái Bình Dương (APEC).")
    assert not names(out, "Event")
    assert any("APEC" in e["aliases"] for e in out["entities"] if e["type"] == "Organization")


def test_ceremony_name_ends_before_and_an_honorific():
    out = run("Chủ tịch nước chủ trì Lễ đón Tổng thống Peru và Phu nhân.")
    assert names(out, "Event") == {"Lễ đón Tổng thống Peru"}


def test_palace_named_after_a_title_gives_no_post():
    out = run("Lễ trình quốc thư diễn ra tại Phủ Tổng thống Rashtrapati Nilayam.")
    assert not names(out, "Person")
    out = run("Chánh Văn phòng Phủ Tổng thống Chile Rosa Vidal Soto dự lễ.")
    assert "Văn phòng Phủ Tổng thống Chile" in names(out, "Organization")
    assert "Rosa Vidal Soto" in names(out, "Person")


def test_lao_province_in_a_press_spelling():
    out = run("Ông Sounthone Keo, Bí thư, Tỉnh trưởng tỉnh Xieng Khoang, tiếp đoàn tỉnh Nghệ An.")
    assert ("Xieng Khoang", "LAO") in keyed(out, "Province")
    assert "Xieng Khoang" not in names(out, "Person")


def test_consulates_of_several_countries_are_no_body():
    out = run("Dự lễ có các quan chức Lãnh sự quán các nước Lào, Campuchia và Thái Lan.")
    assert "Lãnh sự quán" not in names(out, "Organization")


# -- countries the text does not name --------------------------------------------------


def test_a_province_does_not_name_its_country():
    out = run("Chủ tịch UBND tỉnh Quảng Nam Lê Văn Bình tiếp Tổng Lãnh sự Hàn Quốc tại Đà Nẵng Park Ji-hoon.")
    countries = {e["props"]["iso3"] for e in out["entities"] if e["type"] == "Country"}
    assert "KOR" in countries and "VNM" not in countries


# -- ministries -------------------------------------------------------------------------


def test_ministry_fields_with_a_lower_case_part():
    out = run("Thứ trưởng Bộ Năng lượng mỏ Lào Bounthavy Sengdara và Thứ trưởng Bộ Khoa học và giáo dục "
              "đại học Nga Ivan Petrov đã tới Hà Nội.")
    assert {("Bộ Năng lượng mỏ", "LAO"), ("Bộ Khoa học và giáo dục đại học", "RUS")} <= keyed(out, "Ministry")


def test_foreign_ministry_of_a_name_viet_nam_also_has():
    out = run("Bộ trưởng Nông nghiệp và PTNT Ba Lan Jan Kowalski đã tiếp đoàn công tác.")
    assert ("Bộ Nông nghiệp và PTNT", "POL") in keyed(out, "Ministry")
    assert not {m for m in keyed(out, "Ministry") if m[1] == "VNM"}


def test_foreign_minister_title_names_the_foreign_ministry():
    out = run("Ngoại trưởng Canada Mary Brown đã điện đàm với người đồng cấp.")
    assert ("Bộ Ngoại giao", "CAN") in keyed(out, "Ministry")
    assert ("HOLDS_POSITION", "Mary Brown", "Bộ Ngoại giao") in relations(out)


# -- bodies with fields after "về"; lone foreign surnames ---------------------------------


def test_committee_name_with_fields_after_ve():
    out = run("Phó Chủ tịch Ủy ban Thường trực của Thượng viện về Giáo dục, Khoa học và Văn hóa "
              "Maria Santos đã tiếp đoàn.")
    assert "Ủy ban Thường trực của Thượng viện về Giáo dục, Khoa học và Văn hóa" in names(out, "Organization")
    assert "Maria Santos" in names(out, "Person")


def test_lone_foreign_surname_after_an_honorific_or_head_of_state():
    out = run("Ông Tanabe, Giám đốc điều hành của tập đoàn, cho biết dự án sẽ sớm khởi công. "
              "Tổng thống Bolsonaro gửi lời chúc mừng tới hội nghị.")
    assert {"Tanabe", "Bolsonaro"} <= names(out, "Person")


def test_lone_surname_is_the_full_name_when_the_document_gives_one():
    out = run("Tổng thống Brazil Jair Bolsonaro thăm Hà Nội. Tổng thống Bolsonaro gặp các doanh nghiệp.")
    assert names(out, "Person") == {"Jair Bolsonaro"}


# -- short references, bare statements, numbered units ------------------------------------


def test_head_and_acronym_is_a_short_reference_to_the_bracketed_name():
    out = run("Thứ trưởng Nguyễn Văn An dự Hội nghị Bộ trưởng Kinh tế Mekong (MEM), tổ chức ở Viêng Chăn. "
              "Tại Hội nghị MEM, các bên thảo luận về thương mại.")
    events = [e for e in out["entities"] if e["type"] == "Event"]
    assert len(events) == 1 and events[0]["name"].startswith("Hội nghị Bộ trưởng Kinh tế Mekong")
    assert "Hội nghị MEM" in events[0]["aliases"]


def test_event_name_ends_at_a_title_separator():
    out = run("Bộ trưởng Nguyễn Văn An chủ trì Hội nghị Đầu tư Mekong | Tin mới\nNội dung hội nghị.")
    assert "Hội nghị Đầu tư Mekong" in names(out, "Event")


def test_bare_joint_statement_when_issued():
    out = run("Kết thúc hội đàm, hai Bộ trưởng đã thông qua Tuyên bố chung khẳng định quyết tâm hợp tác.")
    assert names(out, "Agreement") == {"Tuyên bố chung"}


def test_numbered_military_unit():
    out = run("Tàu thuộc Lữ đoàn 125 đã cập cảng Cam Ranh.")
    assert "Lữ đoàn 125" in names(out, "Organization")


# -- unknown divisions before a holder's name; abbreviated city names ----------------------


def test_unknown_foreign_division_before_the_holders_name():
    out = run("Đại sứ Việt Nam tại Brazil đã gặp Phó Thống đốc bang Tocantins Carlos Alberto Mendes.")
    assert "Carlos Alberto Mendes" in names(out, "Person")
    assert ("Tocantins", "BRA") in keyed(out, "Province")


def test_state_left_unsaid_is_no_division():
    out = run("Tổng Lãnh sự tới California và gặp Trợ lý Thống đốc bang Ken Alex.")
    assert not {p for p in keyed(out, "Province") if p[0] == "Ken"}


def test_local_body_of_an_abbreviated_city_and_its_holder():
    out = run("Phó Chủ tịch UBND TP. HCM Trần Văn Bình đã tiếp đoàn.")
    assert "UBND TP. HCM" in names(out, "Organization")
    assert "Trần Văn Bình" in names(out, "Person")



def test_vietnamese_name_behind_a_comma_ending_in_a_country_word():
    out = run("Đoàn Việt Nam do Bộ trưởng Bộ Tài chính, Lê Quốc Anh dẫn đầu đã tới Lima.")
    assert "Lê Quốc Anh" in names(out, "Person")


def test_unlisted_town_written_as_a_hyphenated_transliteration():
    out = run("Đoàn đã tới Chile và làm việc tại thành phố Va-pa-rai-xô cùng chính quyền địa phương.")
    assert ("Va-pa-rai-xô", "CHL") in keyed(out, "City")


def test_company_named_after_a_province_names_no_province():
    out = run("Tổng Giám đốc Tổng công ty Hà Nam Lê Văn Hùng cho biết công ty sẽ mở rộng đầu tư tại Cuba.")
    assert not {p for p in keyed(out, "Province") if p[0] == "Hà Nam"}
    assert "Lê Văn Hùng" in names(out, "Person")
