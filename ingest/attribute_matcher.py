"""spaCy's AttributeRuler, its patterns matched over the Doc's arrays.

The English pipelines map every fine-grained tag to its part of speech and
morphology through an AttributeRuler: a token Matcher over some 180 patterns
("TAG" is "NN"; "TAG" is "PRP" and "LOWER" is "she"), run on every token of
every document. That Matcher is about a tenth of the pipeline's time, for
patterns that only compare a token's tag, lowercase form, dependency label or
whitespace flag with fixed values. ``ArrayAttributeMatch`` compares them on the
columns ``Doc.to_array`` gives, with NumPy, and returns the same matches in
the same order, so the ruler's own ``set_annotations`` writes the same
attributes. A pattern using anything else keeps spaCy's Matcher for the whole
ruler. tests/test_attribute_matcher.py compares both on real text, so a model
release whose patterns differ shows there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

# The token attributes a pattern may test, by the column ``Doc.to_array`` gives.
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_NAMES = list(_COLUMNS)

Match = tuple[int, int, int, int]  # (attr_id, match_id, start, end), as the ruler sorts them


class UnsupportedPattern(ValueError):
    """A pattern this matcher cannot compare on arrays (spaCy's Matcher is kept)."""


@dataclass(frozen=True, slots=True)
class _Condition:
    """One test of one token of a pattern: ``offset`` is the token's place in the pattern.

    ``vector`` tests a whole column at once; ``test`` (a regular expression) tests one
    value and runs last, only where every other test held.
    """

    offset: int
    column: int
    vector: Callable[[np.ndarray], np.ndarray] | None = None
    test: Callable[[int], bool] | None = None


@dataclass(frozen=True, slots=True)
class _Alternative:
    size: int
    conditions: tuple[_Condition, ...]


class ArrayAttributeMatch:
    """A drop-in for ``AttributeRuler.match``: same matches, from array comparisons."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        # The tag map: rules testing one token's tag alone, by that tag's hash.
        self.by_tag: dict[int, list[tuple[int, int]]] = {}
        # Exceptions for one word with one tag ("PRP" and "she"), by (tag, word) hashes.
        self.by_word: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.rules: list[tuple[int, int, list[_Alternative]]] = []
        for attr_id, pattern in enumerate(ruler.patterns):
            match_id = strings[str(attr_id)]
            alternatives: list[list[dict[str, Any]]] = pattern["patterns"]  # type: ignore[assignment]
            if len(alternatives) == 1 and len(alternatives[0]) == 1:
                (token,) = alternatives[0]
                tag, words = _tag_and_words(token, strings)
                if tag is not None and words is None:
                    self.by_tag.setdefault(tag, []).append((attr_id, match_id))
                    continue
                if tag is not None and words is not None:
                    for word in words:
                        self.by_word.setdefault((tag, word), []).append((attr_id, match_id))
                    continue
            compiled = [_alternative(alternative, strings) for alternative in alternatives]
            self.rules.append((attr_id, match_id, compiled))
        self.words = np.array(sorted({word for _, word in self.by_word}), dtype=np.uint64)

    def __call__(self, doc: Doc) -> list[Match]:
        """Every match, sorted as ``AttributeRuler.match`` sorts them."""
        length = len(doc)
        if length == 0:
            return []
        table = doc.to_array([_COLUMNS[name] for name in _NAMES])
        matches: list[Match] = []
        tags, inverse = np.unique(table[:, 0], return_inverse=True)
        for index, tag in enumerate(tags.tolist()):
            for attr_id, match_id in self.by_tag.get(tag, ()):
                positions: list[int] = np.flatnonzero(inverse == index).tolist()
                matches.extend((attr_id, match_id, i, i + 1) for i in positions)
        tag_column, word_column = table[:, 0], table[:, 1]
        for i in np.flatnonzero(np.isin(word_column, self.words)).tolist():
            key = (int(tag_column[i]), int(word_column[i]))
            matches.extend(
                (attr_id, match_id, i, i + 1) for attr_id, match_id in self.by_word.get(key, ())
            )
        for attr_id, match_id, alternatives in self.rules:
            spans: set[tuple[int, int]] = set()
            for alternative in alternatives:
                starts = _starts(alternative, table, length)
                if len(alternatives) == 1:
                    matches.extend((attr_id, match_id, s, s + alternative.size) for s in starts)
                else:
                    spans.update((s, s + alternative.size) for s in starts)
            matches.extend((attr_id, match_id, start, end) for start, end in sorted(spans))
        matches.sort()  # by rule, then by position
        return matches


def _tag_and_words(
    token: dict[str, Any], strings: StringStore
) -> tuple[int | None, list[int] | None]:
    """The tag hash of a token pattern testing one tag, with the word hashes it also
    requires (None when it tests no word); (None, None) when it tests anything else."""
    tag, word = token.get("TAG"), token.get("LOWER")
    if not isinstance(tag, str) or set(token) - {"TAG", "LOWER"}:
        return None, None
    if word is None:
        return strings.add(tag), None
    if isinstance(word, str):
        return strings.add(tag), [strings.add(word)]
    if isinstance(word, dict) and list(word) == ["IN"] and isinstance(word["IN"], list):
        return strings.add(tag), list(dict.fromkeys(strings.add(w) for w in word["IN"]))
    return None, None


def _starts(alternative: _Alternative, table: np.ndarray, length: int) -> list[int]:
    """Where ``alternative`` matches: the tokens its first token can stand on."""
    count = length - alternative.size + 1
    if count <= 0:
        return []
    found = np.ones(count, dtype=bool)
    for condition in alternative.conditions:
        if condition.vector is not None:
            column = table[condition.offset : condition.offset + count, condition.column]
            found &= condition.vector(column)
    starts: list[int] = np.flatnonzero(found).tolist()
    for condition in alternative.conditions:
        test = condition.test
        if test is not None and starts:
            column = table[:, condition.column]
            starts = [s for s in starts if test(int(column[s + condition.offset]))]
    return starts


def _alternative(tokens: list[dict[str, Any]], strings: StringStore) -> _Alternative:
    conditions = []
    for offset, token in enumerate(tokens):
        for name, spec in token.items():
            if name not in _COLUMNS:
                raise UnsupportedPattern(name)
            conditions.append(_condition(offset, _NAMES.index(name), name, spec, strings))
    return _Alternative(len(tokens), tuple(conditions))


def _condition(offset: int, column: int, name: str, spec: Any, strings: StringStore) -> _Condition:
    """A test of a value, or of IN / NOT_IN / REGEX, on one column."""
    if name == "IS_SPACE":
        if not isinstance(spec, bool):
            raise UnsupportedPattern(f"IS_SPACE {spec!r}")
        flag = int(spec)
        return _Condition(offset, column, vector=lambda values: values == flag)
    if isinstance(spec, str):
        value = np.uint64(strings.add(spec))
        return _Condition(offset, column, vector=lambda values: values == value)
    if not isinstance(spec, dict) or len(spec) != 1:
        raise UnsupportedPattern(f"{name} {spec!r}")
    ((operator, argument),) = spec.items()
    if operator in ("IN", "NOT_IN") and isinstance(argument, list):
        members = np.array([strings.add(v) for v in argument], dtype=np.uint64)
        inside = operator == "IN"
        return _Condition(offset, column, vector=lambda values: np.isin(values, members) == inside)
    if operator == "REGEX" and isinstance(argument, str):
        return _Condition(offset, column, test=_regex_test(re.compile(argument), strings))
    raise UnsupportedPattern(f"{name} {spec!r}")


def _regex_test(pattern: re.Pattern[str], strings: StringStore) -> Callable[[int], bool]:
    """Whether the string behind a hash matches ``pattern``, remembered per hash (a word's
    answer never changes, and the vocabulary bounds how many there are)."""
    known: dict[int, bool] = {}

    def test(value: int) -> bool:
        hit = known.get(value)
        if hit is None:
            hit = known[value] = bool(pattern.search(strings[value]))
        return hit

    return test


def use_array_matching(nlp: Language) -> bool:
    """Match the pipeline's AttributeRuler patterns on arrays; False if it keeps spaCy's.

    The patterns are read once, here: call it after the ruler's patterns are final (the
    pipeline as loaded).
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        ruler.match = ArrayAttributeMatch(ruler)  # type: ignore[method-assign]
    except UnsupportedPattern:
        return False
    return True


def spacy_matches(ruler: AttributeRuler, doc: Doc) -> list[Match]:
    """The matches spaCy's own Matcher gives (for comparison in tests)."""
    return list(AttributeRuler.match(ruler, doc))
