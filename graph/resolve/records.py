"""The working state of resolution: document entities, groups in the making, union-find.

Every rule links document entities (``Record``) by index in one union-find;
its components become ``Group``s, which the analyst's judgements reshape
before they become canonical entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from threadline.graph.model import Entity


class UnionFind:
    """Union-find whose roots are the smallest index: the result never depends on order."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


@dataclass(slots=True)
class Record:
    """One document entity."""

    doc_id: str
    entity: Entity
    key: str


@dataclass(slots=True, eq=False)
class Group:
    """A canonical entity in the making: its document entities plus any judgement overrides."""

    members: list[int]
    type: str
    gazetteer_name: str | None = None
    name_override: str | None = None
    dropped_keys: set[str] = field(default_factory=set)
    rejected: bool = False
    # A bare ambiguous name ("Treasury") kept apart: the document it stands in.
    bare_doc: str | None = None
