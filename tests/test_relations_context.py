"""kg.extract.relations_context: what the relation rules share (invented sentences)."""

from __future__ import annotations

from kg.extract.relations_common import SENTENCE_DATE
from relation_docs import context, first, found, sentences


def test_add_keeps_only_what_the_schema_allows_between_entities_of_the_document():
    ctx = context("Thứ trưởng Lưu Văn Hậu tiếp Đại sứ Hungary Kovács Péter.")
    sent, _, _ = first(ctx)
    assert ctx.add("MET", "Person:Lưu Văn Hậu", "Person:Kovács Péter", sent, 0.7, "test")
    assert not ctx.add("SIGNED", "Person:Lưu Văn Hậu", "Country:HUN", sent, 0.7, "test")  # no agreement
    assert not ctx.add("MET", "Person:Lưu Văn Hậu", "Person:Nobody", sent, 0.7, "test")
    assert not ctx.add("MET", "Person:Lưu Văn Hậu", "Person:Lưu Văn Hậu", sent, 0.7, "test")
    assert found(ctx) == {("MET", "Lưu Văn Hậu", "Kovács Péter")}


def test_a_sentence_date_is_read_only_for_a_kept_relation_and_else_the_article_date():
    ctx = context("Ngày 3/4, Thứ trưởng Lưu Văn Hậu tiếp Đại sứ Hungary Kovács Péter. Hai bên trao đổi.",
                  published="2024-05-06")
    one, two = [s for s, _, _ in sentences(ctx)][:2]
    ctx.add("MET", "Person:Lưu Văn Hậu", "Person:Kovács Péter", one, 0.7, "test", date=SENTENCE_DATE)
    assert ctx.out[-1].props["date"] == "2024-04-03"
    assert ctx.date(two) == "2024-05-06"


def test_sentences_give_each_rule_the_mentions_and_trigger_words_of_one_sentence():
    ctx = context("Thứ trưởng Lưu Văn Hậu hội đàm với Đại sứ Hungary Kovács Péter. Trời mưa. Đoàn thăm Lào.")
    read = sentences(ctx)
    assert len(read) == 2  # "Trời mưa." has neither
    sent, ms, triggers = read[0]
    assert {m.key for m in ms} >= {"Person:Lưu Văn Hậu", "Person:Kovács Péter"}
    assert [t.text for t in ctx.triggered(triggers, "MET")] == ["hội đàm"]
    assert ctx.triggered(triggers, "SIGNED") == []
    assert [t.text for t in ctx.triggered(read[1][2], "VISITED")] == ["thăm"]


def test_places_listed_together_and_the_place_right_after_a_word():
    ctx = context("Đoàn đã đến Thủ đô Tokyo và thành phố Osaka, Nhật Bản.")
    _, ms, _ = first(ctx)
    places = [m for m in ms if m.type in ("City", "Country")]
    at = ctx.text.index("đến") + len("đến")
    assert ctx.place_right_after(at, places).key == places[0].key
    assert [ctx.entities[m.key].name for m in ctx.list_from(places)] == ["Tokyo", "Osaka", "Nhật Bản"]
    assert ctx.country_of_place(places[0].key) == "Country:JPN"


def test_joined_subjects_and_mentions_in_brackets():
    ctx = context("Thủ tướng Nguyễn Hữu Lam và Thủ tướng Lào Somphone Vilay (Lào) đã hội đàm.")
    sent, ms, _ = first(ctx)
    a, b = ctx.people(ms, sent.start_char, sent.end_char)
    assert ctx.joined(a, b)
    laos = [m for m in ms if m.type == "Country"]
    assert not ctx.in_brackets(laos[0], sent) and ctx.in_brackets(laos[-1], sent)
