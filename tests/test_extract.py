"""Extraction on single sentences, shaped like the examples of ANNOTATION.md."""

from __future__ import annotations

import hashlib

import pytest

from kg.extract.pipeline import extract, load_nlp, to_score_record
from kg.model import Document


def run(text: str, published: str | None = None) -> dict:
    doc = Document(id="article:t", name="t", source="t.txt", text=text, published=published,
                   sha256=hashlib.sha256(text.encode()).hexdigest())
    return to_score_record(next(extract([doc])))


def entities(out: dict) -> set[tuple[str, str]]:
    return {(e["type"], e["name"]) for e in out["entities"]}


def relations(out: dict) -> set[tuple[str, str, str]]:
    name = {e["id"]: e["name"] for e in out["entities"]}
    return {(r["type"], name[r["source"]], name[r["target"]]) for r in out["relations"]}


def test_deputy_minister_of_foreign_affairs():
    out = run("Thứ trưởng Ngoại giao Lê Hoài Trung trả lời phỏng vấn báo chí.")
    assert ("Person", "Lê Hoài Trung") in entities(out)
    ministry = next(e for e in out["entities"] if e["type"] == "Ministry")
    assert (ministry["name"], ministry["props"]["country"]) == ("Bộ Ngoại giao", "VNM")
    assert ("HOLDS_POSITION", "Lê Hoài Trung", "Bộ Ngoại giao") in relations(out)
    holds = next(r for r in out["relations"] if r["type"] == "HOLDS_POSITION")
    assert holds["props"]["title"] == "Thứ trưởng"
    sentence = "Thứ trưởng Ngoại giao Lê Hoài Trung trả lời phỏng vấn báo chí."
    assert holds["evidence"] == {"sentence": sentence, "start": 0, "end": len(sentence)}
    assert 0 < holds["confidence"] <= 1


def test_foreign_minister_gets_the_ministry_of_their_country():
    out = run("Phó Thủ tướng Trần Hồng Hà tiếp Bộ trưởng Ngoại giao Indonesia Sugiono.")
    ministries = {(e["name"], e["props"]["country"]) for e in out["entities"] if e["type"] == "Ministry"}
    assert ("Bộ Ngoại giao", "IDN") in ministries
    assert ("HOLDS_POSITION", "Sugiono", "Bộ Ngoại giao") in relations(out) or ("Person", "Sugiono") not in entities(out)
    assert ("HOLDS_POSITION", "Trần Hồng Hà", "Việt Nam") in relations(out)
    assert {e["props"].get("iso3") for e in out["entities"] if e["type"] == "Country"} >= {"IDN", "VNM"}


def test_title_chain_gives_one_post_per_body():
    out = run("Tham gia đoàn có Phó Thủ tướng, Bộ trưởng Ngoại giao Bùi Thanh Sơn.")
    rels = relations(out)
    assert ("HOLDS_POSITION", "Bùi Thanh Sơn", "Việt Nam") in rels
    assert ("HOLDS_POSITION", "Bùi Thanh Sơn", "Bộ Ngoại giao") in rels


def test_head_of_government_points_to_the_country():
    out = run("Thủ tướng Campuchia Hun Manet và Chủ tịch nước Lương Cường hội đàm.")
    rels = relations(out)
    assert ("HOLDS_POSITION", "Hun Manet", "Campuchia") in rels
    assert ("HOLDS_POSITION", "Lương Cường", "Việt Nam") in rels


def test_ambassador_is_posted_to_a_country():
    out = run("Đại sứ Việt Nam tại Venezuela Vũ Trung Mỹ cho biết.")
    rels = relations(out)
    assert ("POSTED_TO", "Vũ Trung Mỹ", "Venezuela") in rels
    assert ("HOLDS_POSITION", "Vũ Trung Mỹ", "Việt Nam") in rels


@pytest.mark.parametrize("text, expected", [
    ("Hiệp định được ký tại tỉnh Quảng Ninh.", ("Province", "Quảng Ninh", "VNM")),
    ("hợp tác với tỉnh Vân Nam, Trung Quốc", ("Province", "Vân Nam", "CHN")),
    ("Sáng kiến Việt Nam - Oregon, Hoa Kỳ", ("Province", "Oregon", "USA")),
    ("tại Thủ đô Wellington, New Zealand", ("City", "Wellington", "NZL")),
])
def test_places_with_their_country(text, expected):
    out = run(text)
    found = {(e["type"], e["name"], e["props"].get("country")) for e in out["entities"]}
    assert expected in found


def test_country_names_and_variants_resolve_to_iso3():
    out = run("Mỹ, Hoa Kỳ, Úc và Australia cùng Campuchia.")
    codes = sorted(e["props"]["iso3"] for e in out["entities"] if e["type"] == "Country")
    assert codes == ["AUS", "KHM", "USA"]


def test_given_name_that_is_a_country_name_stays_in_the_person():
    out = run("Thứ trưởng Bộ Ngoại giao Lê Anh Tuấn đã điện đàm.")
    assert ("Person", "Lê Anh Tuấn") in entities(out)
    assert "GBR" not in {e["props"].get("iso3") for e in out["entities"]}


