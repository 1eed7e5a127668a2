"""kg.extract.relations_names: what names contain (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_names import name_parties, names
from relation_docs import context, found, rules


def test_the_parties_named_in_an_agreement_sign_it_and_cooperate():
    ctx = context("Ngày 2/5, Hiệp định Thương mại Tự do Việt Nam - Chile đã được ký.", published="2024-05-06")
    names(ctx)
    agreement = "Hiệp định Thương mại Tự do Việt Nam - Chile"
    assert found(ctx) == {("SIGNED", "Việt Nam", agreement), ("SIGNED", "Chile", agreement),
                          ("COOPERATES_WITH", "Việt Nam", "Chile")}
    assert {r.props.get("date") for r in ctx.out if r.type == "SIGNED"} == {"2024-05-02"}


def test_the_parties_after_giua_in_a_name():
    ctx = context("Bản ghi nhớ hợp tác giữa Bộ Tư pháp Việt Nam và Bộ Tư pháp Lào được ký tại Viêng Chăn.")
    name = next(n for n in ctx.doc._.kg_names if n.type == "Agreement")
    assert name_parties(ctx, name) == ["Ministry:Bộ Tư pháp|VNM", "Ministry:Bộ Tư pháp|LAO"]


def test_the_parties_of_an_event_and_the_person_it_is_held_for_take_part():
    ctx = context("Diễn đàn Doanh nghiệp Việt Nam - Hàn Quốc năm 2024 đã diễn ra.")
    names(ctx)
    # the parties of a meeting mechanism named in the event's name also cooperate (ANNOTATION.md)
    assert {(t, s) for t, s, _ in found(ctx)} == {("PARTICIPATED_IN", "Việt Nam"), ("PARTICIPATED_IN", "Hàn Quốc"),
                                                  ("COOPERATES_WITH", "Việt Nam")}
    ctx = context("Lễ đón Tổng thống Pedro Alvarez diễn ra trọng thể.")
    names(ctx)
    assert found(ctx) == {("PARTICIPATED_IN", "Pedro Alvarez", "Lễ đón Tổng thống Pedro Alvarez")}
    assert rules(ctx) == {"event_name_person"}


def test_an_organization_is_part_of_the_body_its_name_holds():
    ctx = context("Sở Ngoại vụ tỉnh Quảng Ninh tổ chức hội thảo.")
    names(ctx)
    assert found(ctx) == {("PART_OF", "Sở Ngoại vụ tỉnh Quảng Ninh", "Quảng Ninh")}


def test_the_parties_after_giua_past_an_event_name_cut_at_a_comma_take_part():
    ctx = context("Tại Đông Hà đã diễn ra Hội nghị hợp tác du lịch, thương mại và đầu tư giữa tỉnh Quảng Trị "
                  "(Việt Nam) và tỉnh Savannakhet (Lào).")
    names(ctx)
    assert {s for rel, s, _ in found(ctx) if rel == "PARTICIPATED_IN"} == {"Quảng Trị", "Savannakhet"}


def test_one_body_after_giua_is_no_list_of_parties():
    ctx = context("Hội nghị hợp tác du lịch, thương mại đã diễn ra giữa tháng 5 tại tỉnh Quảng Trị.")
    names(ctx)
    assert not found(ctx)


def test_the_parties_after_giua_end_at_the_first_clause_end_whatever_its_mark():
    ctx = context("Hội nghị hợp tác du lịch, thương mại giữa tỉnh Quảng Trị và tỉnh Savannakhet; tỉnh Quảng Nam "
                  "và tỉnh Champasak sẽ dự lần sau.")
    names(ctx)
    assert {s for rel, s, _ in found(ctx) if rel == "PARTICIPATED_IN"} == {"Quảng Trị", "Savannakhet"}
