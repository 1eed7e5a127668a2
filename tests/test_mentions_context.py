"""The kg_mentions component and the MentionContext its rules share (invented sentences)."""

from __future__ import annotations

from kg.extract.mentions import MentionFinder
from kg.extract.mentions_people import find_people
from kg.extract.pipeline import load_nlp
from kg.extract.text import MATCHES_KEY
from kg.resources import lexicon
from mention_docs import context, keys, sentence, token


def test_the_component_keeps_no_state_of_a_document():
    nlp = load_nlp()
    finder = nlp.get_pipe("kg_mentions")
    before = dict(vars(finder))
    nlp("Thứ trưởng Lê Hoài Phúc tiếp Đại sứ Pháp.")
    nlp("Đoàn Chile thăm Hà Nội.")
    assert vars(finder) == before
    assert set(before) == {"tables", "spans_key"}


def test_spans_key_comes_from_the_config():
    nlp = load_nlp()
    assert nlp.get_pipe("kg_mentions").spans_key == nlp.config["components"]["span_ruler"]["spans_key"]
    doc = nlp.make_doc("Bộ trưởng Ngoại giao Pháp Paul Girard thăm Hà Nội.")
    doc = nlp.get_pipe("span_ruler")(doc)
    doc.spans["other"] = doc.spans.pop("kg_lexicon")
    doc.user_data.pop(MATCHES_KEY)  # the ruler's own records of its matches, kept under its key
    doc = nlp.get_pipe("kg_sentences")(doc)
    assert not MentionFinder(lexicon())(doc)._.kg_entities  # the default key has no matches now
    found = MentionFinder(lexicon(), spans_key="other")(doc)._.kg_entities
    assert {"Person:Paul Girard", "Ministry:Bộ Ngoại giao|FRA"} <= set(found)


def test_context_starts_empty():
    ctx = context("Đoàn Pháp đến Hà Nội.")
    assert not ctx.ents.by_key and not ctx.person_tokens and not ctx.found_names
    assert ctx.foreign_iso == ["FRA"]


def test_foreign_country_before_skips_personal_names():
    ctx = context("Đoàn Pháp gặp ông Trần Tuấn Anh tại Bộ Văn hóa.")
    ministry = token(ctx, "Bộ Văn hóa")
    assert ctx.foreign_before(ministry) == "GBR"  # "Anh", until it is read as part of a name
    find_people(ctx, sentence(ctx))
    assert "Person:Trần Tuấn Anh" in keys(ctx)
    assert ctx.foreign_before(ministry) == "FRA"
