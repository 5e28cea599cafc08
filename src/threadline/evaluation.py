"""Scores the extractor against annotated sentences: precision, recall and F1.

The gold file is JSONL in the shape of the CoNLL04 release that ships with the
project's shared corpora: ``{"id", "text", "entities": [{"start", "end", "type",
"text"}], "relations": [{"head", "tail", "type"}]}``, offsets into ``text``,
``head``/``tail`` indexing ``entities``. A *scheme* says how the gold's type names
relate to the ontology: ``threadline`` gold uses the ontology's own names,
``conll04`` gold uses ``Peop``/``Org``/``Loc`` and ``Work_For``/``OrgBased_In``/
``Located_In``/``Live_In``, onto which predictions are mapped (a relation type the
scheme does not annotate is neither right nor wrong, so it is not scored).

Every sentence is extracted end to end, entities included, exactly as a build
would: the scores say what reaches the graph, not what a component could do
with perfect input. A predicted relation is right when its type matches and a
mention of its source and one of its target match the gold head and tail, by
overlapping characters (``overlap``) or identical boundaries (``exact``). Each
gold relation is matched at most once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadline.errors import InputError
from threadline.graph.model import Document, Extraction
from threadline.graph.ontology import Ontology

MATCHINGS = ("overlap", "exact")


@dataclass(frozen=True, slots=True)
class GoldEntity:
    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldRelation:
    head: int
    tail: int
    type: str


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


@dataclass(frozen=True, slots=True)
class Scheme:
    """How a gold file's type names relate to the ontology's.

    ``entity_types`` maps a predicted ontology entity type to the scheme's name
    (None: not scored); ``relation`` maps a predicted (relation type, source type,
    target type) to the scheme's relation name (None: not scored); ``scored``
    lists the gold relation types that are scored (others, such as CoNLL04's
    ``Kill``, have no counterpart and are left out of the counts).
    """

    name: str
    entity_types: Callable[[str], str | None]
    relation: Callable[[str, str, str], str | None]
    scored: Callable[[str], bool]
    entity_names: frozenset[str]
    symmetric: frozenset[str] = frozenset()
    # For training: the ontology relation type a gold relation stands for (None:
    # no counterpart), and the (source, target) entity type pairs whose examples
    # the gold file teaches (empty: all), so unannotated pairs are not negatives.
    to_ontology: Callable[[str], str | None] = lambda t: t
    annotated_pairs: frozenset[tuple[str, str]] = frozenset()


_CONLL04_ENTITY = {"Person": "Peop", "Organization": "Org", "Location": "Loc", "Facility": "Loc"}
_CONLL04_RELATIONS = frozenset({"Work_For", "OrgBased_In", "Located_In", "Live_In"})
_CONLL04_TO_ONTOLOGY = {
    "Work_For": "WORKS_FOR",
    "OrgBased_In": "LOCATED_IN",
    "Located_In": "LOCATED_IN",
    "Live_In": "LIVES_IN",
}
# The pairs CoNLL04 teaches the classifier. Person -> Location is left out: its
# Live_In also covers birthplaces and nationality ("US president X", "born in X"),
# which the ontology's LIVES_IN ("lives in") does not say, so LIVES_IN is learned
# from annotations made with the ontology's meaning.
_CONLL04_PAIRS = frozenset(
    {
        ("Person", "Organization"),
        ("Organization", "Location"),
        ("Location", "Location"),
        ("Facility", "Location"),
    }
)


def _conll04_relation(relation: str, source: str, target: str) -> str | None:
    """CoNLL04's reading of a predicted relation (its README gives the mapping)."""
    if relation in ("WORKS_FOR", "MEMBER_OF", "FOUNDED") and source == "Person":
        return "Work_For"
    if relation == "LOCATED_IN":
        return "OrgBased_In" if source == "Organization" else "Located_In"
    if relation == "LIVES_IN":
        return "Live_In"
    return None