def test_no_person_without_a_name():
    out = run("Xin Thứ trưởng cho biết kết quả của chuyến thăm? Hai Bộ trưởng nhất trí thúc đẩy hợp tác.")
    assert not [e for e in out["entities"] if e["type"] == "Person"]


def props_of(out: dict, rel_type: str) -> list[dict]:
    return [r["props"] for r in out["relations"] if r["type"] == rel_type]


def test_department_named_after_its_ministry_is_part_of_it():
    out = run("Đại sứ quán đã liên hệ với Cục lãnh sự Bộ Ngoại giao Bỉ.")
    assert ("Organization", "Cục lãnh sự Bộ Ngoại giao Bỉ") in entities(out)
    assert ("PART_OF", "Cục lãnh sự Bộ Ngoại giao Bỉ", "Bộ Ngoại giao") in relations(out)


def test_agreement_between_two_ministries_is_signed_by_both_and_their_signers():
    out = run("Hôm qua, Bộ trưởng Bộ Tài chính Hồ Đức Phớc cùng Bộ trưởng Bộ Tài chính Lào Bounchom Ubonpaseuth "
              "đã ký Bản ghi nhớ hợp tác giữa Bộ Tài chính Việt Nam và Bộ Tài chính Lào.")
    agreement = "Bản ghi nhớ hợp tác giữa Bộ Tài chính Việt Nam và Bộ Tài chính Lào"
    assert ("Agreement", agreement) in entities(out)
    rels = relations(out)
    for signer in ("Hồ Đức Phớc", "Bounchom Ubonpaseuth", "Bộ Tài chính"):
        assert ("SIGNED", signer, agreement) in rels
    signed_by = {r["source"] for r in out["relations"] if r["type"] == "SIGNED"}
    assert {"Ministry:Bộ Tài chính|VNM", "Ministry:Bộ Tài chính|LAO"} <= signed_by
    assert [r for r in out["relations"] if r["type"] == "COOPERATES_WITH"
            and {r["source"], r["target"]} == {"Ministry:Bộ Tài chính|VNM", "Ministry:Bộ Tài chính|LAO"}]


def test_reception_is_a_meeting_of_the_two_people():
    out = run("Chiều 5/2, Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Việt Nam Ito Naoki.")
    assert ("MET", "Phạm Minh Chính", "Ito Naoki") in relations(out)
    assert props_of(out, "MET")[0]["kind"] == "reception"
    assert ("POSTED_TO", "Ito Naoki", "Việt Nam") in relations(out)


def test_visit_and_participation_in_a_summit():
    out = run("Chủ tịch nước Lương Cường lên đường sang Peru tham dự Tuần lễ Cấp cao APEC 2024.")
    rels = relations(out)
    assert ("VISITED", "Lương Cường", "Peru") in rels
    assert ("PARTICIPATED_IN", "Lương Cường", "Tuần lễ Cấp cao APEC 2024") in rels
    assert props_of(out, "VISITED")[0]["status"] == "done"


def test_honorific_and_apposition_give_the_post():
    out = run("Ông John Smith, Bộ trưởng Bộ Thương mại Australia, cho biết hai nước sẽ hợp tác.")
    assert ("HOLDS_POSITION", "John Smith", "Bộ Thương mại") in relations(out)
    ministry = next(e for e in out["entities"] if e["type"] == "Ministry")
    assert ministry["props"]["country"] == "AUS"


def test_generic_plurals_and_regions_are_not_entities():
    out = run("Các tỉnh đã ký 119 Thỏa thuận quan hệ hợp tác với các đối tác ở khu vực châu Á - Thái Bình Dương "
              "và Trường Tiểu học huyện Sơn Tây.")
    kinds = {e["type"] for e in out["entities"]}
    assert "Agreement" not in kinds
    assert "Province" not in kinds


def test_delegation_members_go_where_the_head_goes():
    out = run("Thủ tướng Phạm Minh Chính lên đường sang Brazil tham dự Hội nghị Thượng đỉnh G20. "
              "Tham gia đoàn có Bộ trưởng Ngoại giao Bùi Thanh Sơn.")
    rels = relations(out)
    assert ("VISITED", "Bùi Thanh Sơn", "Brazil") in rels
    # Members taking part in the head's event is not a convention of the guide: the rules propose
    # it and the relation model, trained on the gold, decides; the head takes part for certain.
    assert ("PARTICIPATED_IN", "Phạm Minh Chính", "Hội nghị Thượng đỉnh G20") in rels


def test_relation_dates_come_from_the_sentence_else_the_article():
    out = run("Sáng 11/3, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Thái Lan Paetongtarn Shinawatra. "
              "Thủ tướng Phạm Minh Chính sẽ thăm Singapore.", published="2024-03-12")
    assert props_of(out, "MET")[0]["date"] == "2024-03-11"
    visit = props_of(out, "VISITED")[0]
    assert (visit["date"], visit["status"]) == ("2024-03-12", "planned")


