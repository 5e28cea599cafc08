"""``train_relation_model``: a relation classifier from a user's own annotations.

Trains on annotated sentences (the JSONL shape ``threadline evaluate`` reads)
plus the example sentences of every pattern file, then chooses a confidence
threshold per relation type on development sentences: the lowest at which the
classifier's own predictions of that type keep the precision asked for. A type
whose predictions never reach it stays silent (its threshold is above 1).

Thresholds are chosen on predictions the model did not train on: a development
file that is also a training file is split in two halves by document, and each
half is predicted by a model trained without it. The bundled model is made the
same way (``make relation-model``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadline.config import Config
from threadline.errors import ConfigError
from threadline.evaluation import (
    Evaluation,
    GoldSentence,
    Scheme,
    evaluate,
    extract_with,
    read_gold,
    scheme,
)
from threadline.graph.model import Extraction, Relation
from threadline.graph.ontology import Ontology
from threadline.ingest.extract import Extractor
from threadline.ingest.relation_model import NO_RELATION, RelationModel
from threadline.ingest.relation_training import (
    TrainingSet,
    add_gold,
    add_pattern_examples,
    choose_threshold,
    fit,
)
from threadline.ingest.relations import RelationEngine

# Below this, a prediction is never worth an analyst's time.
FLOOR = 0.3
# A type needs this many development predictions for a threshold of its own.
MIN_SUPPORT = 5
DISABLED = 1.01
UNTUNED = 0.5


@dataclass(frozen=True, slots=True)
class GoldFile:
    path: Path
    scheme: str  # "conll04" or "threadline"


@dataclass(slots=True)
class TrainingReport:
    model: RelationModel
    thresholds: dict[str, float]
    examples: dict[str, int]
    dev: dict[str, dict[str, Any]]


@dataclass(slots=True)
class _Prepared:
    """One annotated file: its sentences, scheme and training examples per sentence."""

    gold: GoldFile
    sentences: list[GoldSentence]
    scheme: Scheme
    examples: list[TrainingSet]


def train_relation_model(
    train: Sequence[GoldFile],
    dev: Sequence[GoldFile],
    output: str | Path,
    config: Config | None = None,
    min_precision: float = 0.85,
    name: str | None = None,
    pattern_examples: bool = True,
    regularization: float = 1.0,
) -> TrainingReport:
    """Train on ``train``, choose thresholds on ``dev`` and write the model to ``output``."""
    if not train:
        raise ConfigError("train-relations needs at least one annotated file")
    config = (config or Config()).model_copy(deep=True)
    config.nlp.relation_model = "none"  # examples come from what the patterns' pipeline sees
    ontology = Ontology.load(tuple(config.ontology.extra))
    extractor = Extractor(config, ontology)
    prepared = {g.path.resolve(): _prepare(g, extractor, ontology) for g in train}
    extra = TrainingSet()
    if pattern_examples:
        engine = RelationEngine.from_config(config, ontology)
        examples = [e for p in engine.patterns.values() for e in p.examples]
        add_pattern_examples(
            extra, extractor.parse(e.text for e in examples), [e.expect for e in examples],
            ontology,
        )  # fmt: skip
    name = name or Path(output).stem
    meta = {
        "trained_on": [f"{g.path.name} ({g.scheme})" for g in train],
        "pattern_examples": pattern_examples,
        "tuned_on": [f"{g.path.name} ({g.scheme})" for g in dev],
        "min_precision": min_precision,
        "regularization": regularization,
        "pipeline": config.nlp.model,
    }

    def model_without(held_out: tuple[Path, set[int]] | None) -> RelationModel:
        training = TrainingSet()
        for path, item in prepared.items():
            for index, sentence_examples in enumerate(item.examples):
                if held_out and held_out[0] == path and index in held_out[1]:
                    continue
                training.extend(sentence_examples)
        training.extend(extra)
        return fit(training, name, meta, regularization=regularization)

    final = model_without(None)
    runs = _development_runs(dev, prepared, final, model_without, config, ontology)
    if runs:
        thresholds = per_type_thresholds(runs, final.classes, min_precision)
    else:  # nothing to choose on: the most probable type wins when it is more likely than not
        thresholds = {c: UNTUNED for c in final.classes if c != NO_RELATION}
    for k, relation in enumerate(final.classes):
        final.thresholds[k] = thresholds.get(relation, DISABLED)
    scores = {
        f"{gold.path.name} ({gold.scheme})": _score(
            sentences, extractions, chosen, thresholds
        ).to_dict()["micro"]
        for gold, sentences, extractions, chosen in runs
    }
    final.meta.update({"thresholds": thresholds, "dev": scores})
    final.save(output)
    counts: dict[str, int] = defaultdict(int)
    for item in prepared.values():
        for sentence_examples in item.examples:
            for label, n in sentence_examples.counts().items():
                counts[label] += n
    for label, n in extra.counts().items():
        counts[label] += n
    return TrainingReport(RelationModel.load(output), thresholds, dict(counts), scores)


def _prepare(gold: GoldFile, extractor: Extractor, ontology: Ontology) -> _Prepared:
    sentences = read_gold(gold.path)
    chosen = scheme(gold.scheme, ontology)
    per_sentence = []
    for sentence, parsed in zip(sentences, extractor.parse(s.text for s in sentences), strict=True):
        examples = TrainingSet()
        add_gold(examples, [parsed], [sentence], chosen, ontology)
        per_sentence.append(examples)
    return _Prepared(gold, sentences, chosen, per_sentence)


def _folds(sentences: list[GoldSentence]) -> list[set[int]]:
    """Two halves of a file's sentences, by document ("business/007#13" -> "business/007")."""
    documents = sorted({s.id.split("#")[0] for s in sentences})
    first = set(documents[::2])
    one = {i for i, s in enumerate(sentences) if s.id.split("#")[0] in first}
    return [one, set(range(len(sentences))) - one]