def scheme(name: str, ontology: Ontology) -> Scheme:
    """The scheme called ``name`` (``conll04`` or ``threadline``)."""
    if name == "conll04":
        return Scheme(
            name="conll04",
            entity_types=_CONLL04_ENTITY.get,
            relation=_conll04_relation,
            scored=_CONLL04_RELATIONS.__contains__,
            entity_names=frozenset(_CONLL04_ENTITY.values()),
            to_ontology=_CONLL04_TO_ONTOLOGY.get,
            annotated_pairs=_CONLL04_PAIRS,
        )
    if name == "threadline":
        return Scheme(
            name="threadline",
            entity_types=lambda t: t,
            relation=lambda relation, source, target: relation,
            scored=ontology.relation_types.__contains__,
            entity_names=frozenset(ontology.entity_types),
            symmetric=frozenset(t for t, r in ontology.relation_types.items() if r.symmetric),
        )
    raise ValueError(f"unknown scheme {name!r} (conll04 or threadline)")


def read_gold(path: str | Path) -> list[GoldSentence]:
    """Annotated sentences from a JSONL file; a malformed line is an InputError naming it."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 ({exc.reason})") from exc
    sentences = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            sentences.append(_parse_gold_line(line, f"{path}:{number}"))
    if not sentences:
        raise InputError(str(path), "no annotated sentences")
    return sentences


def _parse_gold_line(line: str, where: str) -> GoldSentence:
    try:
        data = json.loads(line)
        text = data["text"]
        entities = tuple(
            GoldEntity(int(e["start"]), int(e["end"]), str(e["type"]), str(e.get("text", "")))
            for e in data.get("entities") or []
        )
        relations = tuple(
            GoldRelation(int(r["head"]), int(r["tail"]), str(r["type"]))
            for r in data.get("relations") or []
        )
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON ({exc.msg})") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(where, f"expected id, text, entities, relations ({exc})") from exc
    if not isinstance(text, str):
        raise InputError(where, "'text' must be a string")
    for entity in entities:
        if not 0 <= entity.start < entity.end <= len(text):
            raise InputError(where, f"entity offsets {entity.start}-{entity.end} outside the text")
    for relation in relations:
        if not (0 <= relation.head < len(entities) and 0 <= relation.tail < len(entities)):
            raise InputError(where, f"relation {relation.type} names an entity that is not listed")
    return GoldSentence(str(data.get("id", where)), text, entities, relations)


# -- predictions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredictedRelation:
    """One relation as the scheme reads it, with every span naming each argument."""

    sentence: str
    type: str
    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...]
    source_name: str
    target_name: str
    rule: str
    confidence: float
    relation: str = ""  # the ontology's relation type behind ``type``


@dataclass(frozen=True, slots=True)
class PredictedMention:
    sentence: str
    start: int
    end: int
    type: str
    text: str


def predictions(
    extraction: Extraction, scheme_: Scheme
) -> tuple[list[PredictedRelation], list[PredictedMention]]:
    """What one extraction claims, in the scheme's names (unscored types left out)."""
    entities = {e.id: e for e in extraction.entities}
    mentions = [
        PredictedMention(extraction.doc_id, m.start, m.end, mapped, m.text)
        for e in extraction.entities
        if (mapped := scheme_.entity_types(e.type)) is not None
        for m in e.mentions
    ]
    relations: dict[tuple[str, str, str], PredictedRelation] = {}
    for relation in extraction.relations:
        source, target = entities.get(relation.source), entities.get(relation.target)
        if source is None or target is None:
            continue
        mapped = scheme_.relation(relation.type, source.type, target.type)
        if mapped is None:
            continue
        key = (mapped, source.id, target.id)
        best = max(relation.evidence, key=lambda e: e.confidence, default=None)
        known = relations.get(key)
        if known is not None and (best is None or known.confidence >= best.confidence):
            continue
        relations[key] = PredictedRelation(
            sentence=extraction.doc_id,
            type=mapped,
            source_spans=tuple((m.start, m.end) for m in source.mentions),
            target_spans=tuple((m.start, m.end) for m in target.mentions),
            source_name=source.name,
            target_name=target.name,
            rule=best.rule if best else "",
            confidence=best.confidence if best else 0.0,
            relation=relation.type,
        )
    return list(relations.values()), mentions


# -- scoring ----------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _spans_match(a: tuple[int, int], b: tuple[int, int], matching: str) -> bool:
    if matching == "exact":
        return a == b
    return a[0] < b[1] and b[0] < a[1]


