"""The data contracts: documents, mentions, entities, relations and their evidence.

These plain data classes are what flows between the stages (ingest -> extract ->
resolve -> graph). Their ``to_dict`` forms are the extraction JSON contract
(ARCHITECTURE.md section 4), relied on from outside the project: add fields only
in a backwards-compatible way.

>>> m = Mention(start=0, end=5, text="Alice")
>>> Entity(id="e1", name="Alice", type="Person", mentions=[m]).to_dict()["mentions"]
[{'start': 0, 'end': 5, 'text': 'Alice'}]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# The co-occurrence pseudo-relation: kept apart from typed relations everywhere.
MENTIONED_WITH = "MENTIONED_WITH"

# The in-memory graph (graph/build.py makes it; exports, views, analytics and
# stores read it) is a ``networkx.MultiDiGraph`` shaped as the graph JSON
# contract (ARCHITECTURE.md section 5):
#
# - node key: the canonical entity id (a string); attributes ``name``, ``type``,
#   ``aliases`` (list of str), ``mention_count``, ``doc_count``, ``doc_ids`` (list),
#   and when analytics ran: ``degree``, ``pagerank``, ``betweenness``, ``community``.
# - edge (source, target, key): attributes ``type`` (a relation type or
#   MENTIONED_WITH), ``weight`` (number of evidence items; for MENTIONED_WITH the
#   co-mention count), ``properties`` (dict, e.g. {"role": "president"}),
#   ``evidence`` (list of {doc_id, sentence, start, end, rule, confidence}).
#   One edge per (source, target, type, properties); its key is
#   ``edge_key(type, properties)``.
# - graph attribute ``documents``: {doc_id: Document.metadata()} for every
#   source document, so evidence can show the title of its document.


def edge_key(relation_type: str, properties: dict[str, Any]) -> str:
    """The MultiDiGraph key of an edge: its type plus its properties, stable.

    >>> edge_key("WORKS_FOR", {"role": "president"})
    'WORKS_FOR|role=president'
    >>> edge_key("PART_OF", {})
    'PART_OF'
    """
    if not properties:
        return relation_type
    parts = [f"{k}={properties[k]}" for k in sorted(properties)]
    return relation_type + "|" + "|".join(parts)


def entity_id(entity_type: str, name: str) -> str:
    """A stable id for an entity of a type and name: same input, same id everywhere.

    >>> entity_id("Person", "Jin Xinjiang") == entity_id("Person", "jin  xinjiang")
    True
    >>> entity_id("Person", "Jin Xinjiang").startswith("person-")
    True
    """
    key = " ".join(name.casefold().split())
    digest = hashlib.sha1(f"{entity_type}\x1f{key}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{entity_type.lower()}-{digest[:12]}"


def content_hash(text: str) -> str:
    """Return the id of a document: the SHA-256 of its cleaned text (hex, 16 chars).

    Sixteen hex characters (64 bits) keep ids readable in exports while making a
    collision in any realistic corpus vanishingly unlikely.

    >>> content_hash("hello")
    '2cf24dba5fb0a30e'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    """A cleaned document ready for NLP, with the metadata readers could find.

    ``id`` is the content hash of ``text``; the same article read from two files
    is one document with two ``origins``.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origins: list[str] = field(default_factory=list)
    format: str | None = None

    @classmethod
    def from_text(cls, text: str, **metadata: Any) -> Document:
        """Build a document whose id is the hash of its text."""
        return cls(id=content_hash(text), text=text, **metadata)

    def metadata(self) -> dict[str, Any]:
        """Everything but the text: what the graph and stores keep about a document."""
        return {
            "doc_id": self.id,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "source": self.source,
            "author": self.author,
            "origins": list(self.origins),
            "format": self.format,
            "text_length": len(self.text),
        }

    def to_dict(self) -> dict[str, Any]:
        data = self.metadata()
        data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            id=data["doc_id"],
            text=data["text"],
            title=data.get("title"),
            date=data.get("date"),
            url=data.get("url"),
            source=data.get("source"),
            author=data.get("author"),
            origins=list(data.get("origins") or []),
            format=data.get("format"),
        )


@dataclass(slots=True, frozen=True)
class Mention:
    """A span of the document text naming an entity: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(start=int(data["start"]), end=int(data["end"]), text=data["text"])


