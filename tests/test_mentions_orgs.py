"""kg.extract.mentions_orgs, one construction per test (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions_orgs import find_orgs
from mention_docs import context, keys, token


def test_a_known_organization_names_the_known_ones_inside_it():
    ctx = context("Hội đồng Bảo an Liên hợp quốc đã họp phiên khẩn cấp.")
    find_orgs(ctx)
    assert keys(ctx) == {"Organization:org:unsc", "Organization:org:un"}


def test_a_known_name_reads_on_into_a_later_one():
    ctx = context("Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào đã họp.")
    find_orgs(ctx)
    assert keys(ctx) == {"Organization:Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào",
                         "Organization:org:lprp"}


def test_a_news_agency_cited_as_a_source_is_no_body():
    ctx = context("Theo TTXVN, hội nghị đã kết thúc.")
    find_orgs(ctx)
    assert not keys(ctx)
    ctx = context("Lãnh đạo TTXVN tiếp đoàn.")
    find_orgs(ctx)
    assert keys(ctx) == {"Organization:org:ttxvn"}


def test_an_acronym_in_a_headline_in_capitals_is_no_body():
    ctx = context("CHUYẾN THĂM CHÍNH THỨC VIỆT NAM")
    find_orgs(ctx)
    assert not keys(ctx)


def test_a_stretch_read_before_is_not_read_again():
    ctx = context("Hội đồng Bảo an đã họp.")
    start = token(ctx, "Hội đồng")
    ctx.cur.take(start, start + 4)
    find_orgs(ctx)
    assert not keys(ctx)
