"""kg.extract.relations_references: short references to named events and agreements (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_references import ShortReferences
from relation_docs import context

EVENT = "Event:Hội nghị Thương mại Việt Nam - Campuchia lần thứ 5"


def read(ctx, refs: ShortReferences, n: int) -> list[tuple[str, str]]:
    """The references of the n-th sentence (also one no sentence rule would read) as (text, key)."""
    sent = list(ctx.doc.sents)[n]
    ms = [m for m in ctx.mentions if sent.start_char <= m.start < sent.end_char]
    return [(ctx.text[m.start:m.end], m.key) for m in refs.references(sent, ms)]


def test_a_short_reference_means_the_event_named_before():
    ctx = context("Hội nghị Thương mại Việt Nam - Campuchia lần thứ 5 đã diễn ra hôm nay. Tại hội nghị, hai bên "
                  "thông qua nhiều văn kiện quan trọng.")
    assert read(ctx, ctx.event_refs, 1) == [("hội nghị", EVENT)]
    assert all(m.type == "Event" for m in ctx.event_refs.references(list(ctx.doc.sents)[1], []))


def test_a_generic_word_refers_too_and_a_name_is_no_reference():
    ctx = context("Lễ khánh thành Nhà văn hóa Hữu nghị Việt - Lào được tổ chức long trọng. Buổi lễ có nhiều khách mời.")
    assert read(ctx, ctx.event_refs, 0) == []  # inside the name
    assert read(ctx, ctx.event_refs, 1) == [("Buổi lễ", "Event:Lễ khánh thành Nhà văn hóa Hữu nghị Việt - Lào")]


def test_an_agreement_reference_must_be_capitalized():
    ctx = context("Bộ trưởng Hà Văn Bình ký Bản ghi nhớ về hợp tác pháp luật. Bản ghi nhớ có hiệu lực ngay. "
                  "Các bản ghi nhớ khác đang được chuẩn bị.")
    refs = ShortReferences(ctx, "Agreement", {}, lambda: None, capitalized=True)
    assert read(ctx, refs, 1) == [("Bản ghi", "Agreement:Bản ghi nhớ về hợp tác pháp luật")]
    assert read(ctx, refs, 2) == []