def _any_match(spans: Iterable[tuple[int, int]], gold: GoldEntity, matching: str) -> bool:
    return any(_spans_match(span, (gold.start, gold.end), matching) for span in spans)


@dataclass(slots=True)
class Error:
    """A missed gold relation or a false positive, for the error listing."""

    kind: str  # "missed" or "false positive"
    sentence_id: str
    text: str
    type: str
    source: str
    target: str
    rule: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "sentence": self.sentence_id,
            "text": self.text,
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "rule": self.rule,
        }


@dataclass(slots=True)
class Scores:
    """Counts per relation type and for entities, under one matching."""

    by_type: dict[str, Counts] = field(default_factory=dict)
    entities: dict[str, Counts] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    # (rule, ontology relation type, confidence, correct) of every scored prediction,
    # for choosing the classifier's thresholds.
    decisions: list[tuple[str, str, float, bool]] = field(default_factory=list)

    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_type.values():
            total.add(counts)
        return total

    def entity_micro(self) -> Counts:
        total = Counts()
        for counts in self.entities.values():
            total.add(counts)
        return total


def score_sentence(
    gold: GoldSentence,
    relations: list[PredictedRelation],
    mentions: list[PredictedMention],
    scheme_: Scheme,
    matching: str,
    scores: Scores,
) -> None:
    """Add one sentence's counts to ``scores``."""
    gold_relations = [r for r in gold.relations if scheme_.scored(r.type)]
    used: set[int] = set()
    for predicted in sorted(relations, key=lambda r: -r.confidence):
        counts = scores.by_type.setdefault(predicted.type, Counts())
        match = None
        for index, relation in enumerate(gold_relations):
            if index in used or relation.type != predicted.type:
                continue
            head, tail = gold.entities[relation.head], gold.entities[relation.tail]
            forward = _any_match(predicted.source_spans, head, matching) and _any_match(
                predicted.target_spans, tail, matching
            )
            backward = predicted.type in scheme_.symmetric and (
                _any_match(predicted.source_spans, tail, matching)
                and _any_match(predicted.target_spans, head, matching)
            )
            if forward or backward:
                match = index
                break
        if match is None and (
            _restates(predicted, gold, gold_relations, used, matching, scheme_)
            or _inside_one_entity(predicted, gold, matching)
        ):
            continue
        scores.decisions.append(
            (predicted.rule, predicted.relation, predicted.confidence, match is not None)
        )
        if match is None:
            counts.fp += 1
            scores.errors.append(
                Error(
                    "false positive",
                    gold.id,
                    gold.text,
                    predicted.type,
                    predicted.source_name,
                    predicted.target_name,
                    predicted.rule,
                )
            )
        else:
            counts.tp += 1
            used.add(match)
    for index, relation in enumerate(gold_relations):
        if index not in used:
            scores.by_type.setdefault(relation.type, Counts()).fn += 1
            head, tail = gold.entities[relation.head], gold.entities[relation.tail]
            scores.errors.append(
                Error("missed", gold.id, gold.text, relation.type, head.text, tail.text)
            )
    _score_entities(gold, mentions, scheme_, matching, scores)


def _restates(
    predicted: PredictedRelation,
    gold: GoldSentence,
    gold_relations: list[GoldRelation],
    used: set[int],
    matching: str,
    scheme_: Scheme,
) -> bool:
    """Whether ``predicted`` states a gold relation already matched, about part of a span.

    A gold file may annotate "Lubbock , Texas" as one place; "born in Lubbock"
    and "born in Texas" are then two true readings of one gold relation: the
    second is neither a hit nor an error.
    """
    for index in used:
        relation = gold_relations[index]
        if relation.type != predicted.type:
            continue
        head, tail = gold.entities[relation.head], gold.entities[relation.tail]
        if _any_match(predicted.source_spans, head, matching) and _any_match(
            predicted.target_spans, tail, matching
        ):
            return True
    return False


def _inside_one_entity(predicted: PredictedRelation, gold: GoldSentence, matching: str) -> bool:
    """Whether both arguments fall inside one gold entity ("Lubbock , Texas" as one place).

    The gold cannot annotate a relation between the parts of one of its own
    entities, so such a prediction is neither right nor wrong there.
    """
    return any(
        _any_match(predicted.source_spans, entity, matching)
        and _any_match(predicted.target_spans, entity, matching)
        for entity in gold.entities
    )


