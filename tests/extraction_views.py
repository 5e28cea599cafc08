"""Views of an extraction that many tests read: the entities' types and the relations by name."""

from __future__ import annotations

from threadline.graph.model import Document, Extraction


def extract(extractor, text: str) -> Extraction:
    return extractor.extract(Document.from_text(text))


def types_by_name(extraction: Extraction) -> dict[str, str]:
    return {e.name: e.type for e in extraction.entities}


def relations(extraction: Extraction) -> set[tuple[str, str, str]]:
    """(source name, type, target name) of every relation."""
    names = {e.id: e.name for e in extraction.entities}
    return {(names[r.source], r.type, names[r.target]) for r in extraction.relations}
