"""Titled names listed after one employer: "Kestrel chairman Tom Hale, director-general Ann
Tolley and reporter Ian Holt".

A title before a name states the employer once, for the first name of the list; the names
listed after it, each with a lower-case title of its own and no employer of its own, hold
their posts at the same employer. News writes boards and staff this way ("the resignation
of the chairman, the director-general and a reporter"), and the parse coordinates such
lists unevenly, so they are read off the tokens: a comma or "and", one to three lower-case
title words ending in a title held at an employer, a person's name right after them, and
nothing after the name that names an employer of its own ("analyst Ann Tolley of Birch").
Political titles are left out: "Kestrel chairman Tom Hale and minister Ann Tolley" names a
minister of a government, not of Kestrel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from threadline.ingest.spans import DocEntities, EntitySpan
from threadline.names import LEGISLATOR_TITLES

# Titles held in politics: their holders do not work for the company listed before them.
_POLITICAL_TITLES = LEGISLATOR_TITLES | frozenset(
    {"senator", "congressman", "congresswoman", "councillor", "peer", "leader", "candidate",
     "politician", "minister", "secretary"}
)  # fmt: skip
_FORMER_WORDS = frozenset({"former", "ex"})
# The parts of speech of a title's words; the tagger takes some titles for adjectives.
_TITLE_POS = frozenset({"NOUN", "ADJ", "PROPN"})
# Words after a listed name that give it an employer or a place of its own.
_OWN_EMPLOYER_WORDS = frozenset({"of", "at", "from", "with", "for", "(", "'s", "'"})
MAX_TITLE_WORDS = 3


def _title_word(token: Token) -> bool:
    """A lower-case word of a title ("chief", "executive", "deputy"), or a hyphen: no
    preposition or verb ("with television host Jane Roe" is no title at the employer)."""
    if token.text == "-":
        return True
    return token.is_lower and (token.pos_ in _TITLE_POS or token.lower_ in _FORMER_WORDS)


@dataclass(frozen=True, slots=True)
class ListedTitle:
    """A person listed after a titled name, with the title written before their name."""

    span: EntitySpan
    role: str
    former: bool


def listed_titled_names(
    doc: Doc,
    entities: DocEntities,
    after: int,
    sentence_end: int,
    titles: frozenset[str],
    is_person: Callable[[str], bool],
) -> Iterator[ListedTitle]:
    """The titled persons listed after the name that ends at token ``after``.

    ``titles`` are the titles held at an employer (their last word, or the whole title
    when hyphenated: "director-general"); ``is_person`` says whether an entity id is a
    person's.
    """
    i = after
    while i < sentence_end:
        if doc[i].text == ",":
            i += 1
            if i < sentence_end and doc[i].lower_ == "and":
                i += 1
        elif doc[i].lower_ == "and":
            i += 1
        else:
            return
        j = i
        while j < sentence_end and j - i < MAX_TITLE_WORDS + 2 and _title_word(doc[j]):
            j += 1
        words = [t.lower_ for t in doc[i:j]]
        former = bool(words) and words[0] in _FORMER_WORDS
        if former:
            words = words[2:] if words[1:2] == ["-"] else words[1:]
        role = " ".join(words).replace(" - ", "-")
        last = role.rsplit(" ", 1)[-1] if role else ""
        if not last or last not in titles or last in _POLITICAL_TITLES:
            return
        if len(role.split()) > MAX_TITLE_WORDS:
            return
        span = entities.span_at(j)
        if span is None or span.start != j or not is_person(span.entity_id):
            return
        if span.end < sentence_end and doc[span.end].lower_ in _OWN_EMPLOYER_WORDS:
            return  # "and analyst Ann Tolley of Birch": an employer of her own
        yield ListedTitle(span, role, former)
        i = span.end
