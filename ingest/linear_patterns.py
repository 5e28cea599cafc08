"""Patterns whose nodes follow one another word by word, run on spaCy's token Matcher.

A pattern such as "a person's name, '(', a name word, a name word, ')'" chains each
node to the one before with ".", the word right after it. The DependencyMatcher
checks the candidates of every node against each other, work that grows with the
product of their numbers: on a team sheet of forty players with their clubs in
brackets ("Tom Hale (Kestrel Rovers), Ian Holt (Norvik United), ...") one such pattern
took minutes. Matched as a sequence of words, the same pattern takes one pass, and
gives the same matches: the token ids of the nodes, in the pattern's order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from threadline.ingest.node_matches import FixedSequenceMatcher


def word_sequence(nodes: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The token patterns of ``nodes`` when every node after the first is the word right
    after the node before it (``REL_OP: "."``), else None."""
    if len(nodes) < 2:
        return None
    for before, node in itertools.pairwise(nodes):
        if node.get("REL_OP") != "." or node.get("LEFT_ID") != before["RIGHT_ID"]:
            return None
    return [dict(node.get("RIGHT_ATTRS", {})) for node in nodes]


class SequenceMatcher:
    """A token Matcher for one word-sequence pattern, called like a DependencyMatcher:
    ``matcher(doc)`` gives ``(match_id, token_ids)`` pairs. Matched on the Doc's arrays
    (ingest/node_matches.py) when its nodes can be read there, else by spaCy's Matcher."""

    def __init__(self, vocab: Vocab, key: str, sequence: list[dict[str, Any]]) -> None:
        self._matcher: FixedSequenceMatcher | Matcher = FixedSequenceMatcher(vocab)
        try:
            self._matcher.add(key, [sequence])
        except ValueError:
            self._matcher = Matcher(vocab)
            self._matcher.add(key, [sequence])

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        return [(match_id, list(range(start, end))) for match_id, start, end in self._matcher(doc)]
