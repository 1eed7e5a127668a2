"""Events and agreements: their parties, their short references, and participation
written as a noun phrase or as a list.

ANNOTATION.md, "Events" and "Signing": the bodies and places named as the parties
in an event's or agreement's name ("giữa A, B và C", "A - B") took part in it or
signed it; later short references ("Hội nghị", "buổi lễ", "sự kiện") are the same
event; whoever "chủ trì", "dự" it participated, also when written as a noun
phrase ("dưới sự chủ trì của X", "với sự tham dự của X", "[sự kiện] do X chủ trì")
or as a list ("Dự ... có A, B", "Về phía Việt Nam có A, B").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Span

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.entities import FoundName
    from kg.extract.relations import Mention, RelationFinder

PARTY_TYPES = {"Country", "Province", "City", "Ministry", "Organization"}
PARTY_JOINS = {"-", "–", "và", ",", "với"}
# a noun phrase naming who chairs or attends
NOMINAL = re.compile(r"\b(?:(?:dưới sự (?P<chair>(?:đồng )?chủ trì|chủ tọa)|"
                     r"(?:với|có) sự (?P<part>tham dự|tham gia|có mặt|hiện diện|chứng kiến)) của|"
                     r"được (?P<passive>(?:đồng )?chủ trì|chủ tọa) bởi)\b")  # "Kỳ họp được đồng chủ trì bởi A và B"
# "[sự kiện] do X chủ trì": who comes between "do" and the verb
DONE_BY = re.compile(r"\bdo\b(?P<who>[^;:]{3,160}?)"
                     r"\b(?P<verb>đồng chủ trì|chủ trì|chủ tọa|đăng cai|phối hợp tổ chức|tổ chức)\b")
# "Dự lễ ký có A, B", "Về phía Việt Nam có A, B"
LIST_OPENER = re.compile(r"\W*(?P<opener>(?:[Cc]ùng )?(?:[Tt]ham )?[Dd]ự|[Tt]ham gia|[Vv]ề phía)\b")
GENERIC_REFERENCES = {"sự kiện": "", "buổi lễ": "lễ", "lễ ký": "lễ ký", "buổi hội thảo": "hội thảo"}
ROLE_OF_VERB = {"đồng chủ trì": "chair", "chủ trì": "chair", "chủ tọa": "chair", "đăng cai": "host",
                "phối hợp tổ chức": "organizer", "tổ chức": "organizer"}

NAME_PARTY_CONFIDENCE = 0.6
NOMINAL_CONFIDENCE = 0.6
LIST_CONFIDENCE = 0.55


class EventRules:
    def __init__(self, finder: "RelationFinder") -> None:
        self.f = finder
        self.refs = ShortReferences(finder, "Event", GENERIC_REFERENCES, lambda: finder.last_event)

    # -- parties named in a name --------------------------------------------------------------

    def name_parties(self, name: "FoundName") -> list[str]:
        """The bodies a name names as its parties: after 'giữa', or two and more joined by
        '-', 'và', ','. A body in brackets only says where its neighbour is ('(Việt Nam)')."""
        f = self.f
        span = f.doc[name.start:name.end]
        text = f.text
        inner = [m for m in f.mentions if span.start_char <= m.start and m.end <= span.end_char
                 and m.key != name.key and m.type in PARTY_TYPES]
        top = [m for m in inner if not any(o is not m and o.start <= m.start and m.end <= o.end
                                           and (o.end - o.start) > (m.end - m.start) for o in inner)]
        top = [m for m in top if text[span.start_char:m.start].count("(") <= text[span.start_char:m.start].count(")")]
        between = text.find(" giữa ", span.start_char, span.end_char)
        if between >= 0:
            parties = [m for m in top if m.start > between]
            if parties and not (len(parties) == 1 and parties[0].type == "Country"):
                return self._with_nested_places(parties, inner)
        runs: list[list[Mention]] = []
        for m in top:
            if runs and text[runs[-1][-1].end:m.start].strip() in PARTY_JOINS:
                runs[-1].append(m)
            else:
                runs.append([m])
        parties = [m for run in runs if len(run) > 1 for m in run]
        return self._with_nested_places(parties, inner)

    @staticmethod
    def _with_nested_places(parties: list["Mention"], inner: list["Mention"]) -> list[str]:
        """'UBND tỉnh A và Chính quyền bang B': the provinces of the bodies are parties too."""
        keys = [m.key for m in parties]
        for p in parties:
            if p.type == "Organization":
                keys += [m.key for m in inner if m.type == "Province" and p.start <= m.start and m.end <= p.end]
        return list(dict.fromkeys(keys))

    def event_name_parties(self, name: "FoundName", sent: Span) -> None:
        span = self.f.doc[name.start:name.end]
        # "Lễ đón Tổng thống X": the person an event is held for takes part in it
        for m in self.f.mentions:
            if m.type == "Person" and span.start_char <= m.start and m.end <= span.end_char:
                self.f._add("PARTICIPATED_IN", m.key, name.key, sent, NAME_PARTY_CONFIDENCE, "event_name_person",
                            role="participant")
        parties = self.name_parties(name)
        for key in parties:
            self.f._add("PARTICIPATED_IN", key, name.key, sent, NAME_PARTY_CONFIDENCE, "event_name_party",
                        role="participant")

    # -- short references --------------------------------------------------------------------

    def references(self, sent: Span, ms: list["Mention"]) -> list["Mention"]:
        """'Hội nghị', 'buổi lễ', 'sự kiện' in the sentence, outside any name: the event they refer to."""
        return self.refs.references(sent, ms)

    # -- participation written as a noun phrase or a list -------------------------------------

    def nominal(self, sent: Span, ms: list["Mention"], events: list["Mention"]) -> None:
        f = self.f
        text = f.text
        for hit in NOMINAL.finditer(text, sent.start_char, sent.end_char):
            event = self._event_for(events, hit.start())
            if not event:
                continue
            role = "chair" if hit.group("chair") or hit.group("passive") else "participant"
            stop = self._clause_end(hit.end(), sent.end_char)
            for key in self._actors(ms, hit.end(), stop):
                f._add("PARTICIPATED_IN", key, event, sent, NOMINAL_CONFIDENCE, "participation_nominal", role=role)
        for hit in DONE_BY.finditer(text, sent.start_char, sent.end_char):
            before = [e for e in events if e.end <= hit.start()]
            if not before or hit.start() - before[-1].end > 80:
                continue
            role = ROLE_OF_VERB[hit.group("verb")]
            for key in self._actors(ms, hit.start("who"), hit.end("who"), bodies=True):
                f._add("PARTICIPATED_IN", key, before[-1].key, sent, NOMINAL_CONFIDENCE, "participation_done_by",
                       role=role)

    def listed(self, sent: Span, ms: list["Mention"], events: list["Mention"]) -> None:
        """'Dự Hội nghị có A, B', 'Về phía Việt Nam có A, B': the people listed took part."""
        f = self.f
        text = f.text
        opener = LIST_OPENER.match(text, sent.start_char, sent.end_char)
        if not opener:
            return
        has = text.find(" có ", opener.end(), sent.end_char)
        if has < 0 or has - opener.end() > 200:
            return
        named = [e for e in events if e.start < has]
        said = text[opener.end():has].strip()
        if named:
            event = named[0].key
        elif opener.group("opener").lower() == "về phía" or not said:
            event = f.last_event  # "Về phía Việt Nam có ...", "Tham dự có ...": the event of the text
        else:
            return  # "Dự hội đàm có ...", "Tham dự buổi tiếp có ...": not an event the text named
        if not event:
            return
        for key in self._actors(ms, has, sent.end_char, people_only=opener.group("opener").lower() == "về phía"):
            f._add("PARTICIPATED_IN", key, event, sent, LIST_CONFIDENCE, "participation_list", role="participant")

    def _event_for(self, events: list["Mention"], at: int) -> str | None:
        before = [e for e in events if e.end <= at]
        if before:
            return before[-1].key
        after = [e for e in events if e.start >= at]
        return after[0].key if after else self.f.last_event

    def _clause_end(self, start: int, end: int) -> int:
        stop = self.f.text.find(";", start, end)
        return stop if stop >= 0 else end

    def _actors(self, ms: list["Mention"], start: int, end: int, people_only: bool = False,
                bodies: bool = False) -> list[str]:
        """People in [start, end), and bodies: all of them with `bodies`, else those sent as
        such ('đại diện Bộ X')."""
        text = self.f.text
        out = []
        for m in ms:
            if not (start <= m.start < end) or m.nested:
                continue
            if m.type == "Person":
                out.append(m.key)
            elif not people_only and m.type in ("Ministry", "Organization", "Country", "Province") and (
                    bodies or text[max(start, m.start - 12):m.start].rstrip().endswith(("đại diện", "Đại diện"))):
                out.append(m.key)
        return list(dict.fromkeys(out))


@lru_cache(maxsize=512)
def _heads_pattern(heads: tuple[str, ...]) -> re.Pattern:
    """One pattern per set of heads: documents about the same kind of event share it."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.IGNORECASE)


