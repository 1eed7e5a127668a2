"""Rules about bodies: which unit is part of which body (PART_OF written by juxtaposition),
and which bodies cooperate (COOPERATES_WITH from cooperation, support and aid words).

A mixin of RelationFinder (kg/extract/relations.py): it uses the finder's text, entities,
triggers and `_add`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.schema import BODIES

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations import Mention

BETWEEN = re.compile(r"\bgiữa\b")
PAIR_GAPS = {"và", "-", "–", "với"}
UNIT_WORDS = {"Cục", "Vụ", "Ban", "Văn phòng", "Viện", "Sở", "Phòng", "Tổng cục", "Trường", "Học viện",
              "Ủy ban", "Hội đồng", "Trung tâm", "Tổng Lãnh sự quán", "Đại sứ quán"}
UNIT_GAPS = {",", "(", "thuộc", "trực thuộc", ", thuộc", "của"}
SUPPORT = {"hỗ trợ", "giúp đỡ", "tài trợ", "viện trợ"}


class BodyRules:
    def _units_of(self, sent: Span, ms: list[Mention]) -> None:
        """'Cục Lãnh sự, Bộ Ngoại giao', 'Cục X (Bộ Y)', 'Vụ A thuộc Bộ B': a unit written
        right before the body it belongs to is part of it."""
        top = [m for m in ms if not m.nested and m.type in ("Organization", "Ministry")]
        for a, b in zip(top, top[1:]):
            if a.type != "Organization" or a.key == b.key:
                continue
            if not self._is_unit(a.key):
                continue
            gap = self.text[a.end:b.start].strip()
            if b.type == "Organization" and self._is_unit(b.key):
                continue  # "Cục A, Cục B": a list of units, not a unit and its body
            if gap in UNIT_GAPS and (b.type == "Ministry" or gap not in (",", "")):  # "A, B, C": a list
                self._add("PART_OF", a.key, b.key, sent, 0.55, "unit_of_body")

    def _is_unit(self, key: str) -> bool:
        first = self.entities[key].name.split()[:2]
        return bool(first) and (first[0] in UNIT_WORDS or " ".join(first) in UNIT_WORDS)

    def _cooperation(self, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
        if not self._triggered(triggers, "COOPERATES_WITH"):
            return
        top = [m for m in ms if not m.nested]
        text = self.text
        if any(m.key == "Country:VNM" for m in top):
            partnered: list[Mention] = []
            for m in top:
                if m.type == "Province" and self.entities[m.key].props.get("country") != "VNM":
                    cue = text[max(sent.start_char, m.start - 14):m.start].replace("tỉnh", "").replace("bang", "")
                    cue = cue.strip().split()[-1:] if cue.strip() else []
                    if cue and (cue[0] in {"với", "giữa", "-", "–"} or cue[0] in {"và", ","} and partnered):
                        partnered.append(m)
                        self._add("COOPERATES_WITH", "Country:VNM", m.key, sent, 0.6, "cooperation_vnm")
            regions = {m.key for m in partnered}
            for n, m in enumerate(top):
                if m.type != "Country" or m.key == "Country:VNM":
                    continue
                # "Vân Nam và Quảng Tây, Trung Quốc": the partner is the province, not its country
                if n and top[n - 1].key in regions and text[top[n - 1].end:m.start].strip() == ",":
                    continue
                self._add("COOPERATES_WITH", "Country:VNM", m.key, sent, 0.6, "cooperation_vnm")
        # "Quảng Nam - Nagasaki", "giữa HĐND tỉnh A và Hội đồng B": two bodies of one kind side by side
        for a, b in zip(top, top[1:]):
            gap = text[a.end:b.start].strip()
            paired = gap in {"-", "–"} or gap == "và" and text[max(0, a.start - 30):a.start].find("giữa") >= 0
            if a.type == b.type and a.type in BODIES - {"Country"} and paired:
                self._add("COOPERATES_WITH", a.key, b.key, sent, 0.6, "cooperation_pair")
        self._cooperation_partners(sent, top, triggers)

    def _between_pairs(self, sent: Span, after: list[Mention]) -> None:
        """'giữa A và B', 'giữa A với B', 'giữa A và các tổ chức B, C, D': A with each of the others."""
        if len(after) < 2:
            return
        first, rest = after[0], after[1:]
        if self.text[first.end:rest[0].start].strip() not in PAIR_GAPS and \
                not re.fullmatch(r"\s*(?:và|với)\s+(?:\w+\s+){0,3}", self.text[first.end:rest[0].start]):
            return
        others = [rest[0]]
        for m in rest[1:]:
            if self.text[others[-1].end:m.start].strip() not in {",", "và"}:
                break
            others.append(m)
        for other in others:
            self._add("COOPERATES_WITH", first.key, other.key, sent, 0.75, "cooperation_between")

    def _cooperation_partners(self, sent: Span, top: list[Mention], triggers: list[Span]) -> None:
        """'Sở A phối hợp với Cục B', 'Bộ A hỗ trợ tỉnh B', 'hợp tác giữa A và B': the body
        that acts and the body it acts with. Aid and support are cooperation (ANNOTATION.md)."""
        text = self.text
        bodies = [m for m in top if m.type in BODIES and not self._in_brackets(m, sent)]
        cues = self._triggered(triggers, "COOPERATES_WITH")
        if cues:  # "quan hệ hợp tác giữa hai nước nói chung, giữa Bộ A và Bộ B nói riêng"
            for between in BETWEEN.finditer(text, cues[0].end_char, sent.end_char):
                self._between_pairs(sent, [m for m in bodies if m.start >= between.end()][:6])
        for t in cues:
            after = [m for m in bodies if m.start >= t.end_char]
            head = text[t.end_char:t.end_char + 8].lstrip()
            if head.startswith("giữa"):
                continue
            if t.text not in SUPPORT and not t.text.endswith("với") and not head.startswith("với"):
                continue
            before = [m for m in bodies if m.end <= t.start_char and t.start_char - m.end <= 60]
            if not before or not after or after[0].start - t.end_char > 40:
                continue
            left = before[-1]
            for right in self._list_from([m for m in after if m.type == after[0].type]):
                if left.type == "Country" and right.type == "Country":
                    continue  # countries: cooperation_vnm above, with its own checks
                self._add("COOPERATES_WITH", left.key, right.key, sent, 0.35, "cooperation_partner")
