"""kg.extract.relations_parts: PART_OF by juxtaposition (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_parts import units_of, units_of_the_ministry, wholes_ending_names
from relation_docs import context, first, found


def test_a_unit_written_right_before_its_body():
    ctx = context("Cục Lãnh sự, Bộ Ngoại giao tổ chức buổi gặp mặt.")
    sent, ms, _ = first(ctx)
    units_of(ctx, sent, ms)
    assert found(ctx) == {("PART_OF", "Cục Lãnh sự", "Bộ Ngoại giao")}


def test_a_list_of_units_is_no_unit_and_its_body():
    ctx = context("Cục Lãnh sự, Cục Hợp tác quốc tế và Vụ Châu Âu cùng tham gia.")
    sent, ms, _ = first(ctx)
    units_of(ctx, sent, ms)
    assert not found(ctx)


def test_an_organization_whose_name_ends_with_another_is_part_of_it():
    ctx = context("Ban Đối ngoại Trung ương Đảng Nhân dân Cách mạng Lào cử đoàn sang Hà Nội.")
    wholes_ending_names(ctx)
    assert found(ctx) == {("PART_OF", "Ban Đối ngoại Trung ương Đảng Nhân dân Cách mạng Lào",
                           "Đảng Nhân dân Cách mạng Lào")}


def test_a_unit_written_right_before_or_dashed_to_its_body():
    ctx = context("Trưởng Ban Pháp chế HĐND tỉnh Quảng Nam và lãnh đạo Vụ Lễ tân - Văn phòng Quốc hội đã dự.")
    sent, ms, _ = first(ctx)
    units_of(ctx, sent, ms)
    parts = {(s, t) for rel, s, t in found(ctx) if rel == "PART_OF"}
    assert ("Ban Pháp chế", "HĐND tỉnh Quảng Nam") in parts
    assert ("Vụ Lễ tân", "Văn phòng Quốc hội") in parts


def test_a_body_named_after_cua_inside_a_name_is_its_whole_but_a_partner_after_voi_is_not():
    ctx = context("Ủy ban Thường trực của Hạ viện về hợp tác với Quốc hội Việt Nam đã họp.")
    wholes_ending_names(ctx)
    assert {t for rel, _, t in found(ctx) if rel == "PART_OF"} == {"Hạ viện"}


def test_departments_named_alone_are_part_of_the_ministry_named_most():
    ctx = context("Bộ Y tế tổ chức hội nghị. Bộ Y tế mời Cục Quản lý Dược và Vụ Pháp chế báo cáo; "
                  "đại diện Bộ Ngoại giao dự.")
    units_of_the_ministry(ctx)
    assert found(ctx) == {("PART_OF", "Cục Quản lý Dược", "Bộ Y tế"), ("PART_OF", "Vụ Pháp chế", "Bộ Y tế")}
    # two ministries named as often: whose departments they are is not said
    ctx = context("Bộ Y tế và Bộ Ngoại giao mời Cục Quản lý Dược báo cáo.")
    units_of_the_ministry(ctx)
    assert not found(ctx)