class ShortReferences:
    """Short references to a named entity of one type: 'Hội nghị' for 'Hội nghị Cấp cao ...',
    'Bản ghi nhớ' for 'Bản ghi nhớ hợp tác giữa ...'. A reference opens with the first two words
    of the name (or a generic word: 'sự kiện', 'buổi lễ') and means the one the text named last."""

    def __init__(self, finder: "RelationFinder", type_: str, generic: dict[str, str],
                 last: Callable[[], str | None], capitalized: bool = False) -> None:
        self.f = finder
        self.type = type_
        self.named = {k: f for k, f in finder.entities.items() if f.type == type_}
        self.generic = generic
        self.last = last
        self.capitalized = capitalized  # "Hiệp định" refers, "các hiệp định" does not
        self.heads = self._heads()
        self.pattern = self._reference_pattern()
        # every hit in the document at once; each sentence takes its own
        self.hits = list(self.pattern.finditer(finder.text)) if self.pattern else []
        self.hit_starts = [h.start() for h in self.hits]

    def _heads(self) -> dict[str, list[str]]:
        """'hội nghị' -> the entities whose name opens with it."""
        heads: dict[str, list[str]] = {}
        for key, found in self.named.items():
            for name in [found.name, *found.aliases]:
                words = name.split()
                if len(words) >= 2:
                    heads.setdefault(" ".join(words[:2]).casefold(), []).append(key)
                if words and words[0].casefold() == "lễ":
                    heads.setdefault("lễ", []).append(key)
        for generic, head in self.generic.items():
            keys = [k for h, ks in heads.items() if h.startswith(head) for k in ks]
            if keys:
                heads.setdefault(generic, keys)
        return {h: list(dict.fromkeys(ks)) for h, ks in heads.items()}

    def _reference_pattern(self) -> re.Pattern | None:
        heads = tuple(sorted((h for h in self.heads if h != "lễ"), key=lambda h: (-len(h), h)))
        return _heads_pattern(heads) if heads else None

    def references(self, sent: Span, ms: list["Mention"]) -> list["Mention"]:
        from kg.extract.relations import Mention

        if self.pattern is None:
            return []
        text = self.f.text
        named = [m for m in ms if m.type in ("Event", "Agreement", "Organization")]
        out: list[Mention] = []
        lo, hi = bisect_left(self.hit_starts, sent.start_char), bisect_left(self.hit_starts, sent.end_char)
        for hit in self.hits[lo:hi]:
            if any(m.start <= hit.start() < m.end for m in named):
                continue
            if self.capitalized and (not hit.group(0)[:1].isupper()
                                     or text[max(0, hit.start() - 6):hit.start()].split()[-1:] in (["các"], ["những"])):
                continue
            candidates = self.heads.get(hit.group(0).casefold(), [])
            following = text[hit.end():hit.end() + 30].split()
            if following and following[0][:1].isupper():
                # "Hội nghị G20": the next word must belong to the name referred to
                candidates = [k for k in candidates if following[0].strip(",.;:") in self.named[k].name]
            key = self._nearest(candidates, hit.start())
            if key:
                out.append(Mention(hit.start(), hit.end(), key, self.type))
        return out

    def _nearest(self, keys: list[str], at: int) -> str | None:
        """Of the entities a reference may mean, the one the text named last before it (else first)."""
        if not keys:
            return None
        last = self.last()
        if last in keys:
            return last
        mentions = {k: self.named[k].mentions for k in keys}
        before = [(max(s for s, _ in mentions[k] if s < at), k) for k in keys if any(s < at for s, _ in mentions[k])]
        if before:
            return max(before)[1]
        return min(keys, key=lambda k: min(s for s, _ in mentions[k]) if mentions[k] else 0)
