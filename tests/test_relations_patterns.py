"""Every example of every bundled pattern file, run through the real extractor.

An example lists every relation its sentence must give; anything else the
sentence gives is a failure, so an example with ``expect: []`` (negation,
denial, a country in a list of partners) proves the pattern stays silent.
The examples test the patterns, so the relation classifier is off here; it has
tests of its own (test_relation_model.py).
"""

from __future__ import annotations

import pytest

from threadline.config import Config
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.relations import RelationEngine
from threadline.names import name_key

PATTERNS_ONLY = Config.model_validate({"nlp": {"relation_model": "none"}})
ENGINE = RelationEngine.from_config(PATTERNS_ONLY, Ontology.load())
EXAMPLES = [
    pytest.param(pattern, example, id=f"{pattern.id}-{i}")
    for pattern in ENGINE.patterns.values()
    for i, example in enumerate(pattern.examples)
]


def relations_of(extractor, text: str) -> set[tuple]:
    """(source name, type, target name, properties) for every relation in ``text``."""
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return {
        (
            name_key(names[r.source]),
            r.type,
            name_key(names[r.target]),
            tuple(sorted(r.properties.items())),
        )
        for r in extraction.relations
    }


def expected(example) -> set[tuple]:
    return {
        (
            name_key(e["source"]),
            e["type"],
            name_key(e["target"]),
            tuple(
                sorted((k, str(v)) for k, v in e.items() if k not in ("source", "type", "target"))
            ),
        )
        for e in example.expect
    }


def test_every_bundled_pattern_has_a_positive_example():
    """A pattern nobody can see working is a pattern nobody can trust."""
    # Variants for a different attachment of the same preposition share their sibling's examples.
    variants = {p.id for p in ENGINE.patterns.values() if p.id.endswith(("_verb", "_noun"))}
    silent = [
        p.id
        for p in ENGINE.patterns.values()
        if p.id not in variants
        and p.id != "issued.issued"
        and not any(e.expect for e in p.examples)
    ]
    assert silent == []


@pytest.mark.parametrize(("pattern", "example"), EXAMPLES)
def test_pattern_example_gives_exactly_its_relations(patterns_extractor, pattern, example):
    assert relations_of(patterns_extractor, example.text) == expected(example), pattern.id


@pytest.fixture(scope="module")
def patterns_extractor():
    from threadline.ingest.extract import Extractor

    extractor = Extractor(PATTERNS_ONLY, Ontology.load())
    _ = extractor.nlp
    return extractor
