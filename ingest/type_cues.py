"""Quick cues around a name that settle or correct the model's type for one mention.

A title before a name ("Rector Anneke de Vries") or a role in apposition after
it makes a person; a word only organizations take ("the app Zoom", "Zoom
employees") an organization; a suffix ("Kestrel Labs", "... Regulations") or
"Lyon-based" overrules the model's label outright. These are the cheap,
near-certain signals; the weighted votes are in ingest/mention_evidence.py.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.graph.ontology import Ontology
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.evidence import name_head
from threadline.ingest.place_check import town_club_name
from threadline.ingest.us_states import ap_abbreviations
from threadline.names import DETERMINERS

# Posts whose "of" names the show someone presents ("host of Kestrel Nights on Radio 1").
_PRESENTERS = frozenset({"host", "hosts", "presenter", "presenters", "co-host", "co-presenter"})


def presenter_of_before(doc: Doc, start: int) -> bool:
    """Whether a presenter's post and "of" stand before a name, past a figure the name
    may open with ("host of 100% Kestrel on Radio 1"): the name is a show's, not an
    employer's."""
    i = start - 1
    while i > 0 and (doc[i].like_num or doc[i].text == "%"):
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _PRESENTERS


def organization_cue(doc: Doc, start: int, end: int, rules: EntityRules) -> bool:
    """A word around a name that only an organization takes.

    "the app Zoom", "companies such as Zoom", "Zoom employees", "Zoom's offices".
    """
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in rules.organization_descriptors:
        return True
    if start > 2 and doc[start - 2].lower_ == "such" and before == "as":
        return doc[start - 3].lower_ in rules.organization_descriptors
    after = end + 1 if end < len(doc) and doc[end].tag_ == "POS" else end
    return after < len(doc) and doc[after].lower_ in rules.organization_context


def person_cue(doc: Doc, start: int, end: int, rules: EntityRules) -> bool:
    """A title or role right before the name, or in an apposition after it.

    "Rector Anneke de Vries", "Dr. Elena Varga", "Anneke de Vries, rector of".
    """
    if title_before(doc, start, rules) or player_word_before(doc, start, rules):
        return True
    if end + 1 < len(doc) and doc[end].text == ",":
        i = end + 1
        if doc[i].lower_ in DETERMINERS and i + 1 < len(doc):
            i += 1
        word = doc[i]
        return word.is_lower and rules.is_person_cue(word.text)
    return False


def player_word_before(doc: Doc, start: int, rules: EntityRules) -> bool:
    """Whether a word said of a side's player or a performer ("star", "ace", "veteran",
    "player" itself) stands before the name, after another name or a people's word
    ("Barcelona star Ronaldinho", "Korean player Tom Hale")."""
    word = doc[start - 1] if start > 1 else None
    return (
        word is not None
        and word.is_lower
        and (word.lower_ in rules.team_roles_in_sport or word.lower_ == "player")
        and doc[start - 2].is_title
    )


# Words before a role that make it an award's category: "the best actor Bafta".
_AWARD_CATEGORY = frozenset({"best", "supporting"})


def title_before(doc: Doc, start: int, rules: EntityRules) -> bool:
    """Whether a title or role stands right before the name at ``start`` ("actor Jane
    Roe"), not as an award's category ("the best actor Bafta", "best director Oscar")."""
    return (
        start > 0
        and is_title_token(doc[start - 1], rules)
        and not (start > 1 and doc[start - 2].lower_ in _AWARD_CATEGORY)
    )


def is_title_token(token: Token, rules: EntityRules) -> bool:
    """A word (or an abbreviation such as "Dr.") that cues a person's name after it."""
    return (token.is_alpha or token.text.endswith(".")) and rules.is_person_cue(token.text)


def cued_type(
    doc: Doc,
    span: Span,
    key: str,
    entity_type: str,
    person_cue: bool,
    rules: EntityRules,
    ontology: Ontology,
) -> str:
    """Correct the model's type from cues in the name and around it.

    An organization suffix ("Kestrel Labs") makes an organization; a person
    cue makes a short name without one a person; "Lyon-based" makes a place.
    """
    last = key.rsplit(" ", 1)[-1]
    if (
        " " in key
        and (last in rules.document_suffixes or name_head(key.split()) in rules.document_suffixes)
        and "Publication" in ontology.entity_types
    ):
        return "Publication"  # "... Regulations", "Application Report of ..."
    if (rules.organization_suffix(key) or rules.club_name(key) or town_club_name(key)) and any(
        ontology.has_trait(entity_type, trait) for trait in ("person", "place")
    ):
        return "Organization"
    if (
        person_cue
        and entity_type in ("Organization", "Location", "Facility", "Product")
        and 2 <= len(key.split()) <= 4
        and not rules.organization_suffix(key)
        and not any(rules.is_generic(w) or w in rules.designators for w in key.split())
        and all(t.text[:1].isupper() or (t.is_lower and len(t) <= 3) for t in span)
    ):
        return "Person"
    if len(span) >= 2 and span[-1].lower_ in ap_abbreviations():
        return "Location"  # "Washington D.C.", "Fresno Calif."
    end = span.end
    if (
        any(ontology.has_trait(entity_type, trait) for trait in ("person", "organization"))
        and end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].lower_ == "based"
    ):
        return "Location"
    return entity_type
