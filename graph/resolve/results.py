"""What resolution gives: canonical entities, review candidates, merges, the id mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from threadline.graph.curation import JudgementIssue
from threadline.graph.model import Entity
from threadline.lookup import find_named

# Samples kept per candidate side.
_SAMPLES = 3


@dataclass(slots=True)
class CanonicalEntity:
    """One real-world entity across documents: the node of the graph."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    doc_ids: list[str]
    members: list[tuple[str, str]]
    # Why the type: the documents' evidence summed by type, and the cues most
    # often deciding it (ingest/evidence.py).
    type_votes: dict[str, float] = field(default_factory=dict)
    type_cues: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mention_count": self.mention_count,
            "doc_ids": list(self.doc_ids),
            "members": [list(m) for m in self.members],
            "type_votes": dict(self.type_votes),
            "type_cues": list(self.type_cues),
        }


@dataclass(slots=True, frozen=True)
class Candidate:
    """Two entities that may be one, left for an analyst to judge."""

    a: str
    b: str
    score: float
    reason: str


@dataclass(slots=True, frozen=True)
class Merge:
    """Why two document entities were put together (for reports and debugging)."""

    rule: str
    a: str
    b: str


@dataclass
class Resolution:
    """The canonical entities, how each document entity maps onto them, and what is left to review."""

    entities: dict[str, CanonicalEntity]
    candidates: list[Candidate] = field(default_factory=list)
    issues: list[JudgementIssue] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    _mapping: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _mentions: dict[tuple[str, str], Entity] = field(default_factory=dict, repr=False)

    def canonical_id(self, doc_id: str, local_id: str) -> str | None:
        """The canonical id of a document entity; None when a judgement rejected it (or unknown)."""
        return self._mapping.get((doc_id, local_id))

    def find(self, name: str, entity_type: str | None = None) -> list[CanonicalEntity]:
        """Entities a user-typed name refers to: by id, then canonical name, then alias."""
        return find_named(list(self.entities.values()), name, entity_type)

    def samples(self, canonical_id: str, limit: int = _SAMPLES) -> list[dict[str, Any]]:
        """A few mentions of an entity, from different documents first: what the candidates show."""
        entity = self.entities.get(canonical_id)
        if entity is None:
            return []
        first: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        seen_docs: set[str] = set()
        for doc_id, local_id in entity.members:
            local = self._mentions.get((doc_id, local_id))
            for mention in local.mentions if local else ():
                row = {"doc_id": doc_id, "start": mention.start, "end": mention.end}
                row["text"] = mention.text
                (rest if doc_id in seen_docs else first).append(row)
                seen_docs.add(doc_id)
        return (first + rest)[:limit]
