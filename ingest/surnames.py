"""Surnames the model left untagged, where the text names their person in full.

A story names a person in full once ("Glenn Hoddle") and by the surname after
("Hoddle began his career at Swindon"). The small model often leaves the lone
surname untagged, most of all at a sentence's start or after "Mr", and the sentence
loses the person: its relations, and the mention that links it to the rest of the
story. After the entity steps of the pipeline, a capitalized proper noun with no
entity on it that is the last word of a person's name tagged elsewhere in the same
text becomes a person's name, when that name opens with a first name ("MC Kano" is
no full name to take a surname from). A word next to another capitalized word is part
of a longer name ("Age Concern" where a Jane Age is named), and a word the text also
writes in lowercase is a common one ("Rock 'n' roll" where a Tom Rock is named): those
stay as they are.

The model also tags a person by the first name alone where it does not know the
surname after it ("Council chair Ann Tolley opened": "Ann"), and the name is cut. The
untagged capitalized proper nouns right after such a first name (one or two, and no
further name word after them) join it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.ingest.evidence import first_names, places
from threadline.names import PEERAGE_STYLES, WEEKDAYS, is_honorific, name_key

SURNAMES_NAME = "threadline_surnames"


@Language.component(SURNAMES_NAME)
def tag_surnames(doc: Doc) -> Doc:
    """Tag the lone surnames of the persons the text names in full."""
    given = first_names()
    _surnames_after_first_names(doc, given)
    surnames = {
        entity[-1].text
        for entity in doc.ents
        if entity.label_ == "PERSON" and len(entity) > 1 and entity[0].lower_ in given
    }
    if not surnames:
        return doc
    lone = [
        token
        for token in doc
        if token.text in surnames
        and not token.ent_type_
        and token.pos_ == "PROPN"
        and not _next_to_a_name(token)
    ]
    if not lone:
        return doc
    # a word the text also writes in lowercase is a common word ("rock", "united")
    common = {token.lower_ for token in doc if token.is_lower}
    found = [
        Span(doc, token.i, token.i + 1, label="PERSON")
        for token in lone
        if token.lower_ not in common
    ]
    if found:
        doc.set_ents(found, default="unmodified")
    return doc


def _surnames_after_first_names(doc: Doc, given: frozenset[str]) -> None:
    """Extend a person the model tagged by a first name alone over the one or two untagged
    capitalized proper nouns right after it ("Council chair Ann Tolley opened": "Ann").
    A first name that is a place's name too is left alone ("Sydney Olympic champion")."""
    found = []
    common: set[str] | None = None
    for entity in doc.ents:
        first = entity[0]
        if (
            entity.label_ != "PERSON"
            or len(entity) != 1
            or not first.is_title
            or first.lower_ not in given
            or name_key(first.text) in places()
        ):
            continue
        end = entity.end
        while end < len(doc) and end - entity.end < 2 and _untagged_surname(doc[end]):
            end += 1
        if end == entity.end or (end < len(doc) and (_name_word(doc[end]) or doc[end].text == "-")):
            continue
        if common is None:
            # a word the text also writes in lowercase is a common one ("Tom Rock and roll")
            common = {token.lower_ for token in doc if token.is_lower}
        if not any(token.lower_ in common for token in doc[entity.end : end]):
            found.append(Span(doc, entity.start, end, label="PERSON"))
    if found:
        doc.set_ents(found, default="unmodified")


def _untagged_surname(token: Token) -> bool:
    """A capitalized proper noun inside a sentence, with no entity on it and no weekday."""
    return (
        _name_word(token)
        and not token.ent_type_
        and not token.is_sent_start
        and token.lower_ not in WEEKDAYS
    )


def _next_to_a_name(token: Token) -> bool:
    """Whether a capitalized name word or a hyphen stands right before or after
    ``token``: a piece of a longer name ("Silk" of "Kilroy-Silk")."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if (before is not None and before.text == "-") or (after is not None and after.text == "-"):
        return True
    if before is not None and _name_word(before) and not _title_before(before):
        return True
    return after is not None and _name_word(after)


def _name_word(token: Token) -> bool:
    """A capitalized proper noun."""
    return token.is_title and token.pos_ == "PROPN"


def _title_before(token: Token) -> bool:
    """An honorific or a peer's style before a surname, no part of the name ("Mr Balls",
    "Lord Hallam")."""
    return is_honorific(token.text) or token.text in PEERAGE_STYLES
