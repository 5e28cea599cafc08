"""Which tokens of a Doc the node patterns of a DependencyMatcher match, read off
the Doc's arrays.

Before it checks any relation, spaCy's DependencyMatcher runs a token Matcher
holding every node pattern over the whole Doc: per token and per node, with its
``IN`` word lists and regular expressions as Python predicates, one ``Token``
object per step. Over the sentence runs of a corpus that was the largest part of
the relation step, and the same run is read again by every pattern's matcher.

Here a run is read once: each attribute a node constrains becomes a map from the
values in the run to the set of tokens having it (a bit mask), made the first
time a node asks for that attribute, and each distinct node's tokens are found
once per run by combining masks. The comparison is spaCy's own: values are
compared as the StringStore ids its Matcher compares (``get_string_id``), a
regular expression is searched in the attribute's text, and ``IS_SENT_START``
holds where the sentence-start flag is 1. A node using anything else (an
operator such as ``>=``, fuzzy matching, extensions, ``MORPH``) makes its
matcher keep spaCy's token Matcher: ``compile_node`` returns None.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from spacy.attrs import ENT_IOB, IDS, MORPH, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc

__all__ = [
    "CompiledNode",
    "FixedSequenceMatcher",
    "RunIndex",
    "compile_node",
    "run_index",
    "shared_index",
]

_EQUAL, _IN, _NOT_IN, _REGEX = range(4)


@dataclass(frozen=True)
class CompiledNode:
    """A node pattern's checks: (attribute id, kind, value) each; the node matches a
    token that passes all of them. Frozen: equal nodes share one lookup per run."""

    checks: tuple[tuple[int, int, Any], ...]


class _Regex:
    """A regular expression searched in attribute texts, with its answers by value id.
    One per expression (``_REGEXES``), so nodes compare it by identity."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.answers: dict[int, bool] = {}


_REGEXES: dict[str, _Regex] = {}