def _score_entities(
    gold: GoldSentence,
    mentions: list[PredictedMention],
    scheme_: Scheme,
    matching: str,
    scores: Scores,
) -> None:
    gold_entities = [e for e in gold.entities if e.type in scheme_.entity_names]
    used: set[int] = set()
    for mention in mentions:
        counts = scores.entities.setdefault(mention.type, Counts())
        match = next(
            (
                i
                for i, entity in enumerate(gold_entities)
                if i not in used
                and entity.type == mention.type
                and _spans_match((mention.start, mention.end), (entity.start, entity.end), matching)
            ),
            None,
        )
        if match is None and any(
            gold_entities[i].type == mention.type
            and _spans_match((mention.start, mention.end), (gold_entities[i].start,
                             gold_entities[i].end), matching)
            for i in used
        ):  # fmt: skip
            continue  # another part of a gold entity already matched ("Amherst", "Mass.")
        if match is None:
            counts.fp += 1
        else:
            counts.tp += 1
            used.add(match)
    for i, entity in enumerate(gold_entities):
        if i not in used:
            scores.entities.setdefault(entity.type, Counts()).fn += 1


@dataclass(slots=True)
class Evaluation:
    """The result of ``evaluate``: scores under each matching, and the errors."""

    scheme: str
    sentences: int
    results: dict[str, Scores]

    def to_dict(self, matching: str = "overlap", errors: int = 0) -> dict[str, Any]:
        """The JSON report: ``micro``, ``by_type`` and ``entities`` under ``matching``,
        the other matching under its own name, and up to ``errors`` misses and false
        positives."""
        main = self.results[matching]
        report: dict[str, Any] = {
            "scheme": self.scheme,
            "sentences": self.sentences,
            "matching": matching,
            **_summary(main),
        }
        for other, scores in self.results.items():
            if other != matching:
                report[other] = _summary(scores)
        if errors:
            report["errors"] = {
                "missed": [e.to_dict() for e in main.errors if e.kind == "missed"][:errors],
                "false_positives": [e.to_dict() for e in main.errors if e.kind == "false positive"][
                    :errors
                ],
            }
        return report


def _summary(scores: Scores) -> dict[str, Any]:
    entity_scores: dict[str, Any] = dict(scores.entity_micro().scores())
    entity_scores["by_type"] = {t: c.scores() for t, c in sorted(scores.entities.items())}
    return {
        "micro": scores.micro().scores(),
        "by_type": {t: c.scores() for t, c in sorted(scores.by_type.items())},
        "entities": entity_scores,
    }


def evaluate(
    gold: list[GoldSentence],
    extract: Callable[[list[GoldSentence]], Iterator[Any]],
    scheme_: Scheme,
) -> Evaluation:
    """Score the extractions of ``gold`` sentences under both matchings.

    ``extract`` takes the sentences and yields one extraction per sentence, in
    order, with ``doc_id`` equal to the sentence's position as a string.
    """
    results = {m: Scores() for m in MATCHINGS}
    for sentence, extraction in zip(gold, extract(gold), strict=True):
        relations, mentions = predictions(extraction, scheme_)
        for matching, scores in results.items():
            score_sentence(sentence, relations, mentions, scheme_, matching, scores)
    return Evaluation(scheme_.name, len(gold), results)


def extract_with(extractor: Any, workers: int = 1) -> Callable[[list[GoldSentence]], Iterator[Any]]:
    """An ``extract`` function for ``evaluate`` running a threadline Extractor."""

    def run(sentences: list[GoldSentence]) -> Iterator[Any]:
        documents = []
        for position, sentence in enumerate(sentences):
            document = Document.from_text(sentence.text)
            document.id = str(position)
            documents.append(document)
        yield from extractor.extract_many(documents, workers=workers)

    return run


def relation_counts(gold: list[GoldSentence]) -> Counter[str]:
    """How many gold relations of each type a file holds."""
    return Counter(r.type for s in gold for r in s.relations)
