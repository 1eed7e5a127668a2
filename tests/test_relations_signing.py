"""kg.extract.relations_signing: SIGNED (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_meetings import met
from kg.extract.relations_posts import positions
from kg.extract.relations_participation import participation
from kg.extract.relations_signing import ceremony_parties, local_sides_sign, signers_at_ceremonies, signing
from relation_docs import context, found, read, rules, sentences


def ceremony(ctx, sent, ms, triggers) -> None:
    ceremony_parties(ctx, sent, ms)  # reads no trigger word

MOU = "Bản ghi nhớ về hợp tác pháp luật"


def signed(text: str):
    ctx = context(text)
    positions(ctx)  # the ministries of signing ministers
    for sent, ms, triggers in sentences(ctx):
        met(ctx, sent, ms, triggers)  # "hai Thủ tướng": the pair that met
        signing(ctx, sent, ms, triggers)
    return ctx


def test_ministers_sign_and_so_do_their_ministries():
    ctx = signed("Bộ trưởng Tư pháp Hà Văn Bình và Bộ trưởng Tư pháp Lào Khamphan Sithong đã ký "
                 f"{MOU}.")
    signers = {r.source for r in ctx.out if r.type == "SIGNED"}
    assert signers == {"Person:Hà Văn Bình", "Person:Khamphan Sithong", "Ministry:Bộ Tư pháp|VNM",
                       "Ministry:Bộ Tư pháp|LAO"}
    assert ("COOPERATES_WITH", "Ministry:Bộ Tư pháp|VNM", "Ministry:Bộ Tư pháp|LAO") in {
        (r.type, r.source, r.target) for r in ctx.out}


def test_the_bodies_after_giua_sign_and_cooperate():
    ctx = signed("Hiệp định về vận tải biển được ký giữa Bộ Giao thông vận tải và Bộ Ngoại giao Chile.")
    assert found(ctx) == {("SIGNED", "Bộ Giao thông vận tải", "Hiệp định về vận tải biển"),
                          ("SIGNED", "Bộ Ngoại giao", "Hiệp định về vận tải biển"),
                          ("COOPERATES_WITH", "Bộ Giao thông vận tải", "Bộ Ngoại giao")}


def test_two_leaders_are_the_pair_that_met_before():
    ctx = signed("Thủ tướng Phạm Văn An hội đàm với Thủ tướng Lào Somphone Vilay. Sau hội đàm, hai Thủ tướng đã ký "
                 "Bản ghi nhớ về hợp tác giáo dục.")
    assert {(s, t) for rel, s, t in found(ctx) if rel == "SIGNED"} == {
        ("Phạm Văn An", "Bản ghi nhớ về hợp tác giáo dục"), ("Somphone Vilay", "Bản ghi nhớ về hợp tác giáo dục")}


def test_the_two_localities_of_an_article_sign_their_record():
    ctx = context("Tỉnh Quảng Ninh và tỉnh Quảng Tây đã trao đổi Biên bản ghi nhớ hợp tác về du lịch.")
    local_sides_sign(ctx)
    assert found(ctx) == {("SIGNED", "Quảng Ninh", "Biên bản ghi nhớ hợp tác về du lịch"),
                          ("SIGNED", "Quảng Tây", "Biên bản ghi nhớ hợp tác về du lịch")}
    assert rules(ctx) == {"local_sides_sign"}


def test_a_local_record_in_lower_case_is_signed_by_one_home_and_several_foreign_localities():
    ctx = context("Tỉnh Quảng Ninh, tỉnh Quảng Tây và tỉnh Vân Nam đã ký biên bản ghi nhớ hợp tác về thương mại.")
    local_sides_sign(ctx)
    assert {s for rel, s, _ in found(ctx) if rel == "SIGNED"} == {"Quảng Ninh", "Quảng Tây", "Vân Nam"}


def test_two_home_localities_are_not_the_sides_of_a_local_record():
    ctx = context("Tỉnh Quảng Ninh và tỉnh Lạng Sơn đã ký biên bản ghi nhớ hợp tác về thương mại.")
    local_sides_sign(ctx)
    assert not found(ctx)


def test_who_signs_an_agreement_in_the_passive_stands_between_duoc_and_the_verb():
    ctx = signed(f"Hôm qua, {MOU} đã được Bộ trưởng Tư pháp Hà Văn Bình và Bộ trưởng Tư pháp Lào Khamphan "
                 "Sithong chính thức ký kết tại Viêng Chăn.")
    assert {("SIGNED", "Hà Văn Bình", MOU), ("SIGNED", "Khamphan Sithong", MOU)} <= found(ctx)
    assert "sign_passive" in rules(ctx)


def test_the_people_listed_after_co_sign_when_nobody_signs_before_the_verb():
    ctx = signed(f"Đại diện hai bên ký kết {MOU} có ông Hà Văn Bình và ông Khamphan Sithong.")
    assert {("SIGNED", "Hà Văn Bình", MOU), ("SIGNED", "Khamphan Sithong", MOU)} <= found(ctx)


def test_the_witnesses_of_a_noun_phrase_before_the_signers_do_not_sign():
    ctx = signed(f"Với sự chứng kiến của Thủ tướng Lào Somchai Vong và Phó Thủ tướng Trần Văn Quang, Bộ trưởng Tư "
                 f"pháp Hà Văn Bình đã cùng Bộ trưởng Tư pháp Lào Khamphan Sithong ký {MOU}.")
    signers = {s for rel, s, t in found(ctx) if rel == "SIGNED" and t == MOU}
    assert {"Hà Văn Bình", "Khamphan Sithong"} <= signers
    assert not {"Somchai Vong", "Trần Văn Quang"} & signers


def test_a_signing_to_come_or_remembered_is_no_signing():
    assert not found(signed(f"Bộ trưởng Tư pháp Hà Văn Bình và Bộ trưởng Tư pháp Lào Khamphan Sithong sẽ ký {MOU}."),
                     "SIGNED")
    assert not found(signed(f"Bộ trưởng Hà Văn Bình phát biểu tại lễ kỷ niệm 10 năm ký {MOU}."), "SIGNED")


def test_countries_taking_part_in_a_treaty_signing_ceremony_sign_the_treaty():
    ctx = context("Bộ trưởng của 3 nước gồm Lào, Campuchia và Việt Nam đã tham gia Lễ ký kết chính thức Hiệp định "
                  "Hợp tác Kinh tế Mê Công (MEC) tại thành phố Viêng Chăn.")
    read(ctx, participation, ceremony)
    assert {s for rel, s, _ in found(ctx) if rel == "SIGNED"} == {"Lào", "Campuchia", "Việt Nam"}


def test_a_person_at_a_signing_ceremony_is_no_party():
    ctx = context("Thủ tướng Phạm Văn An dự Lễ ký kết Hiệp định Hợp tác Kinh tế Mê Công.")
    read(ctx, participation, ceremony)
    assert not {s for rel, s, _ in found(ctx) if rel == "SIGNED"}


def test_the_ministers_of_a_meeting_adopting_a_joint_statement_are_its_countries():
    ctx = context("Bộ trưởng của 3 nước gồm Lào, Campuchia và Việt Nam đã tham dự Hội nghị Bộ trưởng Kinh tế Mê Công "
                  "lần thứ 5. Tại Hội nghị, các Bộ trưởng đã thông qua Tuyên bố chung về thương mại.")
    read(ctx, participation, signing)
    assert {(s, t) for rel, s, t in found(ctx) if rel == "SIGNED"} == {
        (c, "Tuyên bố chung về thương mại") for c in ("Lào", "Campuchia", "Việt Nam")}


def test_the_signing_word_of_a_ceremony_name_is_no_signing():
    ctx = context("Thủ tướng Phạm Văn An dự Lễ ký kết Hiệp định Hợp tác Kinh tế Mê Công. Bộ trưởng Trần Quang Vinh "
                  "tại Lễ ký kết đã phát biểu về Hiệp định Hợp tác Kinh tế Mê Công.")
    read(ctx, participation, signing)
    assert not {s for rel, s, _ in found(ctx) if rel == "SIGNED"}


def test_who_signed_the_agreement_a_ceremony_names_took_part_in_the_ceremony():
    ctx = context("Bộ trưởng Ngoại giao Trần Quang Vinh và Bộ trưởng Ngoại giao Lào Khamla Vong đã ký Bản ghi nhớ về "
                  "tham vấn chính trị. Lễ ký kết Bản ghi nhớ diễn ra tại Hà Nội.")
    signers_at_ceremonies(read(ctx, signing))
    assert {(s, t) for rel, s, t in found(ctx) if rel == "PARTICIPATED_IN"} == {
        ("Trần Quang Vinh", "Lễ ký kết Bản ghi nhớ"), ("Khamla Vong", "Lễ ký kết Bản ghi nhớ")}


def test_the_home_locality_named_most_is_the_side_when_another_is_named_in_passing():
    ctx = context("Tỉnh Quảng Ninh và tỉnh Vân Nam đã ký biên bản hợp tác năm 2024. Quảng Ninh sẽ học tập "
                  "kinh nghiệm của tỉnh Lạng Sơn. Quảng Ninh và Vân Nam sẽ tăng cường hợp tác.")
    local_sides_sign(ctx)
    assert {s for rel, s, _ in found(ctx) if rel == "SIGNED"} == {"Quảng Ninh", "Vân Nam"}


def test_who_exchanged_documents_signed_the_agreements_the_next_sentence_lists():
    ctx = context("Bộ trưởng Tư pháp Hà Văn Bình đã trao hai văn kiện hợp tác với Bộ trưởng Tư pháp Lào Khamphan "
                  "Sithong. Các văn kiện gồm Bản ghi nhớ về hợp tác pháp luật; Bản ghi nhớ về đào tạo cán bộ.")
    read(ctx, signing)
    assert {(s, t) for rel, s, t in found(ctx) if rel == "SIGNED" and t.startswith("Bản")} >= {
        ("Hà Văn Bình", "Bản ghi nhớ về hợp tác pháp luật"), ("Khamphan Sithong", "Bản ghi nhớ về hợp tác pháp luật"),
        ("Hà Văn Bình", "Bản ghi nhớ về đào tạo cán bộ"), ("Khamphan Sithong", "Bản ghi nhớ về đào tạo cán bộ")}
