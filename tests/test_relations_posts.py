"""kg.extract.relations_posts: posts from title chains (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_posts import positions, unplaced_titles
from relation_docs import context, found, rules


def test_a_title_chain_gives_the_post_and_the_posting():
    ctx = context("Đại sứ Việt Nam tại Ai Cập Lê Minh Tuấn đã trình thư ủy nhiệm.")
    positions(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Lê Minh Tuấn", "Việt Nam"), ("POSTED_TO", "Lê Minh Tuấn", "Ai Cập")}
    assert ctx.out[0].props == {"title": "Đại sứ"}


def test_an_ambassador_is_posted_to_the_countries_of_concurrent_accreditation_too():
    ctx = context("Đại sứ Việt Nam tại Ấn Độ, kiêm nhiệm Nepal Phạm Văn Châu trình thư ủy nhiệm.")
    positions(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Phạm Văn Châu", "Việt Nam"), ("POSTED_TO", "Phạm Văn Châu", "Ấn Độ"),
                          ("POSTED_TO", "Phạm Văn Châu", "Nepal")}
    assert rules(ctx) == {"title_chain", "accredited"}


def test_a_foreign_ambassador_named_with_a_country_only_is_posted_to_viet_nam():
    ctx = context("Bộ trưởng Ngoại giao Việt Nam Trần Quang Vinh tiếp Đại sứ Hungary Kovács Péter.")
    positions(ctx)
    assert ("HOLDS_POSITION", "Trần Quang Vinh", "Bộ Ngoại giao") in found(ctx)
    assert ("POSTED_TO", "Kovács Péter", "Việt Nam") in found(ctx)
    assert "ambassador_in_vnm" in rules(ctx)


def test_a_head_of_state_with_no_country_in_the_chain_holds_the_post_in_the_one_foreign_country():
    ctx = context("Tổng thống Marco Bellini tiếp đoàn doanh nghiệp tại Roma. Italy là đối tác quan trọng.")
    positions(ctx)
    assert not found(ctx)  # the chain could not place the post
    unplaced_titles(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Marco Bellini", "Italy")}
    assert rules(ctx) == {"title_unplaced"}


def test_a_vietnamese_name_gets_no_foreign_post():
    ctx = context("Tổng thống Lê Văn Hùng phát biểu. Italy là đối tác quan trọng.")
    unplaced_titles(ctx)
    assert not found(ctx)


def test_a_delegation_leaders_title_with_no_body_is_held_in_the_delegations_body():
    ctx = context("Đoàn đại biểu Tỉnh ủy Quảng Nam do Phó Bí thư Thường trực Lê Văn Hòa dẫn đầu đã thăm Lào.")
    positions(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Lê Văn Hòa", "Tỉnh ủy Quảng Nam")}


def test_a_vietnamese_ambassador_named_without_a_country_is_posted_to_the_articles_foreign_country():
    ctx = context("Đại sứ Lê Văn Hòa đã dự lễ trồng cây tại thành phố Haifa của Israel cùng Đại sứ quán.")
    positions(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Lê Văn Hòa", "Việt Nam"), ("POSTED_TO", "Lê Văn Hòa", "Israel")}


def test_a_foreign_ambassador_named_without_a_country_holds_the_post_of_the_articles_foreign_country():
    ctx = context("Đại sứ Kovács Péter đã thăm tỉnh Quảng Nam để thúc đẩy hợp tác giữa Hungary và Việt Nam.")
    unplaced_titles(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Kovács Péter", "Hungary")}


def test_the_head_of_the_articles_one_mission_holds_the_post_of_the_country_and_is_posted_to_its_place():
    ctx = context("Đại sứ quán Việt Nam tại Nhật Bản tổ chức gặp mặt. Đại sứ Phan Văn Lộc phát biểu. Công sứ "
                  "Trần Thị Mai cũng dự.")
    positions(ctx)
    assert found(ctx) == {("HOLDS_POSITION", "Phan Văn Lộc", "Việt Nam"), ("POSTED_TO", "Phan Văn Lộc", "Nhật Bản"),
                          ("HOLDS_POSITION", "Trần Thị Mai", "Đại sứ quán Việt Nam tại Nhật Bản"),
                          ("POSTED_TO", "Trần Thị Mai", "Nhật Bản")}
