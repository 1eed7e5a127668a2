"""What the relation rule modules (kg/extract/relations_*.py) share besides their context:
the relations they find, the mentions they read, and the entity types they group."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.schema import BODIES

__all__ = ["BODIES", "DELEGATION", "FoundRelation", "Mention", "PLACES", "SENTENCE_DATE"]

PLACES = {"Country", "Province", "City"}
DELEGATION = ("đoàn", "Đoàn")

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
