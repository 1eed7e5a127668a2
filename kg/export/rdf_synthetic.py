"""A synthetic property graph, as the store's iterators yield it, for the RDF benchmark and tests.

Both functions are generators: nothing is held, so an export fed from them shows the
exporter's own memory. The graph looks like the real one: Vietnamese names, posts in
ministries, visits, meetings, signings, mentions, every fact with its article and sentence.

`nodes(people)` and `relationships(people)` give each fact one article: article k reads the
people PER_ARTICLE * k to PER_ARTICLE * k + PER_ARTICLE - 1. With `articles` above that
(`nodes(people, articles)`), the news goes on and reads the same people again, as a real archive
does (a minister's post is read in every article that names him): article k reads the people of
article k % base (base = the articles of one reading), so each fact is read in about
articles / base articles, each time with a sentence of its own; its `sources` and `evidence`
are aligned, as the store holds them when every article brings one sentence.
"""

from __future__ import annotations

from typing import Any, Iterator

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hoài", "Minh", "Thanh", "Xuân", "Đức", "Thu"]
TITLES = ["Bộ trưởng", "Thứ trưởng", "Vụ trưởng", "Cục trưởng", "Đại sứ", "Người Phát ngôn"]
MINISTRIES = ["Bộ Ngoại giao", "Bộ Công Thương", "Bộ Quốc phòng", "Bộ Công an", "Bộ Y tế", "Bộ Tài chính",
              "Bộ Giáo dục và Đào tạo", "Bộ Kế hoạch và Đầu tư"]
COUNTRIES = [("VNM", "Việt Nam", "Q881"), ("CHN", "Trung Quốc", "Q148"), ("LAO", "Lào", "Q819"),
             ("KHM", "Campuchia", "Q424"), ("USA", "Hoa Kỳ", "Q30"), ("FRA", "Pháp", "Q142"),
             ("JPN", "Nhật Bản", "Q17"), ("KOR", "Hàn Quốc", "Q884"), ("CUB", "Cuba", "Q241"),
             ("AUS", "Australia", "Q408")]
KINDS = ["talks", "meeting", "reception", "phone_call", "video_call"]
PER_ARTICLE = 10
PER_AGREEMENT = 50


def _person(i: int) -> str:
    return f"person:p{i}"


def _ministry(i: int) -> str:
    return f"ministry:VNM:m{i % len(MINISTRIES)}"


def _date(i: int) -> str:
    return f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"


def base_articles(people: int) -> int:
    """The articles of one reading of every fact: one per PER_ARTICLE people."""
    return -(-people // PER_ARTICLE)


def _articles(people: int, articles: int | None) -> int:
    return max(base_articles(people), articles or 0)


def readings(person: int, people: int, articles: int | None = None) -> list[int]:
    """The articles (numbers) that read this person's facts, oldest first."""
    return list(range(person // PER_ARTICLE, _articles(people, articles), base_articles(people)))


def reread(sentence: str, article: int, people: int) -> str:
    """The sentence of a fact as article `article` writes it: the first reading's own, then another each time."""
    return sentence if article < base_articles(people) else f"{sentence.strip()} (tin số {article})"


def nodes(people: int, articles: int | None = None) -> Iterator[dict[str, Any]]:
    for iso3, name, qid in COUNTRIES:
        yield {"id": f"country:{iso3}", "labels": ["Entity", "Country"],
               "props": {"name": name, "iso3": iso3, "wikidata": qid, "mention_count": people}}
    for m, name in enumerate(MINISTRIES):
        yield {"id": f"ministry:VNM:m{m}", "labels": ["Entity", "Ministry"],
               "props": {"name": name, "country": "VNM", "aliases": [name.removeprefix("Bộ ")]}}
    for k in range(_articles(people, articles)):
        a = k * PER_ARTICLE
        yield {"id": f"article:a{k}", "labels": ["Article"],
               "props": {"name": f"d{a}", "title": f"Tin đối ngoại số {a} \"đặc biệt\"", "published": _date(a),
                         "sha256": f"{a:064x}", "url": f"https://baoquocte.vn/tin-{a}.html"}}
    for a in range(0, people, PER_AGREEMENT):
        yield {"id": f"agreement:g{a}", "labels": ["Entity", "Agreement"],
               "props": {"name": f"Hiệp định hợp tác số {a}", "kind": "agreement"}}
    for i in range(people):
        name = f"{SURNAMES[i % len(SURNAMES)]} {MIDDLE[(i // 12) % len(MIDDLE)]} Người{i}"
        yield {"id": _person(i), "labels": ["Entity", "Person"],
               "props": {"name": name, "aliases": [], "mention_count": 1 + i % 5,
                         "first_seen": _date(i), "last_seen": _date(i + 400)}}


def relationships(people: int, articles: int | None = None) -> Iterator[dict[str, Any]]:
    for i in range(people):
        read = readings(i, people, articles)
        sources = [f"article:a{k}" for k in read]

        def read_as(sentence: str) -> dict[str, list[str]]:
            return {"sources": sources, "evidence": [reread(sentence, k, people) for k in read]}

        seen = {"first_seen": _date(i), "last_seen": _date(i)}
        person, country = _person(i), f"country:{COUNTRIES[1 + i % (len(COUNTRIES) - 1)][0]}"
        title = TITLES[i % len(TITLES)]
        for article in sources:
            yield {"source": article, "type": "MENTIONS", "target": person, "props": {"count": 2}}
        yield {"source": person, "type": "HOLDS_POSITION", "target": _ministry(i),
               "props": {"key": f"h{i}", "title": title, "confidence": 0.9,
                         **read_as(f"{title} {MINISTRIES[i % len(MINISTRIES)].removeprefix('Bộ ')} "
                                   f"Người{i} trả lời phỏng vấn báo chí."), **seen}}
        yield {"source": person, "type": "VISITED", "target": country,
               "props": {"key": f"v{i}", "date": _date(i)[:7], "status": "done", "cameo": "042", "confidence": 0.7,
                         **read_as(f"Chuyến thăm chính thức của Người{i}."), **seen}}
        if i + 1 < people:
            kind = KINDS[i % len(KINDS)]
            yield {"source": person, "type": "MET", "target": _person(i + 1),
                   "props": {"key": f"m{i}", "kind": kind, "date": _date(i), "confidence": 0.8,
                             **read_as(f"Người{i} hội đàm với Người{i + 1}.\n"), **seen}}
        if i % PER_AGREEMENT == 0:
            yield {"source": "country:VNM", "type": "SIGNED", "target": f"agreement:g{i}",
                   "props": {"key": f"s{i}", "date": _date(i)[:4], "cameo": "057", "confidence": 0.7,
                             **read_as(f"Hai bên đã ký \\ Hiệp định số {i}."), **seen}}
