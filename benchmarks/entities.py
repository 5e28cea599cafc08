"""Entity benchmark: a fixed random sample of extracted entities, judged by hand.

Four steps, each a subcommand:

    # 1. extract the first 400 BBC business articles and the seed files (entities only),
    #    timing the NLP and the entity step apart
    .venv/bin/python benchmarks/entities.py extract --out /tmp/entities.jsonl
    # 2. draw a sample to judge: SIZE document entities, seeded
    .venv/bin/python benchmarks/entities.py sample /tmp/entities.jsonl --corpus bbc \\
        --seed 16 --size 100 --out benchmarks/data/entities_bbc_after.tsv
    # 3. fill the verdict (ok / wrong), class and reason columns by hand, drop the
    #    context column (article text stays out of the repository), then
    .venv/bin/python benchmarks/entities.py strip benchmarks/data/entities_bbc_after.tsv
    .venv/bin/python benchmarks/entities.py score benchmarks/data/entities_*.tsv
    #    (--extraction /tmp/entities.jsonl also shows the graph node's type for each type error)
    # 4. the most-mentioned resolved entities, and the one-word ones with the full
    #    names their documents use (to check that no node joins two real entities)
    .venv/bin/python benchmarks/entities.py top /tmp/entities.jsonl

A sampled item is one entity of one document (name, type, mention count and, while
it is judged, the text around its first mention; ``strip`` drops that text before
the judgements are committed, as the corpora are not redistributed). It is right when it is a real named entity,
the whole name, and the right type. Error classes: ``type`` (wrong type),
``boundary`` (name cut or glued), ``not-entity`` (not a name at all), ``link``
(a short form left apart from, or joined to the wrong, full name).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
FIELDS = [
    "item",
    "corpus",
    "file",
    "type",
    "name",
    "mentions",
    "context",
    "verdict",
    "class",
    "reason",
]


def _corpus_files(bbc_count: int) -> list[tuple[str, Path]]:
    business = sorted((SHARED / "bbc" / "business").glob("*.txt"))[:bbc_count]
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    return [("bbc", p) for p in business] + [("seeds", p) for p in seeds]


def cmd_extract(args: argparse.Namespace) -> None:
    from threadline.config import Config
    from threadline.graph.ontology import Ontology
    from threadline.ingest.documents import iter_documents
    from threadline.ingest.extract import Extractor

    config = Config()
    extractor = Extractor(config, Ontology.load(), relations=False)
    nlp = extractor.nlp
    cleaner, linker = extractor._cleaner, extractor._linker  # type: ignore[attr-defined]
    assert cleaner is not None and linker is not None
    files = _corpus_files(args.bbc)
    nlp_seconds = entity_seconds = 0.0
    counts: Counter[str] = Counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for corpus, path in files:
            documents = list(iter_documents([str(path)], config.ingest, on_failure=print))
            for document in documents:
                t0 = time.perf_counter()
                doc = nlp(document.text)
                t1 = time.perf_counter()
                candidates, _ = cleaner.candidates(doc)
                entities = linker.link(doc, candidates).settled(()).entities
                t2 = time.perf_counter()
                if corpus == "bbc":
                    nlp_seconds += t1 - t0
                    entity_seconds += t2 - t1
                counts[corpus] += 1
                row = {
                    "corpus": corpus,
                    "file": path.name,
                    "doc_id": document.id,
                    "text": document.text,
                    "entities": [e.to_dict() for e in entities.values()],
                }
                out.write(json.dumps(row) + "\n")
    print(f"documents: {dict(counts)}")
    print(
        f"bbc: spaCy {nlp_seconds:.1f} s, entity step {entity_seconds:.2f} s "
        f"({100 * entity_seconds / nlp_seconds:.1f} % of spaCy)"
    )


def _load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left, right = max(left, start - width), min(right, end + width)
    snippet = text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]
    return " ".join(snippet.split())


def cmd_sample(args: argparse.Namespace) -> None:
    rows = [r for r in _load(args.extraction) if r["corpus"] == args.corpus]
    items = [(r, e) for r in rows for e in r["entities"]]
    rng = random.Random(args.seed)
    picked = rng.sample(items, min(args.size, len(items)))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, FIELDS, delimiter="\t")
        writer.writeheader()
        for n, (row, entity) in enumerate(picked, 1):
            first = entity["mentions"][0]
            writer.writerow(
                {
                    "item": n,
                    "corpus": args.corpus,
                    "file": row["file"],
                    "type": entity["type"],
                    "name": entity["name"],
                    "mentions": len(entity["mentions"]),
                    "context": _context(row["text"], first["start"], first["end"]),
                    "verdict": "",
                    "class": "",
                    "reason": "",
                }
            )
    print(f"{len(picked)} of {len(items)} entities (seed {args.seed}) -> {args.out}")


def _resolved_types(path: str, corpus: str) -> dict[tuple[str, str], str]:
    """(file, name) -> the type of the graph node the document entity resolves to."""
    from threadline.config import ResolveConfig
    from threadline.graph.model import Extraction
    from threadline.graph.ontology import Ontology
    from threadline.graph.resolve import resolve
    from threadline.ingest.gazetteer import Gazetteer

    rows = [r for r in _load(path) if r["corpus"] == corpus]
    extractions = [
        Extraction.from_dict(
            {"doc_id": r["doc_id"], "title": None, "text_length": 1, "entities": r["entities"]}
        )
        for r in rows
    ]
    resolution = resolve(extractions, Ontology.load(), ResolveConfig(), Gazetteer.load())
    found = {}
    for row in rows:
        for entity in row["entities"]:
            cid = resolution.canonical_id(row["doc_id"], entity["id"])
            if cid is not None:
                found[(row["file"], entity["name"])] = resolution.entities[cid].type
    return found


def cmd_strip(args: argparse.Namespace) -> None:
    """Drop the context column: the corpora's text is not redistributed."""
    for path in args.judged:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        fields = [f for f in FIELDS if f != "context"]
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fields, delimiter="\t", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)


