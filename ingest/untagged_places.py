"""Known places the model left untagged after a preposition of place ("a shop in Cardiff").

The small statistical model misses well-known cities in ordinary sentences ("the
Kestrel Shopping Centre in Cardiff", "met on Kestrel Radio in Hull"), and with the
place go the relations that name it. After "ner", a run of capitalized proper nouns
right after "in", "near", "outside" or "capital", with no entity on it, becomes a place
when it is exactly the name of a country, a US state, a province, a capital or a city of
100,000 people or more (the gazetteer of ingest/evidence.py). Only such a position
is read: elsewhere a city's name more often stands for a club or a firm ("Leeds
beat Chelsea", "Reading's chief executive").

One other position says "place" as plainly: right before a word for a business or a
resident that precedes a name ("Lancashire firm Kestrel", "Yorkshire businessman Tom
Hale"), where the model leaves the county untagged or reads it into a person. There the
counties that also name a cricket club (left out of the gazetteer's regions, since
"Lancashire beat Surrey" is a match) count as places too.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import place_names
from threadline.ingest.pattern_files import bundled_lexicon
from threadline.names import name_key

UNTAGGED_PLACES_NAME = "threadline_untagged_places"
# Words a known place's name follows: prepositions of place, and "capital" ("the
# Cameroon capital Yaounde").
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "capital"})
_MAX_WORDS = 3
# English and Welsh counties that name a county cricket club as well, and so are no
# place of the gazetteer's; read as places only before a word for a business or a
# resident, or in a story not about sport (ingest/mention_evidence.py).
CLUB_COUNTIES = frozenset(
    {"derbyshire", "durham", "essex", "glamorgan", "gloucestershire", "hampshire", "kent",
     "lancashire", "leicestershire", "middlesex", "northamptonshire", "nottinghamshire",
     "somerset", "surrey", "sussex", "warwickshire", "worcestershire", "yorkshire", "devon",
     "cornwall", "norfolk"}
)  # fmt: skip
# Labels the model gives such a county that a place's name before a business or a
# resident is not.
_MISREAD_LABELS = frozenset({"PERSON", "ORG"})


def _name_word(token: Token) -> bool:
    """A capitalized proper noun outside any entity, or a capitalized word inside a
    sentence that the tagger took for a common noun ("in Perthshire")."""
    return (
        token.is_title
        and not token.ent_type_
        and (token.pos_ == "PROPN" or (token.pos_ == "NOUN" and not token.is_sent_start))
    )


@Language.component(UNTAGGED_PLACES_NAME)
def tag_untagged_places(doc: Doc) -> Doc:
    """Add the known places the model left untagged after a preposition of place, or
    untagged or misread before a business or a resident."""
    known = place_names()
    found = _after_prepositions(doc, known)
    described = _before_descriptions(doc)
    if described:
        replaced = {(span.start, span.end) for span in described}
        doc.ents = [e for e in doc.ents if (e.start, e.end) not in replaced]
        found = [s for s in found if (s.start, s.end) not in replaced] + described
    if found:
        doc.set_ents(found, default="unmodified")
    return doc


def _after_prepositions(doc: Doc, known: frozenset[str]) -> list[Span]:
    """Known places right after "in", "near" or "outside", with no entity on them."""
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
            _name_word(doc[end])
            or doc[end].tag_ == "POS"
            or (doc[end].text == "-" and not doc[end - 1].whitespace_)
        ):
            # a longer name ("in Orange County"), a possessive, a hyphenated name (a dash
            # with a space before it opens an aside: "in Perthshire - chaired by ...")
            continue
        if name_key(doc[start:end].text) in known:
            found.append(Span(doc, start, end, label="GPE"))
    return found


def _before_descriptions(doc: Doc) -> list[Span]:
    """Known places before a word for a business or a resident that precedes a name
    ("Kent firm Kestrel", "Yorkshire millionaire Tom Hale") or before a kind of place
    and its name ("the Kent village of Kestrelby"), untagged or tagged as a person or
    an organization of exactly those words."""
    found: list[Span] = []
    words = _words_before_place_names()
    for token in doc:
        if token.lower_ not in words or not (
            _describes_a_name(token) or _kind_of_a_named_place(token)
        ):
            continue  # the word test first: this loop reads every word of every text
        start = token.i
        while start > 0 and token.i - start < _MAX_WORDS and _county_word(doc[start - 1]):
            start -= 1
        if start == token.i or (start > 0 and _county_word(doc[start - 1])):
            continue  # no name, or part of a longer one
        span = doc[start : token.i]
        if place_before_description(span) and _untagged_or_misread(doc, span):
            found.append(Span(doc, start, token.i, label="GPE"))
    return found


def place_before_description(span: Span) -> bool:
    """Whether ``span`` is a known place, or a county that names a club too, right
    before a word for a business or a resident that precedes a name ("Kent firm
    Kestrel"): the words before it belong to that name, not to the place; or before a
    kind of place and the name of one ("the Yorkshire village of Kestrelby")."""
    doc = span.doc
    if span.end >= len(doc) or not (
        _describes_a_name(doc[span.end]) or _kind_of_a_named_place(doc[span.end])
    ):
        return False
    key = name_key(span.text)
    return key in CLUB_COUNTIES or key in place_names()


def _describes_a_name(token: Token) -> bool:
    """A word for a business or a resident right before a name that it hangs on ("firm"
    in "Kent firm Kestrel", "businessman" in "Yorkshire businessman Tom Hale") or that
    the parse sets beside it ("The Kent firm Kestrel Dairies said")."""
    if token.lower_ not in _description_words():
        return False
    if token.dep_ == "compound":
        return token.head.i > token.i and token.head.pos_ == "PROPN"
    following = token.i + 1
    return (
        following < len(token.doc)
        and token.doc[following].pos_ == "PROPN"
        and any(child.dep_ == "appos" and child.i >= following for child in token.rights)
    )


def _kind_of_a_named_place(token: Token) -> bool:
    """A kind of place before "of" and a name ("village" in "the Kent village of
    Kestrelby")."""
    doc = token.doc
    return (
        token.i + 2 < len(doc)
        and token.lower_ in bundled_lexicon("places.yaml", "place_kinds")
        and doc[token.i + 1].lower_ == "of"
        and doc[token.i + 2].pos_ == "PROPN"
    )


@cache
def _words_before_place_names() -> frozenset[str]:
    """The words a known place may stand before: a business's or a resident's, or a kind
    of place ("village" in "the Kent village of Kestrelby")."""
    return _description_words() | bundled_lexicon("places.yaml", "place_kinds")


@cache
def _description_words() -> frozenset[str]:
    """The places patterns' words for a business and for a resident, but for the ones
    that name players by their side ("Leicester duo Ann Roe and Jo Hale")."""
    words = bundled_lexicon("places.yaml", "descriptors") | bundled_lexicon(
        "places.yaml", "residents"
    )
    return words - _SIDE_WORDS


# Words a side's name comes before, where the name is the side's, not a place's.
_SIDE_WORDS = frozenset({"duo", "trio", "side", "team", "club"})


def _county_word(token: Token) -> bool:
    """A capitalized word the tagger may call a proper noun or an adjective ("Yorkshire")."""
    return token.is_title and token.pos_ in ("PROPN", "ADJ")


def _untagged_or_misread(doc: Doc, span: Span) -> bool:
    """No entity on ``span``, or one of exactly its words with a person's or an
    organization's label."""
    if not any(token.ent_type_ for token in span):
        return True
    entity = next((e for e in doc.ents if e.start == span.start), None)
    return entity is not None and entity.end == span.end and entity.label_ in _MISREAD_LABELS