def test_a_bare_title_points_to_the_country_only_for_a_vietnamese_name():
    out = run("Cục trưởng Nguyễn Văn Bình và Đại sứ John Smith phát biểu tại hội thảo.")
    rels = relations(out)
    assert ("HOLDS_POSITION", "Nguyễn Văn Bình", "Việt Nam") in rels
    assert not [r for r in rels if r[1] == "John Smith"]


def test_a_document_the_pipeline_fails_on_is_reported_and_the_others_go_on(monkeypatch):
    from kg.extract import relations

    real = relations.run

    def fails_on_one(ctx):
        if "hỏng" in ctx.text:
            raise ValueError("boom")
        return real(ctx)

    monkeypatch.setattr(relations, "run", fails_on_one)
    docs = [Document(id=f"article:{i}", name=str(i), source=f"{i}.txt", text=text,
                     sha256=hashlib.sha256(text.encode()).hexdigest())
            for i, text in enumerate(["Thủ tướng Phạm Minh Chính phát biểu.", "Văn bản hỏng.", "Bộ Ngoại giao."])]
    errors = []
    out = list(extract(docs, on_error=errors.append))
    assert [ex.doc.name for ex in out] == ["0", "2"]
    assert len(errors) == 1 and errors[0].source == "1.txt" and "boom" in errors[0].reason


def test_apposition_goes_on_after_dong_thoi_la():
    out = run("Thủ tướng tiếp GS. John Smith, Hiệu trưởng Đại học Sydney, đồng thời là Chủ tịch Viện Lowy.")
    titles = {(r["props"]["title"], r["target"]) for r in out["relations"]
              if r["type"] == "HOLDS_POSITION" and r["source"] == "Person:John Smith"}
    assert ("Hiệu trưởng", "Organization:Đại học Sydney") in titles
    assert ("Chủ tịch", "Organization:Viện Lowy") in titles


def test_the_components_read_the_lexicon_under_the_key_the_config_gives():
    """Settings pass through the factories' config, as in spaCy's own components: the span
    ruler's key, changed in one place, reaches every component that reads its matches."""
    import spacy
    from importlib.resources import files

    from kg.extract.pipeline import MODEL_DIR

    config = spacy.util.load_config_from_str((files("kg.extract") / "config.cfg").read_text("utf-8"))
    config["components"]["span_ruler"]["spans_key"] = "lexicon_elsewhere"
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    nlp.get_pipe("kg_relation_model").from_disk(MODEL_DIR)
    text = "Thứ trưởng Ngoại giao Lê Hoài Trung hội đàm với Đại sứ Nhật Bản Tanaka Ichiro."
    doc = nlp(text)
    assert "lexicon_elsewhere" in doc.spans and "kg_lexicon" not in doc.spans
    assert set(doc._.kg_entities) == set(load_nlp_doc(text)._.kg_entities) >= {"Person:Lê Hoài Trung"}
    assert {(r.type, r.source, r.target) for r in doc._.kg_relations} == \
        {(r.type, r.source, r.target) for r in load_nlp_doc(text)._.kg_relations}


def load_nlp_doc(text: str):
    from kg.extract.pipeline import load_nlp

    return load_nlp()(text)


def test_the_lexicon_ruler_hands_on_exactly_the_matches_it_stores():
    from kg.extract.text import MATCHES_KEY, lexicon_matches
    nlp = load_nlp()
    doc = nlp.get_pipe("span_ruler")(nlp.make_doc("Bộ trưởng Ngoại giao Pháp Paul Girard thăm Hà Nội."))
    kept = doc.user_data.pop(MATCHES_KEY)["kg_lexicon"]
    assert kept and kept == lexicon_matches(doc)  # as read back from doc.spans


def test_the_collector_threshold_is_raised_only_while_extracting():
    import gc
    before = gc.get_threshold()
    docs = [Document(id=f"article:g{i}", name=f"g{i}", source=f"g{i}.txt", text="Ông An thăm Lào.",
                     sha256=hashlib.sha256(b"g").hexdigest()) for i in range(2)]
    running = extract(docs)
    next(running)  # suspended between two documents
    assert gc.get_threshold()[0] >= 50_000
    list(running)
    assert gc.get_threshold() == before


def test_the_lexicon_ruler_finds_what_spacys_span_ruler_finds_in_the_same_order():
    from spacy.pipeline import SpanRuler
    nlp = load_nlp()
    ruler = nlp.get_pipe("span_ruler")
    doc = nlp.make_doc("Thủ tướng Lê Văn An hội đàm với Tổng thống Pháp tại Hà Nội; Bộ Ngoại giao Việt Nam "
                       "và Bộ Ngoại giao Pháp ký Bản ghi nhớ hợp tác.")
    ours = [(s.start, s.end, s.label_, s.id_) for s in ruler.match(doc)]
    assert ours and ours == [(s.start, s.end, s.label_, s.id_) for s in SpanRuler.match(ruler, doc)]
