"""A synthetic property graph, as the store's iterators yield it, for the RDF benchmark and tests.

Both functions are generators: nothing is held, so an export fed from them shows the
exporter's own memory. The graph looks like the real one: Vietnamese names, posts in
ministries, visits, meetings, signings, mentions, every fact with its article and sentence.
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


def nodes(people: int) -> Iterator[dict[str, Any]]:
    for iso3, name, qid in COUNTRIES:
        yield {"id": f"country:{iso3}", "labels": ["Entity", "Country"],
               "props": {"name": name, "iso3": iso3, "wikidata": qid, "mention_count": people}}
    for m, name in enumerate(MINISTRIES):
        yield {"id": f"ministry:VNM:m{m}", "labels": ["Entity", "Ministry"],
               "props": {"name": name, "country": "VNM", "aliases": [name.removeprefix("Bộ ")]}}
    for a in range(0, people, PER_ARTICLE):
        yield {"id": f"article:a{a // PER_ARTICLE}", "labels": ["Article"],
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


def relationships(people: int) -> Iterator[dict[str, Any]]:
    for i in range(people):
        article = f"article:a{i // PER_ARTICLE}"
        seen = {"first_seen": _date(i), "last_seen": _date(i)}
        person, country = _person(i), f"country:{COUNTRIES[1 + i % (len(COUNTRIES) - 1)][0]}"
        title = TITLES[i % len(TITLES)]
        yield {"source": article, "type": "MENTIONS", "target": person, "props": {"count": 2}}
        yield {"source": person, "type": "HOLDS_POSITION", "target": _ministry(i),
               "props": {"key": f"h{i}", "title": title, "confidence": 0.9, "sources": [article],
                         "evidence": [f"{title} {MINISTRIES[i % len(MINISTRIES)].removeprefix('Bộ ')} "
                                      f"Người{i} trả lời phỏng vấn báo chí."], **seen}}
        yield {"source": person, "type": "VISITED", "target": country,
               "props": {"key": f"v{i}", "date": _date(i)[:7], "status": "done", "cameo": "042", "confidence": 0.7,
                         "sources": [article], "evidence": [f"Chuyến thăm chính thức của Người{i}."], **seen}}
        if i + 1 < people:
            kind = KINDS[i % len(KINDS)]
            yield {"source": person, "type": "MET", "target": _person(i + 1),
                   "props": {"key": f"m{i}", "kind": kind, "date": _date(i), "confidence": 0.8,
                             "sources": [article], "evidence": [f"Người{i} hội đàm với Người{i + 1}.\n"], **seen}}
        if i % PER_AGREEMENT == 0:
            yield {"source": "country:VNM", "type": "SIGNED", "target": f"agreement:g{i}",
                   "props": {"key": f"s{i}", "date": _date(i)[:4], "cameo": "057", "confidence": 0.7,
                             "sources": [article], "evidence": [f"Hai bên đã ký \\ Hiệp định số {i}."], **seen}}
