"""Meetings (MET): who met whom in a sentence with a meeting word (kg/data/triggers.tsv).

A mixin of RelationFinder (kg/extract/relations.py): it uses the finder's text, people,
triggers and `_add`, and records the last pair that met for "hai Bộ trưởng".
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.rules_common import SENTENCE_DATE

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations import Mention

RECEIVED = {"đoàn", "ông", "bà", "ngài", "đồng"}  # "tiếp đoàn ...", "đón ông X", "tiếp đồng chí X"
ATTENDEES = re.compile(r"\bcó\b|:")


class MeetingRules:
    def _met(self, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
        verbs = [t for t in self._triggered(triggers, "MET") if not self._not_a_meeting(t, ms)]
        if not verbs:
            return
        date = SENTENCE_DATE
        subject: list[Mention] = []
        for n, t in enumerate(verbs):
            kind = t.id_.split("|")[2]
            if subject:
                # "A hội đàm với B; hội kiến C, D": A meets whoever each later verb names
                stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
                for b in self._people(ms, t.end_char, stop):
                    self._add("MET", subject[0].key, b.key, sent, 0.7, "met_verb_list", kind=kind, date=date)
                continue
            before = self._people(ms, sent.start_char, t.start_char)
            after = self._people(ms, t.end_char, sent.end_char)
            right = self.text[t.end_char:after[0].start] if after else ""
            if t.text.lower().startswith("trình") and " lên " in self.text[t.end_char:sent.end_char]:
                # "trình quốc thư (của Chủ tịch nước Y) lên Tổng thống Z": Z receives
                up = self.text.index(" lên ", t.end_char)
                after = [m for m in after if m.start > up]
            if right.lstrip().startswith("giữa"):  # "cuộc điện đàm giữa A và B": A and B only
                pairs = list(combinations(after[:2], 2))
            elif before:
                pairs = [(a, b) for a in before[-2:] for b in after[:2]]
            elif ATTENDEES.search(right):
                continue  # "Tham dự hội đàm có A; B; C", "Đón tiếp đoàn có: A, B": who attended, not a pair
            else:
                pairs = list(combinations(after, 2))
            rule, confidence = "met_trigger", 0.7
            if not after and len(before) >= 2 and self._joined(before[-2], before[-1]):
                # "A và B đồng chủ trì", "A và B đã hội đàm"
                pairs, rule, confidence = [(before[-2], before[-1])], "met_joined_subjects", 0.65
            for a, b in pairs:
                self._add("MET", a.key, b.key, sent, confidence, rule, kind=kind, date=date)
            if pairs:
                self.last_pair = (pairs[0][0].key, pairs[0][1].key)
                subject = before[-1:]
                if subject:  # "làm việc với ông A, ...; ông B, ...; ông C": the rest of one list
                    stop = verbs[n + 1].start_char if n + 1 < len(verbs) else sent.end_char
                    listed = self._people(ms, t.end_char, stop)[2:]
                    for b in listed:
                        if self.text[t.end_char:b.start].count(";") >= 1:
                            self._add("MET", subject[0].key, b.key, sent, 0.6, "met_list", kind=kind, date=date)

    def _not_a_meeting(self, t: Span, ms: list[Mention]) -> bool:
        """'tiếp tục', 'tiếp nhận', 'đón nhận': not a reception ('tiếp đoàn', 'tiếp ông X' are)."""
        if t.text not in ("tiếp", "đón") or t.end >= len(self.doc):
            return False
        following = self.doc[t.end]
        if not following.is_lower or following.text in RECEIVED:
            return False
        return not self._people(ms, t.end_char, t.end_char + 25)