def compile_node(attributes: Mapping[str, Any], strings: Any) -> CompiledNode | None:
    """The checks of one node pattern (its RIGHT_ATTRS), or None when it uses
    something these checks do not read exactly as spaCy's Matcher does."""
    checks: list[tuple[int, int, Any]] = []
    for name, value in attributes.items():
        if not isinstance(name, str):
            return None
        attr_name = name.upper()
        if attr_name == "OP":  # one token, the only quantifier a node may have
            if value != "1":
                return None
            continue
        attr_name = {"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}.get(attr_name, attr_name)
        attr = IDS.get(attr_name)  # None for "_" (extensions) and unknown names
        if attr is None or attr in (MORPH, ENT_IOB):
            return None
        if isinstance(value, str):
            checks.append((attr, _EQUAL, strings.add(value)))
        elif isinstance(value, bool | int):
            checks.append((attr, _EQUAL, int(value)))
        elif isinstance(value, dict):
            for predicate, argument in value.items():
                check = _predicate(attr, predicate, argument)
                if check is None:
                    return None
                checks.append(check)
        else:
            return None
    return CompiledNode(tuple(checks))


def _predicate(attr: int, predicate: Any, argument: Any) -> tuple[int, int, Any] | None:
    if predicate in ("IN", "NOT_IN"):
        if not isinstance(argument, list | tuple | set | frozenset):
            return None
        if not all(isinstance(v, str | int) for v in argument):
            return None
        values = frozenset(get_string_id(v) for v in argument)
        return (attr, _IN if predicate == "IN" else _NOT_IN, values)
    if predicate == "REGEX" and isinstance(argument, str):
        regex = _REGEXES.get(argument) or _REGEXES.setdefault(argument, _Regex(argument))
        return (attr, _REGEX, regex)
    return None


class RunIndex:
    """One Doc's tokens by attribute value (bit masks), and each node's tokens."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.everything = (1 << len(doc)) - 1
        self._columns: dict[int, dict[int, int]] = {}
        self._nodes: dict[CompiledNode, list[int]] = {}

    def tokens(self, node: CompiledNode) -> list[int]:
        """The positions of the tokens ``node`` matches, ascending."""
        found = self._nodes.get(node)
        if found is None:
            found = self._nodes[node] = _positions(self.mask(node))
        return found

    def mask(self, node: CompiledNode) -> int:
        """The tokens ``node`` matches, as a bit mask (bit i: token i)."""
        mask = self.everything
        for attr, kind, value in node.checks:
            column = self._column(attr)
            if kind == _EQUAL:
                mask &= column.get(value, 0)
            elif kind == _IN:
                mask &= _union(column, value)
            elif kind == _NOT_IN:
                mask &= self.everything & ~_union(column, value)
            else:
                mask &= self._searched(column, value)
            if not mask:
                break
        return mask

    def _column(self, attr: int) -> dict[int, int]:
        column = self._columns.get(attr)
        if column is None:
            values: list[int] = self.doc.to_array([attr]).tolist()
            if attr == SENT_START:  # the Matcher reads 1 where a sentence starts, else 0
                values = [1 if v == 1 else 0 for v in values]
            column = {}
            for position, v in enumerate(values):
                column[v] = column.get(v, 0) | (1 << position)
            self._columns[attr] = column
        return column

    def _searched(self, column: dict[int, int], regex: _Regex) -> int:
        strings = self.doc.vocab.strings
        mask = 0
        for v, bits in column.items():
            answer = regex.answers.get(v)
            if answer is None:
                answer = regex.answers[v] = bool(regex.pattern.search(strings[v]))
            if answer:
                mask |= bits
        return mask


def _union(column: dict[int, int], values: frozenset[int]) -> int:
    mask = 0
    for v, bits in column.items():
        if v in values:
            mask |= bits
    return mask


def _positions(mask: int) -> list[int]:
    found = []
    while mask:
        lowest = mask & -mask
        found.append(lowest.bit_length() - 1)
        mask ^= lowest
    return found


# The index ``shared_index`` shares, per thread: a worker of a Dask cluster may
# extract several documents at once on threads of one process.
_shared = threading.local()


@contextmanager
def shared_index(doc: Doc) -> Iterator[None]:
    """Within the block, every matcher reading ``doc`` on this thread reads one index
    of it: the caller promises that ``doc`` does not change meanwhile (a run's copy,
    read by every pattern's matcher)."""
    previous = getattr(_shared, "index", None)
    _shared.index = RunIndex(doc)
    try:
        yield
    finally:
        _shared.index = previous


def run_index(doc: Doc) -> RunIndex:
    """The shared index of ``doc`` inside ``shared_index``, else a new one."""
    index: RunIndex | None = getattr(_shared, "index", None)
    if index is not None and index.doc is doc:
        return index
    return RunIndex(doc)


class FixedSequenceMatcher:
    """spaCy's token Matcher for patterns that are fixed sequences of single tokens
    (no ``OP``), over a whole Doc: each token's node is looked up in the Doc's
    index and the sequence is one shift and AND of their masks per token.

    Matches come by start, then in the order the patterns were added, each
    (key, start, end) once: what spaCy's Matcher gives for such patterns, up to
    the order of matches of different lengths that end apart, which the callers
    (sets of cue positions, one pattern per matcher) do not read.
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self._patterns: list[tuple[int, tuple[CompiledNode, ...]]] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Add ``patterns`` under ``key``; a pattern the arrays cannot read is an error."""
        key_id = self.vocab.strings.add(key)
        for pattern in patterns:
            nodes = [compile_node(token, self.vocab.strings) for token in pattern]
            if not nodes or any(node is None for node in nodes):
                raise ValueError(f"{key}: not a fixed sequence of plain token patterns")
            self._patterns.append((key_id, tuple(n for n in nodes if n is not None)))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        index = run_index(doc)
        found: dict[tuple[int, int, int], None] = {}
        for order, (key_id, nodes) in enumerate(self._patterns):
            mask = index.everything
            for offset, node in enumerate(nodes):
                mask &= index.mask(node) >> offset
                if not mask:
                    break
            for start in _positions(mask):
                found[(start, order, key_id)] = None
        matches = dict.fromkeys(
            (key_id, start, start + len(self._patterns[order][1]))
            for start, order, key_id in sorted(found)
        )
        return list(matches)