def cmd_score(args: argparse.Namespace) -> None:
    resolved: dict[str, dict[tuple[str, str], str]] = {}
    for path in args.judged:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        judged = [r for r in rows if r["verdict"] in ("ok", "wrong")]
        if not judged:
            print(f"{path}: nothing judged")
            continue
        right = sum(1 for r in judged if r["verdict"] == "ok")
        classes = Counter(r["class"] or "unclassified" for r in judged if r["verdict"] == "wrong")
        print(
            f"{Path(path).name}: precision {right}/{len(judged)} = {100 * right / len(judged):.1f} %"
        )
        for name, n in classes.most_common():
            print(f"  {name:<12} {n:>3}  ({100 * n / len(judged):.1f} % of the sample)")
        if args.extraction:
            corpus = judged[0]["corpus"]
            if corpus not in resolved:
                resolved[corpus] = _resolved_types(args.extraction, corpus)
            for r in judged:
                if r["class"] == "type":
                    node = resolved[corpus].get((r["file"], r["name"]), "?")
                    if node != r["type"]:
                        print(f"  type error, graph node typed {node}: {r['name']} ({r['type']})")


def cmd_top(args: argparse.Namespace) -> None:
    from threadline.config import ResolveConfig
    from threadline.graph.model import Extraction
    from threadline.graph.ontology import Ontology
    from threadline.graph.resolve import resolve
    from threadline.ingest.gazetteer import Gazetteer
    from threadline.names import name_key

    rows = [r for r in _load(args.extraction) if r["corpus"] == args.corpus]
    extractions = [
        Extraction.from_dict(
            {
                "doc_id": r["doc_id"],
                "title": None,
                "text_length": len(r["text"]),
                "entities": r["entities"],
            }
        )
        for r in rows
    ]
    resolution = resolve(extractions, Ontology.load(), ResolveConfig(), Gazetteer.load())
    entities = sorted(resolution.entities.values(), key=lambda e: (-e.mention_count, e.id))
    by_key: dict[str, list[Any]] = defaultdict(list)
    for e in entities:
        by_key[name_key(e.name)].append(e)
    print(
        f"{args.count} most-mentioned entities ({args.corpus}); 'also:' lists other nodes of the same name"
    )
    for e in entities[: args.count]:
        others = [f"{o.type} ({o.mention_count})" for o in by_key[name_key(e.name)] if o is not e]
        also = f"  also: {', '.join(others)}" if others else ""
        print(f"{e.mention_count:>5}  {e.type:<13} {e.name}{also}")
    docs = {r["doc_id"]: r for r in rows}
    print(
        f"\n{args.count} most-mentioned one-word entities, with the longer names of the same word in their documents"
    )
    one_word = [e for e in entities if " " not in name_key(e.name)]
    for e in one_word[: args.count]:
        fulls: Counter[str] = Counter()
        word = name_key(e.name)
        for doc_id, _ in e.members:
            for other in docs[doc_id]["entities"]:
                words = name_key(other["name"]).split()
                if len(words) > 1 and word in words:
                    fulls[other["name"]] += 1
        listed = "; ".join(f"{n} ({c})" for n, c in fulls.most_common(5))
        print(f"{e.mention_count:>5}  {e.type:<13} {e.name:<20} docs {len(e.doc_ids):>3}  {listed}")
    print(f"\ncandidates for review: {len(resolution.candidates)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract")
    p.add_argument("--out", required=True)
    p.add_argument("--bbc", type=int, default=400, help="first N BBC business articles")
    p = sub.add_parser("sample")
    p.add_argument("extraction")
    p.add_argument("--corpus", choices=["bbc", "seeds"], required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("score")
    p.add_argument("judged", nargs="+")
    p.add_argument(
        "--extraction",
        help="the extraction the samples were drawn from: also show the graph node's type "
        "for each type error (the corpus vote may correct it)",
    )
    p = sub.add_parser("strip")
    p.add_argument("judged", nargs="+")
    p = sub.add_parser("top")
    p.add_argument("extraction")
    p.add_argument("--corpus", choices=["bbc", "seeds"], default="bbc")
    p.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    if not SHARED.is_dir() and args.command in ("extract",):
        sys.exit(f"{SHARED}: corpora not found")
    {
        "extract": cmd_extract,
        "sample": cmd_sample,
        "strip": cmd_strip,
        "score": cmd_score,
        "top": cmd_top,
    }[args.command](args)


if __name__ == "__main__":
    main()