@dataclass(slots=True)
class Entity:
    """An entity as found in one document: canonical name, type, aliases, mentions.

    ``id`` is local to the extraction (stable for the same text); cross-document
    resolution maps it to a canonical entity id.
    """

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Why the type: summed evidence per type and the strongest cues for the
    # winner (ingest/evidence.py). Optional keys of the extraction JSON.
    type_votes: dict[str, float] = field(default_factory=dict)
    type_cues: list[str] = field(default_factory=list)
    # The part of ``type_votes`` that comes from the model's labels.
    type_labels: dict[str, float] = field(default_factory=dict)
    # The part that comes from the words of the name itself (a first name, an
    # organization's word, the place list): the same in every document that writes it.
    type_names: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.type_votes:
            data["type_votes"] = {k: round(v, 2) for k, v in sorted(self.type_votes.items())}
            data["type_cues"] = list(self.type_cues)
            data["type_labels"] = {k: round(v, 2) for k, v in sorted(self.type_labels.items())}
            if self.type_names:
                data["type_names"] = {k: round(v, 2) for k, v in sorted(self.type_names.items())}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            name=data["name"],
            type=data["type"],
            aliases=list(data.get("aliases") or []),
            mentions=[Mention.from_dict(m) for m in data.get("mentions") or []],
            type_votes={str(k): float(v) for k, v in (data.get("type_votes") or {}).items()},
            type_cues=[str(c) for c in data.get("type_cues") or []],
            type_labels={str(k): float(v) for k, v in (data.get("type_labels") or {}).items()},
            type_names={str(k): float(v) for k, v in (data.get("type_names") or {}).items()},
        )


@dataclass(slots=True)
class Evidence:
    """The sentence that states a relation, where it is, and which rule read it."""

    start: int
    end: int
    sentence: str
    rule: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "rule": self.rule,
            "confidence": round(float(self.confidence), 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            sentence=data["sentence"],
            rule=data["rule"],
            confidence=float(data["confidence"]),
        )


@dataclass(slots=True)
class Relation:
    """A typed, directed relation between two entities of one document."""

    type: str
    source: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "properties": dict(self.properties),
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relation:
        return cls(
            type=data["type"],
            source=data["source"],
            target=data["target"],
            properties=dict(data.get("properties") or {}),
            evidence=[Evidence.from_dict(e) for e in data.get("evidence") or []],
        )


@dataclass(slots=True)
class CoMention:
    """Two entities named in the same sentence, ``count`` times in one document.

    Never a typed relation: it is exported as ``MENTIONED_WITH`` and kept out of
    relation counts and precision claims.
    """

    source: str
    target: str
    count: int
    sentence: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoMention:
        return cls(
            source=data["source"],
            target=data["target"],
            count=int(data["count"]),
            sentence=data.get("sentence"),
            start=data.get("start"),
            end=data.get("end"),
        )


@dataclass(slots=True)
class Extraction:
    """Everything NLP found in one document: the unit cached per document.

    ``to_dict`` is the extraction JSON contract; ``co_mentions`` is an additional
    key that consumers of the contract may ignore.
    """

    doc_id: str
    title: str | None
    text_length: int
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    co_mentions: list[CoMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "text_length": self.text_length,
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "co_mentions": [c.to_dict() for c in self.co_mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            doc_id=data["doc_id"],
            title=data.get("title"),
            text_length=int(data["text_length"]),
            entities=[Entity.from_dict(e) for e in data.get("entities") or []],
            relations=[Relation.from_dict(r) for r in data.get("relations") or []],
            co_mentions=[CoMention.from_dict(c) for c in data.get("co_mentions") or []],
        )
