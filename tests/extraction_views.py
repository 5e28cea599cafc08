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


def types_with_span(extractor, text: str, name: str, label: str) -> dict[str, str]:
    """Entity types by name when the model tags ``name`` (its first use) with ``label``, as it
    does in the sentence a test stands for but not always in the invented one; the model's
    other spans stay where they do not overlap it."""
    doc = extractor.nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label=label)
    others = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
    doc.ents = sorted([*others, span], key=lambda e: e.start)
    return types_by_name(extractor._extract_doc(doc, 0))
