"""spaCy's DependencyMatcher, finding each node's tokens and each matched token's
tree root by index.

Before it checks any relation between nodes, the DependencyMatcher runs a token
Matcher holding every node pattern over the Doc, then files every token a node
matches under the root of that token's tree, found by walking
``Token.ancestors``: one Python ``Token`` per step, for every token that a
node's attributes match, often most of a sentence ("a PROPN", "a pobj").
``RootIndexMatcher`` finds the nodes' tokens on the Doc's arrays
(ingest/node_matches.py; a pattern with a node those cannot read keeps spaCy's
token Matcher) and files them from the head offsets in the Doc's array, with the
same walk (and the same guard against a cycle), so its matches are spaCy's own,
in the same order. It replaces one method spaCy keeps private
(``_get_keys_to_position_maps``, spaCy 3.x) and reads the pattern tables spaCy
keeps on the matcher: tests/test_pattern_gates.py and tests/test_node_matches.py
compare its matches with spaCy's matcher, so a spaCy release that changes them
shows there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from threadline.ingest.node_matches import CompiledNode, compile_node, run_index


class _Unread:
    """The nodes of a matcher not read yet."""


_UNREAD = _Unread()


class RootIndexMatcher(DependencyMatcher):
    """A DependencyMatcher whose token pass and token-to-root step read the Doc's
    arrays, not Tokens."""

    def __init__(self, vocab: Vocab, *args: Any, **kwargs: Any) -> None:
        super().__init__(vocab, *args, **kwargs)
        # (token key, node) for every node of every pattern, read on first use (None
        # when a node needs spaCy's token Matcher, ingest/node_matches.py).
        self._nodes: list[tuple[int, CompiledNode]] | _Unread | None = _UNREAD

    def add(self, key: Any, patterns: Any, *, on_match: Any = None) -> None:
        super().add(key, patterns, on_match=on_match)
        self._nodes = _UNREAD

    def _node_list(self) -> list[tuple[int, CompiledNode]] | None:
        if isinstance(self._nodes, _Unread):
            self._nodes = self._compiled_nodes()
        return self._nodes

    def _compiled_nodes(self) -> list[tuple[int, CompiledNode]] | None:
        """(token key, node) for every node of every pattern, keyed as spaCy keys them
        in its token Matcher; None when a node must be left to that Matcher."""
        nodes = []
        strings = self.vocab.strings
        for key, patterns in self._patterns.items():
            for pattern, token_keys in zip(patterns, self._tokens_to_key[key], strict=True):
                for (attributes,), token_key in zip(pattern, token_keys, strict=True):
                    node = compile_node(attributes, strings)
                    if node is None:
                        return None
                    nodes.append((token_key, node))
        return nodes

    def _token_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(token key, start, end) of every node pattern's token, by start: what
        spaCy's token Matcher gives, read off the run's index when every node can be."""
        nodes = self._node_list()
        if nodes is None:
            return list(self._matcher(doc))
        index = run_index(doc)
        found = [(start, key) for key, node in nodes for start in index.tokens(node)]
        found.sort(key=itemgetter(0))
        return [(key, start, start + 1) for start, key in found]

    def _get_keys_to_position_maps(self, doc: Doc) -> Any:
        """Matched token positions by tree root and token pattern, as spaCy files them.

        A token pattern matching more than one token (which spaCy warns about)
        is left to spaCy's own method.
        """
        matches = self._token_matches(doc)
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

    def _get_matches(
        self,
        cache: dict[Any, Any],
        doc: Doc,
        tree: dict[int, list[tuple[str, int]]],
        tokens_to_key: list[int],
        keys_to_position: dict[int, list[int]],
    ) -> Iterator[list[int]]:
        """Every assignment of tokens to a pattern's nodes that holds all its links,
        in the order spaCy gives them.

        spaCy tries every combination of the nodes' tokens (``itertools.product``)
        and checks all links of each: a pattern of five nodes over a run where
        each matches a dozen tokens is 250,000 checks. Here the nodes are
        assigned in order and each link is checked as soon as both its ends are
        assigned, so a combination that breaks a link is dropped with every
        combination sharing that part. The combinations are still tried in
        ``product``'s order and a link holds exactly when spaCy's check says so
        (the same operator lists), so the matches and their order are the same.
        """
        positions = [keys_to_position[key] for key in tokens_to_key]
        if not all(positions):
            return
        # Each link is checked when the later of its two nodes is assigned.
        links_at: list[list[tuple[int, str, int]]] = [[] for _ in positions]
        for left, links in list(tree.items()):
            for operator, right in links:
                links_at[max(left, right)].append((left, operator, right))
        related: dict[tuple[int, str], frozenset[int]] = {}

        def holds(left_token: int, operator: str, right_token: int) -> bool:
            found = related.get((left_token, operator))
            if found is None:
                found = related[left_token, operator] = frozenset(
                    self._resolve_node_operator(cache, doc, left_token, operator)  # type: ignore[attr-defined]
                )
            return right_token in found

        chosen = [0] * len(positions)

        def extend(node: int) -> Iterator[list[int]]:
            if node == len(positions):
                yield list(chosen)
                return
            for token in positions[node]:
                chosen[node] = token
                if all(
                    holds(chosen[left], operator, chosen[right])
                    for left, operator, right in links_at[node]
                ):
                    yield from extend(node + 1)

        yield from extend(0)
