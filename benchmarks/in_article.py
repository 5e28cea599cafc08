"""Score the annotated BBC sentences as extracted inside their whole articles.

    python benchmarks/in_article.py benchmarks/data/bbc_relations_test.jsonl
    python benchmarks/in_article.py benchmarks/data/bbc_relations_dev.jsonl --format json

``threadline evaluate`` extracts each annotated sentence alone. A build reads whole
articles, where the headline, earlier mentions and the paragraph around a sentence change
what the model tags and how the parse runs. This script extracts every article an
annotated sentence comes from (``<section>/<file>#<n>`` names
``../shared/corpora/bbc/<section>/<file>.txt``), keeps the mentions inside the sentence and
the relations whose evidence is that sentence, and scores them with the same scorer as
``threadline evaluate``. Both figures are worth reporting: the gap between them is what
context adds or takes away.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from threadline.config import Config
from threadline.evaluation import (
    MATCHINGS,
    GoldSentence,
    Scores,
    predictions,
    read_gold,
    scheme,
    score_sentence,
)
from threadline.graph.model import Entity, Extraction, Mention, Relation
from threadline.graph.ontology import Ontology
from threadline.ingest.documents import read_file
from threadline.ingest.extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def sentence_view(extraction: Extraction, sentence: GoldSentence, start: int) -> Extraction:
    """What an article's extraction says inside one sentence that starts at ``start``:
    the mentions within it and the relations it is evidence for, offsets made relative to
    the sentence."""
    end = start + len(sentence.text)
    entities = [
        Entity(
            entity.id,
            entity.name,
            entity.type,
            list(entity.aliases),
            [
                Mention(m.start - start, m.end - start, m.text)
                for m in entity.mentions
                if start <= m.start and m.end <= end
            ],
        )
        for entity in extraction.entities
    ]
    relations = []
    for relation in extraction.relations:
        evidence = [e for e in relation.evidence if e.start < end and start < e.end]
        if evidence:
            relations.append(
                Relation(
                    relation.type,
                    relation.source,
                    relation.target,
                    dict(relation.properties),
                    evidence,
                )
            )
    return Extraction(sentence.id, None, len(sentence.text), entities, relations)


def evaluate_in_articles(
    gold: list[GoldSentence], corpus: Path, workers: int
) -> tuple[dict[str, Scores], int]:
    """Scores under both matchings, and how many sentences were not found in their article."""
    config = Config.load(None)
    ontology = Ontology.load(tuple(config.ontology.extra))
    chosen = scheme("threadline", ontology)
    by_file: dict[str, list[GoldSentence]] = defaultdict(list)
    for sentence in gold:
        by_file[sentence.id.split("#")[0]].append(sentence)
    files = list(by_file)
    documents = [read_file(corpus / f"{name}.txt", config.ingest)[0] for name in files]
    extractor = Extractor(config, ontology)
    results = {matching: Scores() for matching in MATCHINGS}
    missing = 0
    extractions = extractor.extract_many(documents, workers=workers)
    for name, document, extraction in zip(files, documents, extractions, strict=True):
        for sentence in by_file[name]:
            start = document.text.find(sentence.text)
            if start < 0:
                missing += 1
                continue
            relations, mentions = predictions(sentence_view(extraction, sentence, start), chosen)
            for matching, scores in results.items():
                score_sentence(sentence, relations, mentions, chosen, matching, scores)
    return results, missing


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="annotated BBC sentences (JSONL, `make gold`)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: the BBC corpus is not there (--corpus)")
    results, missing = evaluate_in_articles(read_gold(args.gold), args.corpus, args.workers)
    report = {
        matching: {"relations": s.micro().scores(), "entities": s.entity_micro().scores()}
        for matching, s in results.items()
    }
    report["sentences_not_found"] = missing  # type: ignore[assignment]
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    for matching in MATCHINGS:
        for what in ("relations", "entities"):
            s = report[matching][what]
            print(
                f"{matching:8} {what:10} P {s['precision']:.3f}  R {s['recall']:.3f}  "
                f"F1 {s['f1']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"
            )
    print(f"sentences not found in their article: {missing}")


if __name__ == "__main__":
    main()
