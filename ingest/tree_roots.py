"""spaCy's DependencyMatcher, finding each matched token's tree root by index.

Before it checks any relation between nodes, the DependencyMatcher files every
token its token patterns match under the root of that token's tree, found by
walking ``Token.ancestors``: one Python ``Token`` per step, for every token
that a node's attributes match, often most of a sentence ("a PROPN", "a pobj").
``RootIndexMatcher`` does the same filing from the head offsets in the Doc's
array, with the same walk (and the same guard against a cycle), so its matches
are spaCy's own, in the same order. It replaces one method spaCy keeps private
(``_get_keys_to_position_maps``, spaCy 3.x): tests/test_pattern_gates.py
compares its matches with spaCy's matcher, so a spaCy release that changes the
method shows there.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc


class RootIndexMatcher(DependencyMatcher):
    """A DependencyMatcher whose token-to-root step reads head offsets, not Tokens."""

    def _get_keys_to_position_maps(self, doc: Doc) -> Any:
        """Matched token positions by tree root and token pattern, as spaCy files them.

        A token pattern matching more than one token (which spaCy warns about)
        is left to spaCy's own method.
        """
        matches = self._matcher(doc)
        if any(start + 1 != end for _, start, end in matches):
            return super()._get_keys_to_position_maps(doc)  # type: ignore[misc]  # private, not in the stubs
        heads: list[int] = doc.to_array([HEAD]).view("int64").ravel().tolist()
        length = len(heads)
        roots: dict[int, int] = {}
        keys_to_position_maps: defaultdict[int, defaultdict[int, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for match_id, start, _end in matches:
            root = roots.get(start)
            if root is None:
                # Token.ancestors: follow the head offsets until a root (offset 0),
                # at most as many steps as the Doc has tokens.
                root, steps = start, 0
                while heads[root] != 0 and steps < length:
                    root += heads[root]
                    steps += 1
                roots[start] = root
            keys_to_position_maps[root][match_id].append(start)
        return keys_to_position_maps
