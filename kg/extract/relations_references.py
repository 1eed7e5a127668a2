"""Short references to a named event or agreement: "Hội nghị" for "Hội nghị Cấp cao ...",
"buổi lễ", "sự kiện", "Bản ghi nhớ" for "Bản ghi nhớ hợp tác giữa ..." (ANNOTATION.md, "Events").

A class, not functions of the context: each reference reader indexes the whole document once
(the heads of the names, every hit of them) and each sentence then reads its own hits.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Span

from kg.extract.relations_common import Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

GENERIC_REFERENCES = {"sự kiện": "", "buổi lễ": "lễ", "lễ ký": "lễ ký", "buổi hội thảo": "hội thảo"}


@lru_cache(maxsize=512)
def _heads_pattern(heads: tuple[str, ...]) -> re.Pattern:
    """One pattern per set of heads: documents about the same kind of event share it."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.IGNORECASE)


class ShortReferences:
    """Short references to a named entity of one type: 'Hội nghị' for 'Hội nghị Cấp cao ...',
    'Bản ghi nhớ' for 'Bản ghi nhớ hợp tác giữa ...'. A reference opens with the first two words
    of the name (or a generic word: 'sự kiện', 'buổi lễ') and means the one the text named last."""

    def __init__(self, ctx: RelationContext, type_: str, generic: dict[str, str],
                 last: Callable[[], str | None], capitalized: bool = False) -> None:
        self.ctx = ctx
        self.type = type_
        self.named = {k: f for k, f in ctx.entities.items() if f.type == type_}
        self.generic = generic
        self.last = last
        self.capitalized = capitalized  # "Hiệp định" refers, "các hiệp định" does not
        self.heads = self._heads()
        self.pattern = self._reference_pattern()
        # every hit in the document at once; each sentence takes its own
        self.hits = list(self.pattern.finditer(ctx.text)) if self.pattern else []
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

    def references(self, sent: Span, ms: list[Mention]) -> list[Mention]:
        if self.pattern is None:
            return []
        text = self.ctx.text
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
