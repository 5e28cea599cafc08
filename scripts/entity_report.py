"""Measure the entity step on a folder of documents: before and after cleanup.

For each document: how many entity spans spaCy returns (with a label that maps
onto an entity type), how many mentions survive cleanup, how many entities are
left after aliases and coreference, and the rejections by reason. With
``--sample N`` it prints N kept entities (a seeded random sample over all
documents) as "type<TAB>name<TAB>mentions" lines to check by hand; with
``--entities`` every kept entity.

    .venv/bin/python scripts/entity_report.py ../shared/corpora/seeds --sample 50
    .venv/bin/python scripts/entity_report.py examples --entities

Documents are read by the ingest step (the same readers and cleanup as a build).
Nothing is written: the texts stay where they are.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from threadline.config import Config
from threadline.graph.ontology import Ontology
from threadline.ingest.documents import iter_documents
from threadline.ingest.extract import Extractor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="print N kept entities to check")
    parser.add_argument("--seed", type=int, default=4, help="random seed of the sample")
    parser.add_argument("--entities", action="store_true", help="print every kept entity")
    parser.add_argument("--rejected", action="store_true", help="print every rejected span")
    args = parser.parse_args()

    config = Config()
    ontology = Ontology.load()
    extractor = Extractor(config, ontology, keep_rejected=True, relations=False)
    documents = list(iter_documents([str(args.folder)], config.ingest, on_failure=print))
    nlp = extractor.nlp
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    kept: list[tuple[str, str, str, int]] = []
    print("document\tspacy_spans\tkept_mentions\tentities\trejected")
    for document in documents:
        doc = nlp(document.text)
        raw = sum(1 for ent in doc.ents if extractor._cleaner.entity_type(ent.label_))  # type: ignore[union-attr]
        before = len(extractor.report.rejected)
        extraction = extractor.extract(document)
        rejected = extractor.report.rejected[before:]
        mentions = sum(len(e.mentions) for e in extraction.entities)
        name = Path(document.origins[0]).name if document.origins else document.id
        print(f"{name}\t{raw}\t{mentions}\t{len(extraction.entities)}\t{len(rejected)}")
        totals.update(spans=raw, mentions=mentions, entities=len(extraction.entities))
        totals["rejected"] += len(rejected)
        reasons.update(r.reason for _, r in rejected)
        kept.extend((name, e.type, e.name, len(e.mentions)) for e in extraction.entities)
        if args.rejected:
            for _, r in rejected:
                print(f"  - {r.label}\t{r.text!r}\t{r.reason}")
    print(
        f"total\t{totals['spans']}\t{totals['mentions']}\t{totals['entities']}\t"
        f"{totals['rejected']}"
    )
    print("rejected by reason: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
    if args.entities:
        for name, entity_type, entity_name, count in kept:
            print(f"{name}\t{entity_type}\t{entity_name}\t{count}")
    if args.sample:
        rng = random.Random(args.seed)
        sample = rng.sample(kept, min(args.sample, len(kept)))
        print(f"sample of {len(sample)} kept entities (seed {args.seed}):")
        for name, entity_type, entity_name, count in sorted(sample):
            print(f"{name}\t{entity_type}\t{entity_name}\t{count}")


if __name__ == "__main__":
    main()
