"""Long texts in slices: where to cut them, how to batch them, how to join the results.

The parser's memory and time grow with the text it holds, so a text longer than
``config.nlp.max_chars`` is cut at paragraph boundaries and its slices go
through ``nlp.pipe`` a few at a time. Each slice's extraction has offsets into
the slice; they are shifted back and the slices joined into one extraction, so
offsets always index the whole document text and an entity named in several
slices is one entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from threadline.graph.model import CoMention, Document, Entity, Extraction, Relation
from threadline.ingest.candidates import Rejection


@dataclass(slots=True)
class SliceExtraction:
    """The extraction of one slice of a document."""

    entities: list[Entity]
    relations: list[Relation]
    comentions: list[CoMention]
    rejected: list[Rejection]

    def shift(self, offset: int) -> None:
        """Move every offset from the slice's text to the whole document's text."""
        for entity in self.entities:
            entity.mentions = [
                type(m)(m.start + offset, m.end + offset, m.text) for m in entity.mentions
            ]
        for relation in self.relations:
            for evidence in relation.evidence:
                evidence.start += offset
                evidence.end += offset
        for comention in self.comentions:
            if comention.start is not None and comention.end is not None:
                comention.start += offset
                comention.end += offset
        self.rejected = [
            Rejection(r.text, r.label, r.reason, r.start + offset, r.end + offset)
            for r in self.rejected
        ]


def assemble(
    document: Document, parts: list[SliceExtraction]
) -> tuple[Extraction, list[Rejection]]:
    """One document's extraction from its slices': an entity's mentions and votes summed."""
    if len(parts) == 1:
        part = parts[0]
        entities, relations, comentions = part.entities, part.relations, part.comentions
    else:
        merged: dict[str, Entity] = {}
        relations, comentions = [], []
        by_pair: dict[tuple[str, str], CoMention] = {}
        for part in parts:
            for entity in part.entities:
                known = merged.setdefault(entity.id, Entity(entity.id, entity.name, entity.type))
                known.mentions.extend(entity.mentions)
                known.aliases.extend(a for a in entity.aliases if a not in known.aliases)
                for entity_type, weight in entity.type_votes.items():
                    known.type_votes[entity_type] = known.type_votes.get(entity_type, 0.0) + weight
                known.type_cues.extend(c for c in entity.type_cues if c not in known.type_cues)
                for entity_type, weight in entity.type_labels.items():
                    known.type_labels[entity_type] = (
                        known.type_labels.get(entity_type, 0.0) + weight
                    )
                for entity_type, weight in entity.type_names.items():  # the same in each slice
                    known.type_names[entity_type] = max(
                        known.type_names.get(entity_type, 0.0), weight
                    )
            relations.extend(part.relations)
            for comention in part.comentions:
                pair = (comention.source, comention.target)
                if pair in by_pair:
                    by_pair[pair].count += comention.count
                else:
                    by_pair[pair] = comention
                    comentions.append(comention)
        entities = list(merged.values())
    entities.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    extraction = Extraction(
        doc_id=document.id,
        title=document.title,
        text_length=len(document.text),
        entities=entities,
        relations=relations,
        co_mentions=comentions,
    )
    return extraction, [r for part in parts for r in part.rejected]


def slice_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Cut a long text into (offset, slice) pieces of at most ``max_chars``.

    Cuts fall at a paragraph break when there is one, else a line break, else a
    space, so names and sentences are rarely split.

    >>> slice_text("one two\\n\\nthree four", 12)
    [(0, 'one two\\n\\n'), (9, 'three four')]
    >>> slice_text("short", 100)
    [(0, 'short')]
    """
    if len(text) <= max_chars:
        return [(0, text)]
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + 1, window_end)
            if found > start:
                cut = found + len(separator)
                break
        if cut <= start:
            cut = window_end
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def char_bounded_batches(
    items: Iterable[tuple[str, Any]], batch_size: int, max_chars: int
) -> Iterator[list[tuple[str, Any]]]:
    """(text, context) pairs grouped by count and by total characters, in order.

    The parser's memory grows with the text in one batch, so the slices of a
    long document go through nlp.pipe a few at a time, never all at once.

    >>> items = [("a" * 6, 1), ("b" * 6, 2), ("c", 3), ("d", 4)]
    >>> [[c for _, c in g] for g in char_bounded_batches(items, 3, 10)]
    [[1], [2, 3, 4]]
    """
    group: list[tuple[str, Any]] = []
    chars = 0
    for item in items:
        if group and (len(group) >= batch_size or chars + len(item[0]) > max_chars):
            yield group
            group, chars = [], 0
        group.append(item)
        chars += len(item[0])
    if group:
        yield group
