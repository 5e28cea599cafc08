"""Known places the model left untagged after a preposition of place ("a shop in Cardiff").

The small statistical model misses well-known cities in ordinary sentences ("the
Kestrel Shopping Centre in Cardiff", "met on Kestrel Radio in Hull"), and with the
place go the relations that name it. After "ner", a run of capitalized proper nouns
right after "in", "near" or "outside", with no entity on it, becomes a place when it
is exactly the name of a country, a US state, a province, a capital or a city of
100,000 people or more (the gazetteer of ingest/evidence.py). Only such a position
is read: elsewhere a city's name more often stands for a club or a firm ("Leeds
beat Chelsea", "Reading's chief executive").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import place_names
from threadline.names import name_key

UNTAGGED_PLACES_NAME = "threadline_untagged_places"
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside"})
_MAX_WORDS = 3


def _name_word(token: Token) -> bool:
    """A capitalized proper noun outside any entity."""
    return token.pos_ == "PROPN" and token.is_title and not token.ent_type_


@Language.component(UNTAGGED_PLACES_NAME)
def tag_untagged_places(doc: Doc) -> Doc:
    """Add the known places after a preposition of place that the model left untagged."""
    known = place_names()
    found: list[Span] = []
    length = len(doc)
    for token in doc:
        if token.lower_ not in _PLACE_PREPOSITIONS or token.ent_type_:
            continue
        start = end = token.i + 1
        while end < length and end - start < _MAX_WORDS and _name_word(doc[end]):
            end += 1
        if end == start:
            continue
        if end < length and (
            _name_word(doc[end]) or doc[end].tag_ == "POS" or doc[end].text == "-"
        ):
            continue  # a longer name ("in Orange County"), a possessive, a hyphenated name
        if name_key(doc[start:end].text) in known:
            found.append(Span(doc, start, end, label="GPE"))
    if found:
        doc.set_ents(found, default="unmodified")
    return doc
