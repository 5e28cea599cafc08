"""Candidate entity pairs in a sentence, and the classifier's relations among them.

Training and extraction enumerate pairs the same way: every ordered pair of
mentions of two different entities in one sentence, within ``MAX_TOKENS`` of each
other, whose entity types the ontology admits for at least one relation the
model knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span

from threadline.graph.model import Entity
from threadline.graph.ontology import Ontology
from threadline.ingest.relation_features import PairParse, pair_features, pair_vector, parse_pair
from threadline.ingest.relation_model import RelationModel
from threadline.ingest.spans import DocEntities, EntitySpan, sentences

# Pairs further apart than this rarely state a relation and cost time.
MAX_TOKENS = 40


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two entity mentions of one sentence, in the order source -> target."""

    sentence: Span
    source_span: EntitySpan
    target_span: EntitySpan
    source: Entity
    target: Entity


def candidate_pairs(doc: Doc, entities: DocEntities) -> Iterator[Candidate]:
    """Every ordered pair of mentions of distinct entities sharing a sentence."""
    spans = [s for s in entities.spans if s.entity_id in entities.entities]
    index = 0
    for sent in sentences(doc):
        while index < len(spans) and spans[index].start < sent.start:
            index += 1
        inside = []
        k = index
        while k < len(spans) and spans[k].end <= sent.end:
            inside.append(spans[k])
            k += 1
        if len({s.entity_id for s in inside}) < 2:
            continue
        for a in inside:
            for b in inside:
                if a.entity_id == b.entity_id or abs(a.start - b.start) > MAX_TOKENS:
                    continue
                yield Candidate(
                    sent, a, b, entities.entities[a.entity_id], entities.entities[b.entity_id]
                )


def pair_parse(doc: Doc, candidate: Candidate) -> PairParse:
    """The parse between a candidate's two mentions."""
    return parse_pair(
        doc,
        (candidate.source_span.start, candidate.source_span.end),
        (candidate.target_span.start, candidate.target_span.end),
    )


def features_of(
    doc: Doc, candidate: Candidate, starts: frozenset[int], pair: PairParse | None = None
) -> list[str]:
    """The classifier's features for one candidate pair."""
    return pair_features(
        doc,
        pair or pair_parse(doc, candidate),
        candidate.source.type,
        candidate.target.type,
        starts,
    )


def vector_of(doc: Doc, candidate: Candidate, pair: PairParse | None = None) -> np.ndarray:
    """The classifier's dense input for one candidate pair."""
    return pair_vector(doc, pair or pair_parse(doc, candidate))


@dataclass(frozen=True, slots=True)
class Classified:
    relation: str
    candidate: Candidate
    probability: float
    pair: PairParse


def classify(
    model: RelationModel, doc: Doc, entities: DocEntities, ontology: Ontology
) -> list[Classified]:
    """The relations the model reads in ``doc``, best mention pair per (type, pair, sentence)."""
    starts = frozenset(s.start for s in entities.spans)
    best: dict[tuple[str, str, str, int], Classified] = {}
    for candidate in candidate_pairs(doc, entities):
        mask = model.allowed(ontology, candidate.source.type, candidate.target.type)
        if mask.sum() < 2:
            continue
        pair = pair_parse(doc, candidate)
        vector = vector_of(doc, candidate, pair) if len(model.dense) else np.zeros(0, np.float32)
        prediction = model.predict(features_of(doc, candidate, starts, pair), vector, mask)
        if prediction is None:
            continue
        key = (
            prediction.relation,
            candidate.source.id,
            candidate.target.id,
            candidate.sentence.start,
        )
        known = best.get(key)
        if known is None or known.probability < prediction.probability:
            best[key] = Classified(prediction.relation, candidate, prediction.probability, pair)
    return list(best.values())
