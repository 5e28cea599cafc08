"""What the entity step hands to the relation step for one parsed document.

The entity step (ingest/entities.py, aliases.py, coref.py) finds entities and
every token span that refers to one of them, including spans resolved through
acronyms, short names and definite descriptions ("the association"). The relation
step reads arguments off the parse through ``DocEntities.entity_at``, so a
relation stated about "the association" lands on the full entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in spaCy, not in its stubs
from spacy.tokens import Doc, Span

from threadline.graph.model import Entity


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """Tokens ``[start, end)`` of a spaCy Doc that refer to entity ``entity_id``."""

    start: int
    end: int
    entity_id: str


@dataclass(slots=True)
class DocEntities:
    """The entities of one document and the token spans that refer to them.

    ``spans`` are sorted by start and do not overlap. ``doubtful`` holds the ids of entities
    whose type nothing but the model's label supports and that stay only if a relation reads
    them (``settled``).
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    spans: list[EntitySpan] = field(default_factory=list)
    doubtful: frozenset[str] = frozenset()
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.spans.sort(key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]

    def span_at(self, token_index: int) -> EntitySpan | None:
        """The entity span covering a token, if any.

        >>> d = DocEntities(spans=[EntitySpan(2, 4, "a"), EntitySpan(7, 8, "b")])
        >>> d.span_at(3).entity_id, d.span_at(4), d.span_at(7).entity_id
        ('a', None, 'b')
        """
        i = bisect_right(self._starts, token_index) - 1
        if i >= 0 and self.spans[i].start <= token_index < self.spans[i].end:
            return self.spans[i]
        return None

    def name_bounds(self, token_index: int) -> tuple[int, int]:
        """Token bounds ``[start, end)`` of the name covering a token, or of the token alone.

        >>> d = DocEntities(spans=[EntitySpan(2, 4, "a")])
        >>> d.name_bounds(3), d.name_bounds(5)
        ((2, 4), (5, 6))
        """
        span = self.span_at(token_index)
        return (span.start, span.end) if span is not None else (token_index, token_index + 1)

    def ids_within(self, start: int, end: int) -> set[str]:
        """The ids of the entities named by a span that overlaps tokens ``[start, end)``.

        >>> d = DocEntities(spans=[EntitySpan(2, 4, "a"), EntitySpan(7, 8, "b")])
        >>> sorted(d.ids_within(3, 7)), sorted(d.ids_within(4, 9))
        (['a'], ['b'])
        """
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = bisect_left(self._starts, end)
        return {s.entity_id for s in self.spans[first:last] if s.end > start}

    def entity_at(self, token_index: int) -> Entity | None:
        """The entity a token refers to, if any."""
        span = self.span_at(token_index)
        return self.entities.get(span.entity_id) if span else None

    def settled(self, read: Iterable[str]) -> DocEntities:
        """These entities without the doubtful ones no relation reads (``read``: the ids of
        every relation's ends): a place only the label gives that the text places somewhere
        ("Norvik, in Harwickshire") stays, the rest leave with their mentions.

        >>> d = DocEntities({"a": None, "b": None}, [EntitySpan(0, 1, "a"), EntitySpan(2, 3, "b")],
        ...                 doubtful=frozenset({"a", "b"}))
        >>> s = d.settled(["b"])
        >>> sorted(s.entities), [x.entity_id for x in s.spans], sorted(s.doubtful)
        (['b'], ['b'], [])
        """
        if not self.doubtful:
            return self
        dropped = self.doubtful.difference(read)
        if not dropped:
            return self
        return DocEntities(
            {k: e for k, e in self.entities.items() if k not in dropped},
            [s for s in self.spans if s.entity_id not in dropped],
        )


def mark_tokens_as_found(
    doc: Doc,
    entities: DocEntities,
    is_person: Callable[[str], bool],
    is_known_place: Callable[[Entity], bool],
) -> None:
    """Give the tokens of each mention the model's label for the type the entity step found
    for a person or a non-person: relation patterns that ask for a person's name
    (``ENT_TYPE: PERSON``) then read the corrected type, not the model's label ("Jane
    Roe" tagged as an organization, "Kestrel Rovers" as a person).

    A capitalized word of a known place's name that the tagger took for a common noun
    ("Leeds" opening a sentence, tagged as the plural of "leed") is a proper noun, as the
    patterns that ask for one expect. (Not other names: a capitalized common noun the
    model took for a name, "Slowdowns in the US ...", stays a noun.)

    Only the label and the part of speech of each token change, not where the model's
    spans begin and end.
    """
    for span in entities.spans:
        entity = entities.entities.get(span.entity_id)
        if entity is None:
            continue
        person = is_person(entity.type)
        place = is_known_place(entity)
        for token in doc[span.start : span.end]:
            if person and token.ent_type_ != "PERSON":
                token.ent_type_ = "PERSON"
            elif not person and token.ent_type_ == "PERSON":
                token.ent_type_ = _LABELS.get(entity.type, "ORG")
            if place and token.pos_ == "NOUN" and token.is_title and token.tag_ in _COMMON_TAGS:
                token.tag_ = _COMMON_TAGS[token.tag_]
                token.pos_ = "PROPN"


# A common noun's tags and the proper noun's they stand for inside a name.
_COMMON_TAGS = {"NN": "NNP", "NNS": "NNPS"}


