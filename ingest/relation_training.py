"""Training the relation classifier from annotated sentences and pattern examples.

Examples are made from what extraction itself sees: each gold sentence is parsed
and its entities found by the normal entity step; every candidate pair
(``relation_pairs.candidate_pairs``) gets the gold relation whose head and tail
its mentions overlap, or ``NONE``. A gold relation whose entities extraction
types differently (so the ontology rules the relation out for them) gives no
example rather than a false negative; pairs of types the gold file does not
annotate give none either. Pattern example sentences add their expected
relations as positives, and their "expect nothing" sentences as negatives.

The learner is scikit-learn's logistic regression (multinomial, L2); thresholds
are then chosen on a development set for precision (``choose_threshold``).
scikit-learn is imported here only: extraction needs NumPy alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from threadline.evaluation import GoldSentence, Scheme
from threadline.graph.ontology import Ontology
from threadline.ingest.relation_model import NO_RELATION, RelationModel
from threadline.ingest.relation_pairs import Candidate, candidate_pairs, features_of, vector_of


@dataclass(slots=True)
class TrainingSet:
    features: list[list[str]] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(self, features: list[str], vector: np.ndarray, label: str) -> None:
        self.features.append(features)
        self.vectors.append(vector)
        self.labels.append(label)

    def extend(self, other: TrainingSet) -> None:
        self.features.extend(other.features)
        self.vectors.extend(other.vectors)
        self.labels.extend(other.labels)

    def counts(self) -> Counter[str]:
        return Counter(self.labels)


def _char_span(candidate_span: Any, doc: Any) -> tuple[int, int]:
    first, last = doc[candidate_span.start], doc[candidate_span.end - 1]
    return first.idx, last.idx + len(last.text)


def _overlaps(a: tuple[int, int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def _admissible(ontology: Ontology, candidate: Candidate) -> bool:
    return any(
        ontology.allows(r, candidate.source.type, candidate.target.type)
        for r in ontology.relation_types
    )


def add_gold(
    training: TrainingSet,
    parsed: Iterable[tuple[Any, Any]],
    sentences: list[GoldSentence],
    scheme: Scheme,
    ontology: Ontology,
) -> None:
    """Examples from annotated sentences, parsed by ``Extractor.parse``."""
    for sentence, (doc, entities) in zip(sentences, parsed, strict=True):
        gold = [
            (sentence.entities[r.head], sentence.entities[r.tail], scheme.to_ontology(r.type))
            for r in sentence.relations
        ]
        starts = frozenset(s.start for s in entities.spans)
        for candidate in candidate_pairs(doc, entities):
            pair = (candidate.source.type, candidate.target.type)
            if not _admissible(ontology, candidate):
                continue
            if scheme.annotated_pairs and pair not in scheme.annotated_pairs:
                continue
            source = _char_span(candidate.source_span, doc)
            target = _char_span(candidate.target_span, doc)
            label: str | None = NO_RELATION
            for head, tail, relation in gold:
                forward = _overlaps(source, head.start, head.end) and _overlaps(
                    target, tail.start, tail.end
                )
                backward = (
                    relation is not None
                    and relation in scheme.symmetric
                    and _overlaps(source, tail.start, tail.end)
                    and _overlaps(target, head.start, head.end)
                )
                if not (forward or backward):
                    continue
                if relation is None:
                    label = NO_RELATION
                elif ontology.allows(relation, *pair):
                    label = relation
                else:
                    label = None  # extraction typed an argument otherwise: no example
                break
            if label is not None:
                training.add(features_of(doc, candidate, starts), vector_of(doc, candidate), label)


def add_pattern_examples(
    training: TrainingSet,
    parsed: Iterable[tuple[Any, Any]],
    expectations: list[tuple[dict[str, Any], ...]],
    ontology: Ontology,
) -> None:
    """Examples from pattern example sentences: expected relations and explicit negatives."""
    for expect, (doc, entities) in zip(expectations, parsed, strict=True):
        starts = frozenset(s.start for s in entities.spans)
        wanted = {(e["source"].casefold(), e["target"].casefold()): e["type"] for e in expect}
        for candidate in candidate_pairs(doc, entities):
            if not _admissible(ontology, candidate):
                continue
            label = None
            for source_name in _names(candidate.source):
                for target_name in _names(candidate.target):
                    label = label or wanted.get((source_name, target_name))
            if label is None and expect:
                continue  # other pairs of an example sentence are not annotated
            if label is not None and not ontology.allows(
                label, candidate.source.type, candidate.target.type
            ):
                continue
            training.add(
                features_of(doc, candidate, starts),
                vector_of(doc, candidate),
                label or NO_RELATION,
            )


def _names(entity: Any) -> list[str]:
    return [entity.name.casefold(), *(a.casefold() for a in entity.aliases)]


def fit(
    training: TrainingSet,
    name: str,
    meta: dict[str, Any],
    regularization: float = 1.0,
    min_count: int = 2,
    dense_scale: float = 0.1,
) -> RelationModel:
    """A logistic regression over the training set's features (threshold 0.5 until tuned)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in training.features for f in set(row))
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols = [], []
    for r, row in enumerate(training.features):
        for c in sorted({index[f] for f in row if f in index}):
            rows.append(r)
            cols.append(c)
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(training.features), len(vocabulary)),
    )
    widths = {len(v) for v in training.vectors}
    width = widths.pop() if len(widths) == 1 else 0
    if width:
        matrix = hstack([matrix, csr_matrix(np.vstack(training.vectors) * dense_scale)]).tocsr()
    classes = sorted(set(training.labels) | {NO_RELATION})
    learner = LogisticRegression(C=regularization, max_iter=5000)
    learner.fit(matrix, training.labels)
    learned = [str(c) for c in learner.classes_]
    coef = np.asarray(learner.coef_, dtype=np.float32)
    intercept = np.asarray(learner.intercept_, dtype=np.float32)
    if len(learned) == 2:  # binary case: sklearn keeps one row for the second class
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
    weights = np.zeros((matrix.shape[1], len(classes)), dtype=np.float32)
    bias = np.full(len(classes), -20.0, dtype=np.float32)
    for k, label in enumerate(learned):
        weights[:, classes.index(label)] = coef[k]
        bias[classes.index(label)] = intercept[k]
    dense = weights[len(vocabulary) :] * dense_scale
    weights = weights[: len(vocabulary)]
    keep = np.abs(weights).max(axis=1) > 1e-4
    vocabulary = [f for f, kept in zip(vocabulary, keep, strict=True) if kept]
    weights = weights[keep]
    thresholds = np.full(len(classes), 0.5, dtype=np.float32)
    meta = {**meta, "name": name, "examples": dict(training.counts())}
    return RelationModel(vocabulary, classes, weights, bias, thresholds, meta, "", dense)


def choose_threshold(
    scored: list[tuple[float, bool]], gold_total: int, min_precision: float
) -> tuple[float, dict[str, float]]:
    """The lowest confidence threshold whose precision reaches ``min_precision``.

    ``scored`` holds (confidence, correct) for every classifier prediction on the
    development set, ``gold_total`` the number of gold relations the classifier
    could add to. The lowest such threshold gives the most recall at the precision
    asked for; with none, the highest threshold seen is returned.
    """
    ranked = sorted(scored, key=lambda item: -item[0])
    best = (1.0, {"precision": 0.0, "recall": 0.0, "kept": 0})
    correct = 0
    for kept, (confidence, right) in enumerate(ranked, 1):
        correct += right
        precision = correct / kept
        if precision >= min_precision and (kept == len(ranked) or ranked[kept][0] < confidence):
            recall = correct / gold_total if gold_total else 0.0
            best = (confidence, {"precision": precision, "recall": recall, "kept": kept})
    return best
