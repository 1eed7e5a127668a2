"""Typed records passed between the stages.

loaders -> Document; extraction -> Extraction (per document); resolution -> GraphDelta.
Every record forbids unknown fields, so a stage cannot silently pass on a typo.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal[
    "Person", "Country", "Province", "City", "Ministry", "Organization", "Agreement", "Event"
]
RelationType = Literal[
    "HOLDS_POSITION",
    "POSTED_TO",
    "VISITED",
    "MET",
    "SIGNED",
    "PARTICIPATED_IN",
    "COOPERATES_WITH",
    "PART_OF",
]
PropValue = str | int | float | bool | list[str] | None


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(Record):
    """One news page, body text only (page furniture removed)."""

    id: str = Field(description="stable id: 'article:' + hash of the url, else of the text")
    name: str = Field(description="file name without extension, or the JSONL id")
    source: str = Field(description="path of the file it came from")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date, as precise as the page gives")
    text: str
    sha256: str = Field(description="sha256 of text")


class LoadError(Record):
    """An input that could not be read; the run reports it and goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        """One line whatever the file is called: a newline in a name cannot forge a second report."""
        return f"{printable(self.source)}: {printable(self.reason)}"


def printable(text: str) -> str:
    """`text` with what a terminal would not show as itself (newlines, controls, format marks)
    escaped as repr() does; letters of every script stay as they are."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Evidence(Record):
    """Where a fact was read: the sentence and its offsets in Document.text."""

    doc_id: str
    sentence: str
    start: int
    end: int


class Mention(Record):
    start: int
    end: int
    text: str


class Entity(Record):
    """An entity of one document. `key` is unique within the extraction."""

    key: str
    type: EntityType
    name: str
    props: dict[str, PropValue] = Field(default_factory=dict)
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Relation(Record):
    type: RelationType
    source: str = Field(description="Entity.key of the head")
    target: str = Field(description="Entity.key of the tail")
    props: dict[str, PropValue] = Field(default_factory=dict)
    evidence: Evidence
    confidence: float = 1.0


class Extraction(Record):
    """What the extractor found in one document."""

    doc: Document
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)


class Node(Record):
    id: str
    label: str
    props: dict[str, PropValue] = Field(default_factory=dict)


class Edge(Record):
    """A relationship between canonical ids. `key` tells two facts of one type apart."""

    source: str
    target: str
    type: str
    key: str
    props: dict[str, PropValue] = Field(default_factory=dict)


class GraphDelta(Record):
    """Resolved nodes and edges of one document, under canonical ids."""

    article: Node
    nodes: list[Node] = Field(default_factory=list)
    mentions: dict[str, int] = Field(default_factory=dict, description="entity id -> count")
    edges: list[Edge] = Field(default_factory=list)