# The model's label for each entity type but Person (labels of spaCy's English models).
_LABELS = {
    "Organization": "ORG", "Location": "GPE", "Facility": "FAC", "Group": "NORP",
    "Event": "EVENT", "Publication": "WORK_OF_ART", "Award": "WORK_OF_ART", "Product": "PRODUCT",
}  # fmt: skip


def without_edge_space(sentence: Span) -> Span:
    """``sentence`` without the whitespace tokens (line breaks) at its ends.

    A sentence that ends a paragraph carries the paragraph break as a token;
    evidence quotes the sentence, not the blank lines after it.
    """
    doc = sentence.doc
    start, end = sentence.start, sentence.end
    while end - start > 1 and doc[end - 1].is_space:
        end -= 1
    while end - start > 1 and doc[start].is_space:
        start += 1
    return doc[start:end]


_SENTENCES = "threadline_sentences"
_TEXT = "threadline_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document: spaCy joins the tokens on every access.

    The copy of a run of sentences carries its document's user data; the token count,
    which only a copy of the whole document shares, tells whose text it is.
    """
    cached = doc.user_data.get(_TEXT)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_TEXT] = (len(doc), doc.text)
    return cached[1]


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, computed once per document.

    ``doc.sents`` and ``token.sent`` scan the whole document on every call (to
    check that sentence boundaries are set); the relation step asks for
    sentences hundreds of times per document.
    """
    cached = doc.user_data.get(_SENTENCES)
    if cached is None or cached[0][-1].end != len(doc):  # or a run's copy (see doc_text)
        if not len(doc):
            return []
        flags = doc.to_array("SENT_START")
        starts = [0, *(int(i) for i in (flags == 1).nonzero()[0] if i > 0)]
        found = [doc[a:b] for a, b in zip(starts, [*starts[1:], len(doc)], strict=True)]
        cached = doc.user_data[_SENTENCES] = (found, starts)
    return cached[0]


def sentence_of(doc: Doc, token_index: int) -> Span:
    """The sentence holding a token (``doc[i].sent`` without the scan)."""
    sentences(doc)
    found, starts = doc.user_data[_SENTENCES]
    return found[bisect_right(starts, token_index) - 1]


# The word set of a colon, for ``word_positions``: the joins and titles that read a colon
# start from its positions (ingest/span_joins.py, ingest/work_titles.py).
COLON = frozenset({":"})


def word_positions(doc: Doc, words: frozenset[str]) -> list[int]:
    """Where the document has one of ``words`` (lowercase), in order, read from its LOWER
    column: a Python object per token is what a loop over a document costs."""
    if not words:
        return []
    positions: list[int] = np.flatnonzero(np.isin(doc.to_array(LOWER), _hashes(words))).tolist()
    return positions


APOSTROPHES = frozenset({"'", "\u2019"})


def plural_possessive(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the apostrophe of a plural's possessive inside a name or before
    one ("Farmers' Union", "Sky News' Kestrel Hour"), which the model's tags do not mark as a
    possessive."""
    token = doc[i]
    return (
        token.text in APOSTROPHES
        and i > 0
        and doc[i - 1].lower_.endswith("s")
        and doc[i - 1].is_title
        and not doc[i - 1].whitespace_
        and bool(token.whitespace_)
        and i + 1 < len(doc)
        and doc[i + 1].is_title
    )


def as_a_word(text: str) -> str:
    """A regular expression for ``text`` written as a word of its own: no letter, digit or
    hyphen right before or after it ("Kestrel", not "Kestrels" nor "ex-Kestrel")."""
    return r"(?<![\w-])" + re.escape(text) + r"(?![\w-])"


def text_positions(doc: Doc, texts: Iterable[str]) -> list[int]:
    """Where the document has one of ``texts`` as written, in order, read from its ORTH
    column, for words a document gives itself (its names' words): not cached, unlike the
    fixed lists of ``word_positions``."""
    hashes = np.array([hash_string(text) for text in texts], dtype=np.uint64)
    if not hashes.size:
        return []
    positions: list[int] = np.flatnonzero(np.isin(doc.to_array(ORTH), hashes)).tolist()
    return positions


@cache
def _hashes(words: frozenset[str]) -> np.ndarray:
    """The string hashes of ``words``, as spaCy's columns hold them (once per word list)."""
    return np.array([hash_string(word) for word in words], dtype=np.uint64)


def replacing_overlaps(spans: list[Span], found: list[Span]) -> list[Span]:
    """``spans`` with ``found`` in place of every span that overlaps one of them, in order:
    a name put together from pieces takes the place of the pieces."""
    if not found:
        return spans
    kept = [s for s in spans if not any(s.start < f.end and f.start < s.end for f in found)]
    return sorted([*kept, *found], key=lambda span: span.start)


def alone_in_brackets(doc: Doc, start: int, end: int) -> bool:
    """Whether ``[start, end)`` stands alone in brackets right after a word, as a list
    gives each person's club or party ("Tom Hale (Leeds), Ian Holt (Bath, capt)"); the
    callers say what the word before must be."""
    return (
        start >= 2
        and doc[start - 1].text == "("
        and end < len(doc)
        and doc[end].text in (")", ",")  # "(Kestrel Rovers, capt)"
    )
