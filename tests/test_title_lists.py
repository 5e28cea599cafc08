"""Titled names listed after a title's holder share the holder's employer."""

from __future__ import annotations

import pytest

from threadline.graph.model import Document
from threadline.ingest.relations import TITLED_LIST_RULE


def positions(extractor, text: str) -> dict[tuple[str, str, str], tuple[dict, str]]:
    extraction = extractor.extract(Document.from_text(text))
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names[r.source], r.type, names[r.target]): (r.properties, r.evidence[0].rule)
        for r in extraction.relations
    }


@pytest.mark.parametrize(
    ("text", "relation", "properties"),
    [
        # the resignation of all three: each post is over
        ("The affair prompted the resignation of Kestrel chairman Tom Hale, "
         "director-general Ann Tolley and reporter Ian Holt.",
         ("Ian Holt", "WORKS_FOR", "Kestrel"), {"role": "reporter", "status": "former"}),
        ("The affair prompted the resignation of Kestrel chairman Tom Hale, "
         "director-general Ann Tolley and reporter Ian Holt.",
         ("Ann Tolley", "WORKS_FOR", "Kestrel"), {"role": "director-general", "status": "former"}),
        ("Investors want to replace Kestrel's chairman Tom Hale and chief executive Ann Tolley.",
         ("Ann Tolley", "WORKS_FOR", "Kestrel"), {"role": "chief executive"}),
        # a "former" before the listed title is that post's own
        ("The Harbor Council's chairman, Li Ming, and former deputy chairman Tom Hale "
         "welcomed the guests.",
         ("Tom Hale", "WORKS_FOR", "Harbor Council"),
         {"role": "deputy chairman", "status": "former"}),
    ],
)  # fmt: skip
def test_a_listed_titled_name_holds_its_post_at_the_employer(extractor, text, relation, properties):
    found = positions(extractor, text)
    assert relation in found, found
    assert found[relation] == (properties, TITLED_LIST_RULE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # a minister serves a government, not the company named before the list
        ("Kestrel Group chairman Tom Hale and minister Ann Tolley met on Monday.", "Ann Tolley"),
        # a listed name with an employer of its own
        ("Kestrel Group chairman Tom Hale and analyst Ann Tolley of Birch Bank disagreed.",
         "Ann Tolley"),
        # a name with no title of its own is no position
        ("Kestrel Group chairman Tom Hale and Ann Tolley disagreed.", "Ann Tolley"),
    ],
)  # fmt: skip
def test_no_post_at_the_employer_without_a_title_held_there(extractor, text, person):
    found = positions(extractor, text)
    assert not [
        key for key, (_, rule) in found.items() if key[0] == person and rule == TITLED_LIST_RULE
    ], found
    assert ("Tom Hale", "WORKS_FOR", "Kestrel Group") in found


def test_a_preposition_opens_no_listed_title(extractor):
    text = (
        "The panel was chaired by former Kestrel political editor Tom Hale, "
        "with television host Ann Tolley taking the second seat."
    )
    found = positions(extractor, text)
    assert not [key for key, (_, rule) in found.items() if rule == TITLED_LIST_RULE], found
