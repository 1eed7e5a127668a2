"""Node labels after resolution: captions that tell apart nodes written alike, English names
from the data files' glosses, and the RDF labels built from them (invented sentences)."""

from __future__ import annotations

import hashlib

from rdflib import Literal
from rdflib.namespace import RDFS

from kg.export.rdf import Minter, to_rdf
from kg.extract.pipeline import extract
from kg.model import Document
from kg.resolve import resolve

TEXT = ("Bộ trưởng Ngoại giao Nhật Bản Kamikawa Yoko hội đàm với Bộ trưởng Ngoại giao Bùi Thanh Sơn. "
        "Đoàn đã thăm tỉnh Hà Nam (Trung Quốc).")


def delta():
    doc = Document(id="article:t", name="t", source="t.txt", text=TEXT, published="2024-05-01",
                   sha256=hashlib.sha256(TEXT.encode()).hexdigest())
    return resolve(next(extract([doc])))


def test_two_ministries_of_one_name_have_captions_and_english_names_with_their_country():
    nodes = {n.id: n.props for n in delta().nodes}
    japan = next(p for i, p in nodes.items() if i.startswith("ministry:JPN"))
    ours = nodes["ministry:VNM:bo-ngoai-giao"]
    assert japan["name"] == ours["name"] == "Bộ Ngoại giao"
    assert (japan["caption"], ours["caption"]) == ("Bộ Ngoại giao (Nhật Bản)", "Bộ Ngoại giao (Việt Nam)")
    assert (japan["name_en"], ours["name_en"]) == ("Ministry of Foreign Affairs (Japan)",
                                                    "Ministry of Foreign Affairs (Vietnam)")
    assert nodes["province:CHN:ha-nam"]["caption"] == "Hà Nam (Trung Quốc)"  # also a Vietnamese province
    assert nodes["country:JPN"]["caption"] == "Nhật Bản"  # nothing to tell apart


def test_posts_carry_the_english_title_and_rdf_labels_posts_by_role_and_body():
    d = delta()
    posts = [e for e in d.edges if e.type == "HOLDS_POSITION" and e.target.startswith("ministry:JPN")]
    assert posts and posts[0].props["title_en"] == "Minister"
    nodes = [{"id": n.id, "labels": ["Entity", n.label], "props": n.props} for n in d.nodes]
    rels = [{"source": e.source, "type": e.type, "target": e.target, "props": e.props} for e in d.edges]
    g = to_rdf(nodes, rels)
    ministry = Minter()(posts[0].target)
    assert (ministry, RDFS.label, Literal("Bộ Ngoại giao (Nhật Bản)", lang="vi")) in g
    assert (ministry, RDFS.label, Literal("Ministry of Foreign Affairs (Japan)", lang="en")) in g
    post_labels = {str(o) for p in g.subjects(None, None) for o in g.objects(p, RDFS.label)
                   if str(o).startswith("Bộ trưởng, ")}
    assert post_labels == {"Bộ trưởng, Bộ Ngoại giao (Nhật Bản)", "Bộ trưởng, Bộ Ngoại giao (Việt Nam)"}
    assert Literal("Minister, Ministry of Foreign Affairs (Japan)", lang="en") in set(g.objects(None, RDFS.label))


def test_places_and_bodies_the_lexicon_knows_take_its_name_and_english_name():
    text = "Đoàn của TP HCM dự hội nghị của ASEAN."
    doc = Document(id="article:u", name="u", source="u.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    nodes = {n.id: n.props for n in resolve(next(extract([doc]))).nodes}
    city, asean = nodes["province:ho-chi-minh"], nodes["org:asean"]
    assert (city["name"], city["name_en"]) == ("Hồ Chí Minh", "Ho Chi Minh City") and "HCM" in city["aliases"]
    assert (asean["name"], asean["name_en"]) == ("Hiệp hội các quốc gia Đông Nam Á", "Association of Southeast Asian Nations")
    assert asean["aliases"] == ["ASEAN"] and asean["wikidata"] == "Q7768"
