"""What the relation rule modules (kg/extract/relations_*.py) share besides their context:
the relations they find, the mentions they read, and the words and entity types several read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.schema import BODIES

__all__ = ["BODIES", "BOTH_SIDES", "DELEGATION", "DELEGATION_OF", "FoundRelation", "LEADS", "Mention", "PLACES",
           "SENTENCE_DATE"]

PLACES = {"Country", "Province", "City"}
DELEGATION = ("đoàn", "Đoàn")
# "Đoàn đại biểu cấp cao Bộ Công an", "đoàn công tác của Sở Ngoại vụ"
DELEGATION_OF = re.compile(r"\b[Đđ]oàn(?: đại biểu| công tác| cán bộ| quân sự)?(?: cấp cao)?(?: của)?\s*$")
LEADS = re.compile(r"dẫn đầu|làm [Tt]rưởng đoàn|làm trưởng đoàn|[Tt]rưởng [Đđ]oàn")
# "hai bên", "hai nước", "hai Bộ trưởng": the two sides of a bilateral article.
BOTH_SIDES = {"hai"}

# A `date` property to read from the sentence only when the relation is kept: reading a
# sentence's date is the costliest step of the relation rules.
SENTENCE_DATE = object()


@dataclass
class FoundRelation:
    """A relation a rule found. `confidence` approximates the precision of `rule` on the
    training corpus (entity errors included); a downstream model may use both as features."""

    type: str
    source: str
    target: str
    sentence: tuple[int, int]
    props: dict = field(default_factory=dict)
    confidence: float = 1.0
    rule: str = ""  # the rule that found it ("visit_trigger", "delegation_member", ...)


@dataclass
class Mention:
    start: int
    end: int
    key: str
    type: str
    nested: bool = False  # inside the name of another entity
