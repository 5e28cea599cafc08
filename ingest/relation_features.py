"""What the relation classifier sees of a pair of entity mentions in a sentence.

Features are strings (a sparse, binary representation): the argument types and
their order, the dependency path between the two mentions' head tokens (labels
and directions, with and without the lemmas on it), the words between them, the
words that govern each mention ("at", "of", "in", "chief"), and the words just
outside the pair. Entity names themselves are never features: the classifier must
learn constructions, not who works where.

Beside those, ``pair_vector`` gives the pipeline's own contextual token vectors
(``doc.tensor``) of the two head tokens, of their lowest common ancestor and the
mean over the words between: they let a model trained on a few thousand pairs
generalise from "chief executive" to "managing director".

The same function serves training and extraction, so what the model was trained
on is exactly what it sees at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

# Token distance buckets: the pair's distance matters, its exact value does not.
_DISTANCE_BUCKETS = (1, 2, 3, 4, 6, 8, 12, 20, 40)
_MAX_PATH = 8


def span_root(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` whose head lies outside the span."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head is token:
            return token
    return doc[start]


def _ancestors(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """Tokens from ``a`` up to the lowest common ancestor, the ancestor, and down to ``b``.

    The ends are excluded; ``None`` when the tokens share no ancestor (different
    sentences).
    """
    up = _ancestors(a)
    down = _ancestors(b)
    down_index = {t.i: k for k, t in enumerate(down)}
    for k, token in enumerate(up):
        if token.i in down_index:
            return up[1:k], token, list(reversed(down[1 : down_index[token.i]]))
    return [], None, []


@dataclass(frozen=True, slots=True)
class PairParse:
    """The parse between two mentions, computed once for features, vectors and status."""

    source: tuple[int, int]
    target: tuple[int, int]
    source_root: Token
    target_root: Token
    up: list[Token]
    common: Token | None
    down: list[Token]


def parse_pair(doc: Doc, source: tuple[int, int], target: tuple[int, int]) -> PairParse:
    """Head tokens of two token spans and the dependency path between them."""
    s_root = span_root(doc, *source)
    t_root = span_root(doc, *target)
    up, common, down = dependency_path(s_root, t_root)
    return PairParse(source, target, s_root, t_root, up, common, down)


def _bucket(distance: int) -> str:
    for limit in _DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return "far"


def _word(token: Token) -> str:
    if token.like_num:
        return "<num>"
    return token.lemma_.lower() if token.pos_ != "PROPN" else "<propn>"


def pair_features(
    doc: Doc,
    pair: PairParse,
    source_type: str,
    target_type: str,
    entity_starts: frozenset[int] = frozenset(),
) -> list[str]:
    """The features of a candidate relation from ``pair.source`` to ``pair.target``.

    ``entity_starts`` are the first tokens of every entity span in the document,
    to count the entities named between the two.
    """
    types = f"{source_type}>{target_type}"
    source, target = pair.source, pair.target
    s_root, t_root = pair.source_root, pair.target_root
    forward = source[0] < target[0]
    left, right = (source, target) if forward else (target, source)
    between = doc[left[1] : right[0]]
    words = [_word(t) for t in between if not t.is_space]
    features = [
        f"types={types}",
        f"order={'st' if forward else 'ts'}|{types}",
        f"dist={_bucket(len(words))}|{types}",
        f"sdep={s_root.dep_}|{types}",
        f"tdep={t_root.dep_}|{types}",
        f"shead={_word(s_root.head)}",
        f"thead={_word(t_root.head)}",
        f"shead={_word(s_root.head)}|{types}",
        f"thead={_word(t_root.head)}|{types}",
    ]
    if s_root.head.dep_ == "prep" or s_root.dep_ == "pobj":
        features.append(f"sprep={s_root.head.lower_}>{_word(s_root.head.head)}|{types}")
    if t_root.dep_ == "pobj":
        features.append(f"tprep={t_root.head.lower_}>{_word(t_root.head.head)}|{types}")
        features.append(f"tprep1={t_root.head.lower_}|{types}")
    up, common, down = pair.up, pair.common, pair.down
    if common is None:
        features.append("path=none")
    elif len(up) + len(down) <= _MAX_PATH:
        labels = (
            [f"^{s_root.dep_}"]
            + [f"^{t.dep_}" for t in up]
            + [f"v{t.dep_}" for t in down]
            + [f"v{t_root.dep_}"]
        )
        lemmas = [_word(t) for t in up] + [f"[{_word(common)}]"] + [_word(t) for t in down]
        features.append(f"path={' '.join(labels)}|{types}")
        features.append(f"path={' '.join(labels)}")
        features.append(f"lpath={' '.join(lemmas)}|{types}")
        features.append(f"pathlen={len(up) + len(down)}")
        common_word = _word(common) if common not in (s_root, t_root) else "<arg>"
        features.append(f"lca={common_word}|{types}")
        features.append(f"lca={common_word}")
        features.extend(f"onpath={_word(t)}" for t in (*up, *down))
    else:
        features.append(f"pathlen=long|{types}")
    if len(words) <= 5:
        features.append(f"between={' '.join(words)}|{types}")
    features.extend(f"bw={w}" for w in set(words))
    if words:
        features.append(f"bw_first={words[0]}|{types}")
        features.append(f"bw_last={words[-1]}|{types}")
    inside = sum(1 for i in range(left[1], right[0]) if i in entity_starts)
    features.append(f"entities_between={min(inside, 3)}|{types}")
    if left[0] > 0:
        features.append(f"before={_word(doc[left[0] - 1])}|{types}")
    if right[1] < len(doc):
        features.append(f"after={_word(doc[right[1]])}|{types}")
    return features


def pair_vector(doc: Doc, pair: PairParse) -> np.ndarray:
    """Contextual vectors of the pair: source head, target head, common ancestor, between.

    Empty when the pipeline sets no ``doc.tensor``.
    """
    tensor = doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc):
        return np.zeros(0, dtype=np.float32)
    width = tensor.shape[1]
    s_root, t_root, common = pair.source_root, pair.target_root, pair.common
    left, right = sorted((pair.source, pair.target))
    between = tensor[left[1] : right[0]]
    parts = [
        tensor[s_root.i],
        tensor[t_root.i],
        tensor[common.i] if common is not None else np.zeros(width, dtype=np.float32),
        between.mean(axis=0) if len(between) else np.zeros(width, dtype=np.float32),
    ]
    return np.concatenate(parts).astype(np.float32)