Run = tuple[GoldFile, list[GoldSentence], list[Extraction], Scheme]


def _development_runs(
    dev: Sequence[GoldFile],
    prepared: dict[Path, _Prepared],
    final: RelationModel,
    model_without: Any,
    config: Config,
    ontology: Ontology,
) -> list[Run]:
    """Extractions of every development sentence by a model that did not train on it."""
    runs: list[Run] = []
    for gold in dev:
        path = gold.path.resolve()
        sentences = read_gold(gold.path)
        chosen = scheme(gold.scheme, ontology)
        extractions: list[Extraction | None] = [None] * len(sentences)
        if path in prepared:
            parts = [(model_without((path, fold)), fold) for fold in _folds(sentences)]
        else:
            parts = [(final, set(range(len(sentences))))]
        for model, indices in parts:
            chosen_sentences = [sentences[i] for i in sorted(indices)]
            for i, extraction in zip(
                sorted(indices), _extract(model, chosen_sentences, config, ontology), strict=True
            ):
                extractions[i] = extraction
        runs.append((gold, sentences, [e for e in extractions if e is not None], chosen))
    return runs


def _extract(
    model: RelationModel, sentences: list[GoldSentence], config: Config, ontology: Ontology
) -> list[Extraction]:
    """Extractions with ``model`` keeping every prediction above ``FLOOR``."""
    saved = model.thresholds.copy()
    model.thresholds[:] = FLOOR
    extractor = Extractor(config, ontology)
    extractor.relation_engine.model = model  # the model being trained, not a file
    try:
        return list(extract_with(extractor, workers=1)(sentences))
    finally:
        model.thresholds[:] = saved


def per_type_thresholds(
    runs: list[Run], classes: list[str], min_precision: float
) -> dict[str, float]:
    """For each relation type, the lowest confidence keeping ``min_precision`` on dev.

    Types with fewer than ``MIN_SUPPORT`` development predictions share the
    threshold chosen over all types' predictions together.
    """
    decisions: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for _, sentences, extractions, chosen in runs:
        evaluation = _score(sentences, extractions, chosen, {})
        for rule, relation, confidence, correct in evaluation.results["overlap"].decisions:
            if rule.startswith("model:"):
                decisions[relation].append((confidence, correct))
    pooled = [d for items in decisions.values() for d in items]
    shared = _threshold(pooled, min_precision)
    thresholds = {}
    for relation in classes:
        if relation == NO_RELATION:
            continue
        items = decisions.get(relation, [])
        thresholds[relation] = (
            _threshold(items, min_precision) if len(items) >= MIN_SUPPORT else shared
        )
    return thresholds


def _threshold(items: list[tuple[float, bool]], min_precision: float) -> float:
    if not items:
        return DISABLED
    threshold, stats = choose_threshold(items, len(items), min_precision)
    if stats["kept"] == 0:
        return DISABLED
    return round(max(threshold, FLOOR), 4)


def _score(
    sentences: list[GoldSentence],
    extractions: list[Extraction],
    chosen: Scheme,
    thresholds: dict[str, float],
) -> Evaluation:
    """Evaluate extractions keeping model evidence at or above its type's threshold."""

    def keep(extraction: Extraction) -> Extraction:
        relations = []
        for relation in extraction.relations:
            floor = thresholds.get(relation.type, FLOOR)
            evidence = [
                e
                for e in relation.evidence
                if not e.rule.startswith("model:") or e.confidence >= floor
            ]
            if evidence:
                relations.append(Relation(relation.type, relation.source, relation.target,
                                          relation.properties, evidence))  # fmt: skip
        return Extraction(extraction.doc_id, extraction.title, extraction.text_length,
                          extraction.entities, relations, extraction.co_mentions)  # fmt: skip

    return evaluate(sentences, lambda _: iter(keep(e) for e in extractions), chosen)


def model_summary(model: RelationModel) -> dict[str, Any]:
    """What a model file says about itself: classes, size, training data, dev scores."""
    return {
        "name": model.name,
        "classes": model.classes,
        "features": len(model.index),
        "dense_inputs": len(model.dense),
        **{k: v for k, v in model.meta.items() if k != "name"},
        "thresholds": {
            c: float(t)
            for c, t in zip(model.classes, model.thresholds, strict=True)
            if c != NO_RELATION
        },
    }


__all__ = ["GoldFile", "TrainingReport", "model_summary", "train_relation_model"]
