"""Trips: who travelled with whom, and where a trip to a city also takes its visitor.

ANNOTATION.md, "Visits": every named member of a travelling delegation visited
its destination ("Tháp tùng ... có", "Cùng đi có", "X và Phu nhân Y"), a body
whose delegation travels ("Đoàn công tác của Bộ Ngoại giao") visited it too, and
a trip to a city or province abroad is also a visit to its country when that
country is an entity of the document.

The sentence rules of RelationFinder only register who goes with whom
(`Trips.join`); `Trips.close` runs once at the end of the document and copies
the leader's visits to the companions, then adds the countries of visited places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations import Mention, RelationFinder

# "Tháp tùng Tổng thống ... có A; B", "Cùng đi có A, B", "Tham gia đoàn có A"
MEMBER_CUE = re.compile(r"\b(?:[Tt]háp tùng|[Cc]ùng đi|[Tt]ham gia đoàn|[Tt]hành phần đoàn|[Đđ]oàn gồm)\b")
SPOUSE = re.compile(r"(?:\bvà|\bcùng|,)\s+(?:[Pp]hu nhân|[Pp]hu quân)\s*$")
# "Đoàn đại biểu cấp cao Bộ Công an", "đoàn công tác của Sở Ngoại vụ"
DELEGATION_OF = re.compile(r"\b[Đđ]oàn(?: đại biểu| công tác| cán bộ| quân sự)?(?: cấp cao)?(?: của)?\s*$")
LED_BY = re.compile(r"\bdo\b")
LEADS = re.compile(r"dẫn đầu|làm [Tt]rưởng đoàn|làm trưởng đoàn|[Tt]rưởng [Đđ]oàn")
# "lên đường sang X tham dự Hội nghị ...": a trip made to attend an event (not "thăm X và dự ...")
TRIP_TO_ATTEND = re.compile(r"\b(?:sang|đến|tới|lên đường)\s(?:(?!thăm)[^,.;]){0,40}?\b(?:tham dự|dự)\b")
COMPANION = re.compile(r"(?:\bvà|\bcùng(?: với)?)\s*$")

# Confidences approximate each rule's precision on the training corpus (entity errors included).
MEMBER_CONFIDENCE = 0.75
BODY_CONFIDENCE = 0.75
PLACE_COUNTRY_CONFIDENCE = 0.6


@dataclass
class Trips:
    finder: "RelationFinder"
    # companion -> (leader, sentence, rule)
    companions: dict[str, tuple[str, tuple[int, int], str]] = field(default_factory=dict)

    def join(self, companion: str, leader: str | None, sentence: tuple[int, int], rule: str) -> None:
        if leader and companion != leader and companion not in self.companions:
            self.companions[companion] = (leader, sentence, rule)

    # -- registering, one sentence at a time --------------------------------------------------

    def read(self, start: int, end: int, ms: list["Mention"]) -> None:
        self._members(start, end, ms)
        self._spouses(start, end, ms)
        self._delegation_bodies(start, end, ms)

    def _main_visitor(self) -> str | None:
        """The person with the most visits so far: the head of the trip the article reports."""
        counts: dict[str, int] = {}
        for r in self.finder.out:
            if r.type == "VISITED" and r.source.startswith("Person:"):
                counts[r.source] = counts.get(r.source, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def _members(self, start: int, end: int, ms: list["Mention"]) -> None:
        text = self.finder.text
        cue = MEMBER_CUE.search(text, start, end)
        if not cue:
            return
        people = [m for m in ms if m.type == "Person" and m.start >= cue.end() and not m.nested]
        if not people:
            return
        # "Tháp tùng Thủ tướng X ... có A, B": X leads, the people after "có" go with X
        has = text.find(" có ", cue.end(), end)
        leader = None
        if has >= 0:
            before = [m for m in people if m.start < has]
            leader = before[0].key if before else None
            people = [m for m in people if m.start > has]
        if leader is None:  # "Tham gia đoàn có ông A - ..., làm Trưởng đoàn và các ông: B; C"
            ends = [m.start for m in people[1:]] + [end]
            leader = next((m.key for m, stop in zip(people, ends) if LEADS.search(text, m.end, stop)), None)
        leader = leader or self._main_visitor()
        for m in people:
            self.join(m.key, leader, (start, end), "delegation_member")

    def _spouses(self, start: int, end: int, ms: list["Mention"]) -> None:
        """'Thủ tướng X và Phu nhân Y': Y travels with X."""
        text = self.finder.text
        people = [m for m in ms if m.type == "Person" and not m.nested]
        for prev, m in zip(people, people[1:]):
            if SPOUSE.search(text[max(start, m.start - 30):m.start]) and m.start - prev.end < 60:
                self.join(m.key, prev.key, (start, end), "delegation_spouse")

    def _delegation_bodies(self, start: int, end: int, ms: list["Mention"]) -> None:
        """'Đoàn đại biểu Bộ Ngoại giao Lào do Thứ trưởng X dẫn đầu': the ministry goes with X."""
        text = self.finder.text
        top = [m for m in ms if not m.nested]
        for n, m in enumerate(top):
            if m.type not in ("Organization", "Ministry"):
                continue
            if not DELEGATION_OF.search(text[max(start, m.start - 40):m.start]):
                continue
            leader = None
            rest = text[m.end:end]
            by = LED_BY.search(rest)
            if by and LEADS.search(rest):
                after = [o for o in top[n + 1:] if o.type == "Person" and o.start >= m.end + by.end()]
                leader = after[0].key if after else None
            if leader is None:  # "Thủ tướng X cùng Đoàn đại biểu cấp cao Chính phủ"
                opening = text[max(start, m.start - 60):m.start]
                before = [o for o in top[:n] if o.type == "Person"]
                if before and COMPANION.search(DELEGATION_OF.sub("", opening)):
                    leader = before[-1].key
            self.join(m.key, leader, (start, end), "delegation_body")

    # -- closing, once per document -------------------------------------------------------------

    def close(self) -> None:
        f = self.finder
        for _ in range(2):  # a body whose leader is a member of a larger delegation
            trips = self._trips_by_source()
            for companion, (leader, sentence, rule) in self.companions.items():
                conf = MEMBER_CONFIDENCE if rule != "delegation_body" else BODY_CONFIDENCE
                have = {(r.type, r.target) for r in trips.get(companion, [])}
                for r in trips.get(leader, []):
                    if r.type == "PARTICIPATED_IN" and (rule == "delegation_body" or r.props.get("role") != "participant"
                                                        or not TRIP_TO_ATTEND.search(f.text, *r.sentence)):
                        continue  # members travel with their head; they attend what the trip is for
                    if (r.type, r.target) not in have and not self._lives_in(companion, r.target, leader):
                        confidence = min(conf, round(r.confidence * 0.95, 2))  # a little less sure than the head
                        f._add(r.type, companion, r.target, sentence, confidence, rule, **r.props)
                        have.add((r.type, r.target))
        self._countries_of_places()

    def _trips_by_source(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for r in self.finder.out:
            if r.type in ("VISITED", "PARTICIPATED_IN"):
                out.setdefault(r.source, []).append(r)
        return out

    def home(self, key: str) -> str | None:
        f = self.finder
        if key in f.country_of:
            return f.country_of[key]
        country = f.entities[key].props.get("country") if key in f.entities else None
        return f"Country:{country}" if country else None

    def _country_of_place(self, key: str) -> str | None:
        props = self.finder.entities[key].props
        code = props.get("iso3") or props.get("country")
        return f"Country:{code}" if code else None

    def _lives_in(self, visitor: str, place: str, leader: str | None = None) -> bool:
        """A visitor does not visit their own country, nor the country they are posted to. A member
        of a delegation comes from its leader's country: "Nghị sĩ Quốc hội" in a foreign leader's
        party names that country's parliament, not the Quốc hội of Viet Nam the title defaults to."""
        country = self._country_of_place(place)
        home = (self.home(leader) if leader else None) or self.home(visitor)
        return self.finder.entities[place].type == "Country" and country is not None and country in (
            home, self.finder.posted.get(visitor))

    def _countries_of_places(self) -> None:
        f = self.finder
        for r in list(f.out):
            if r.type != "VISITED" or f.entities[r.target].type == "Country":
                continue
            country = self._country_of_place(r.target)
            if not country or country not in f.entities:
                continue
            home = self.home(r.source)
            if country == home or country == f.posted.get(r.source):
                continue  # an ambassador touring the provinces of the country of posting
            if home is None and country == "Country:VNM":
                continue  # whose home the text does not give: most likely at home in Viet Nam
            f._add("VISITED", r.source, country, r.sentence, min(PLACE_COUNTRY_CONFIDENCE, r.confidence),
                   "place_country", **r.props)
