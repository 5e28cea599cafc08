"""Build the annotated BBC relation set (dev and test JSONL) from its compact source.

The annotations live in ``bbc_relations.ann`` (one line per sentence, entity strings
and relations by entity string) so that they stay easy to review and extend; this
script finds each sentence in the BBC corpus, computes character offsets, checks
every span and every relation against the ontology, and writes
``bbc_relations_dev.jsonl`` and ``bbc_relations_test.jsonl`` (generated, not committed: they
hold the corpus's sentences).

Usage (from the repository root)::

    python benchmarks/data/build_gold.py sample            # the seeded file order per section
    python benchmarks/data/build_gold.py show business/001  # numbered sentences of a file
    python benchmarks/data/build_gold.py grep 'founded by'  # targeted stratum candidates
    python benchmarks/data/build_gold.py build              # validate and write the JSONL
    python benchmarks/data/build_gold.py tables             # count tables (markdown)
    python benchmarks/data/build_gold.py readme             # refresh the counts in README.md

The corpus folder defaults to ``../shared/corpora/bbc``; ``--corpus`` changes it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE = HERE / "bbc_relations.ann"
# Whole articles annotated for training the relation classifier: never scored, never
# in dev or test (stratum "training", split "train").
TRAIN_SOURCE = HERE / "bbc_relations_train.ann"
TRAINING = "training"
SPLITS = HERE / "bbc_relations_splits.tsv"
ONTOLOGY = ROOT / "graph" / "ontology.yaml"
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
SEED = 17
# Salt of the path hash that orders files (and breaks ties) when they are given a split.
SPLIT_SALT = "threadline-gold-v1"

ENTITY_CODES = {
    "P": "Person",
    "O": "Organization",
    "L": "Location",
    "G": "Group",
    "D": "Publication",
    "E": "Event",
    "A": "Award",
    "R": "Product",
    "F": "Facility",
}
# FUNDED_BY takes a person on either side: a person may fund or be funded.
EXTRA_DOMAIN = {"FUNDED_BY": ({"Person"}, {"Person"})}
STATUSES = {"former", "planned"}

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Inc|Co|Corp|Ltd|Jr|Sr|No|vs|Prof|Gen|Rev|Mt)|\b[A-Z])\.$"
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def read_text(path: Path) -> str:
    """Decode one BBC file (UTF-8, one file is Latin-1)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph at sentence ends, keeping the text of each sentence unchanged."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        cut = match.start()
        # the closing quote or bracket belongs to the sentence before the space
        end = cut + len(match.group(0).rstrip())
        piece = paragraph[start:end]
        if _ABBREV.search(paragraph[start:cut]):
            continue
        sentences.append(piece.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def file_sentences(corpus: Path, doc: str) -> list[str]:
    """Numbered sentences of one article: index 0 is the headline, body sentences from 1."""
    lines = read_text(corpus / f"{doc}.txt").splitlines()
    out = [lines[0].strip()]
    for line in lines[1:]:
        line = line.strip()
        if line:
            out.extend(split_sentences(line))
    return out


def unique_files(corpus: Path, section: str) -> list[str]:
    """Files of a section in name order, dropping exact duplicates of an earlier file."""
    seen: set[str] = set()
    out = []
    for path in sorted((corpus / section).glob("*.txt")):
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        out.append(f"{section}/{path.stem}")
    return out


def duplicate_map(corpus: Path) -> dict[str, str]:
    """Map every file to the first file (over all sections) with the same bytes."""
    first: dict[str, str] = {}
    out = {}
    for section in SECTIONS:
        for path in sorted((corpus / section).glob("*.txt")):
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
            doc = f"{section}/{path.stem}"
            out[doc] = first.setdefault(digest, doc)
    return out


def sampled_order(corpus: Path) -> dict[str, list[str]]:
    """The random stratum: each section's unique files shuffled with the fixed seed."""
    order = {}
    for section in SECTIONS:
        files = unique_files(corpus, section)
        random.Random(f"{SEED}:{section}").shuffle(files)
        order[section] = files
    return order


def _hash(doc: str) -> str:
    return hashlib.sha1(f"{SPLIT_SALT}:{doc}".encode()).hexdigest()


def read_splits() -> dict[str, str]:
    """The recorded split of every file annotated so far (``bbc_relations_splits.tsv``)."""
    if not SPLITS.exists():
        return {}
    out = {}
    for line in SPLITS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, split = line.split("\t")[:2]
            out[doc] = split
    return out


def assign_splits(file_types: dict[str, Counter], fixed: dict[str, str]) -> dict[str, str]:
    """Put each new file in dev or test, keeping recorded files where they are.

    Stratified by section and by relation type: files are taken rarest relation type
    first (then by a salted hash of the path) and each goes to the split that has
    fewer relations of that type so far; ties go to the split with fewer relations,
    then fewer files, in the file's section, then to the hash's parity. A file never
    moves once recorded, so tuning on dev never touches a sentence later scored in test.
    """
    totals: Counter = Counter()
    for types in file_types.values():
        totals.update(types)
    by_type = {"dev": Counter(), "test": Counter()}
    by_section = {"dev": Counter(), "test": Counter()}
    files_in = {"dev": Counter(), "test": Counter()}
    out = {}

    def add(doc: str, split: str) -> None:
        out[doc] = split
        section = doc.split("/")[0]
        by_type[split].update(file_types[doc])
        by_section[split][section] += sum(file_types[doc].values())
        files_in[split][section] += 1

    for doc in sorted(file_types):
        if doc in fixed:
            add(doc, fixed[doc])

    def rarity(doc: str) -> tuple:
        rare = min((totals[t] for t in file_types[doc]), default=10**9)
        return (rare, _hash(doc))

    for doc in sorted((d for d in file_types if d not in fixed), key=rarity):
        section = doc.split("/")[0]
        types = file_types[doc]
        rare = min(types, key=lambda t: (totals[t], t)) if types else None
        keys = {
            split: (
                by_type[split][rare] if rare else 0,
                by_section[split][section],
                files_in[split][section],
            )
            for split in ("dev", "test")
        }
        if keys["dev"] != keys["test"]:
            split = min(keys, key=keys.get)
        else:
            split = "dev" if int(_hash(doc)[:2], 16) % 2 == 0 else "test"
        add(doc, split)
    return out


def write_splits(splits: dict[str, str], strata: dict[str, str]) -> None:
    """Record each file's split (fixed from then on) and its sampling stratum."""
    lines = ["# file\tsplit\tstratum (written by build_gold.py; a file never changes split)"]
    lines += [f"{doc}\t{split}\t{strata[doc]}" for doc, split in sorted(splits.items())]
    SPLITS.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the compact source -------------------------------------------------------------


def parse_source(path: Path, rel_types: tuple[str, ...]) -> list[dict]:
    """Read ``bbc_relations.ann``.

    Format::

        == business/001 random          (file header: doc and stratum)
        #3 | O Time Warner ; O AOL | AOL PART_OF Time Warner ; ...
        #5 | P Jane Roe ; O Acme | -     (no typed relation)

    Entity ``<code> <text>[@k]`` (k-th occurrence, default 1); relation
    ``<head> TYPE[:status] <tail>`` with head and tail written as in the entity list.
    """
    items = []
    doc = stratum = None
    rel_re = re.compile(r"^(.+?) (" + "|".join(rel_types) + r")(?::(\w+))? (.+)$")
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        where = f"{path.name}:{lineno}"
        if line.startswith("=="):
            parts = line[2:].split()
            doc, stratum = parts[0], parts[1]
            continue
        if doc is None or not line.startswith("#"):
            raise SystemExit(f"{where}: expected '== doc stratum' or '#n | ...'")
        fields = [f.strip() for f in line[1:].split("|")]
        if len(fields) != 3:
            raise SystemExit(f"{where}: need '#n | entities | relations'")
        num = int(fields[0])
        ents = []
        for ent in filter(None, (e.strip() for e in fields[1].split(";"))):
            code, _, text = ent.partition(" ")
            if code not in ENTITY_CODES:
                raise SystemExit(f"{where}: unknown entity code {code!r}")
            ents.append((ENTITY_CODES[code], text.strip()))
        rels = []
        if fields[2] != "-":
            for rel in filter(None, (r.strip() for r in fields[2].split(";"))):
                m = rel_re.match(rel)
                if not m:
                    raise SystemExit(f"{where}: cannot read relation {rel!r}")
                rels.append((m.group(1).strip(), m.group(2), m.group(3), m.group(4).strip()))
        items.append(
            {"doc": doc, "stratum": stratum, "num": num, "ents": ents, "rels": rels, "where": where}
        )
    return items


def locate(sentence: str, text: str, where: str) -> tuple[int, int, str]:
    """Offsets of the k-th whole-word occurrence of ``text@k`` in the sentence."""
    k = 1
    m = re.match(r"^(.*)@(\d+)$", text)
    if m:
        text, k = m.group(1), int(m.group(2))
    hits = [
        i
        for i in (mm.start() for mm in re.finditer(re.escape(text), sentence))
        if (i == 0 or not sentence[i - 1].isalnum())
        and (i + len(text) == len(sentence) or not sentence[i + len(text)].isalnum())
    ]
    if len(hits) < k:
        raise SystemExit(f"{where}: entity {text!r} (occurrence {k}) not in sentence: {sentence}")
    start = hits[k - 1]
    return start, start + len(text), text


def build(
    corpus: Path,
    check_only: bool = False,
    tables: bool = False,
    out: Path = HERE,
    record_splits: bool = True,
    sources: list[Path] | None = None,
) -> None:
    """Validate the annotations and write ``bbc_relations_{dev,test}.jsonl`` into ``out``.

    The JSONL holds the corpus's sentences, so it is written from the corpus on each
    machine and never committed; only the annotations and the split list are (a file
    annotated for the first time gets its split recorded unless ``record_splits`` is off).
    """
    ontology = yaml.safe_load(ONTOLOGY.read_text(encoding="utf-8"))
    rel_types = ontology["relation_types"]
    sources = sources or [p for p in (SOURCE, TRAIN_SOURCE) if p.exists()]
    items = [it for path in sources for it in parse_source(path, tuple(rel_types))]
    dups = duplicate_map(corpus)
    errors: list[str] = []
    records: dict[str, list[dict]] = {"dev": [], "test": [], "train": []}
    per_doc: dict[str, list[dict]] = defaultdict(list)
    strata: dict[str, str] = {}
    seen_ids: set[str] = set()
    seen_text: dict[str, str] = {}
    cache: dict[str, list[str]] = {}
    for it in items:
        where, doc = it["where"], it["doc"]
        if dups.get(doc, doc) != doc:
            errors.append(f"{where}: {doc} duplicates {dups[doc]}; annotate that one")
            continue
        if doc not in cache:
            cache[doc] = file_sentences(corpus, doc)
        sents = cache[doc]
        if not 1 <= it["num"] < len(sents):
            errors.append(f"{where}: {doc} has no sentence #{it['num']}")
            continue
        sentence = sents[it["num"]]
        sid = f"{doc}#{it['num']}"
        if sid in seen_ids:
            errors.append(f"{where}: {sid} annotated twice")
            continue
        seen_ids.add(sid)
        if sentence in seen_text:
            errors.append(f"{where}: same text as {seen_text[sentence]}")
            continue
        seen_text[sentence] = sid
        entities = []
        by_name: dict[str, int] = {}
        spans: list[tuple[int, int]] = []
        try:
            for etype, etext in it["ents"]:
                start, end, plain = locate(sentence, etext, where)
                if any(s < end and start < e for s, e in spans):
                    errors.append(f"{where}: entity {etext!r} overlaps another")
                spans.append((start, end))
                if etext in by_name:
                    errors.append(f"{where}: entity {etext!r} listed twice")
                by_name[etext] = len(entities)
                entities.append({"start": start, "end": end, "type": etype, "text": plain})
        except SystemExit as exc:
            errors.append(str(exc))
            continue
        if len(entities) < 2:
            errors.append(f"{where}: fewer than two entities")
        order = sorted(range(len(entities)), key=lambda i: entities[i]["start"])
        remap = {old: new for new, old in enumerate(order)}
        entities = [entities[i] for i in order]
        relations = []
        seen_rel = set()
        for head, rtype, status, tail in it["rels"]:
            if head not in by_name or tail not in by_name:
                errors.append(
                    f"{where}: relation {head!r} {rtype} {tail!r} names an unlisted entity"
                )
                continue
            h, t = remap[by_name[head]], remap[by_name[tail]]
            spec = rel_types[rtype]
            domain = set(spec["domain"]) | EXTRA_DOMAIN.get(rtype, (set(), set()))[0]
            rng = set(spec["range"]) | EXTRA_DOMAIN.get(rtype, (set(), set()))[1]
            if entities[h]["type"] not in domain or entities[t]["type"] not in rng:
                errors.append(
                    f"{where}: {rtype}({entities[h]['type']} -> {entities[t]['type']}) "
                    f"outside the ontology: {head} -> {tail}"
                )
            if h == t:
                errors.append(f"{where}: relation from an entity to itself")
            if status and status not in STATUSES:
                errors.append(f"{where}: unknown status {status!r}")
            key = (h, t, rtype)
            if spec.get("symmetric") and (t, h, rtype) in seen_rel:
                key = (t, h, rtype)
            if key in seen_rel:
                errors.append(f"{where}: duplicate relation {head} {rtype} {tail}")
            seen_rel.add(key)
            rel = {"head": h, "tail": t, "type": rtype}
            if status:
                rel["status"] = status
            relations.append(rel)
        for e in entities:
            if sentence[e["start"] : e["end"]] != e["text"]:
                errors.append(f"{where}: offset check failed for {e['text']!r}")
        per_doc[doc].append(
            {"id": sid, "text": sentence, "entities": entities, "relations": relations}
        )
        strata[sid] = it["stratum"]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        raise SystemExit(f"{len(errors)} problem(s); nothing written")
    # sentences without relations count as a pseudo-type "-", so both splits get their share
    file_types = {
        doc: Counter(
            [r["type"] for rec in recs for r in rec["relations"]]
            + ["-" for rec in recs if not rec["relations"]]
        )
        for doc, recs in per_doc.items()
    }
    recorded = read_splits()
    training = {sid.split("#")[0] for sid, stratum in strata.items() if stratum == TRAINING}
    for doc in sorted(training):
        scored = {st for sid, st in strata.items() if sid.split("#")[0] == doc} - {TRAINING}
        if scored or recorded.get(doc, "train") != "train":
            errors.append(f"{doc}: annotated for training but also in dev or test")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        raise SystemExit(f"{len(errors)} problem(s); nothing written")
    splits = assign_splits(
        {doc: types for doc, types in file_types.items() if doc not in training},
        {doc: split for doc, split in recorded.items() if split != "train"},
    )
    splits.update(dict.fromkeys(training, "train"))
    for doc, recs in per_doc.items():
        records[splits[doc]].extend(recs)
    if not check_only and record_splits:
        write_splits(splits, {sid.split("#")[0]: st for sid, st in strata.items()})
    for split, recs in records.items():
        recs.sort(key=lambda r: (r["id"].split("#")[0], int(r["id"].split("#")[1])))
        if not check_only:
            out.mkdir(parents=True, exist_ok=True)
            with (out / f"bbc_relations_{split}.jsonl").open("w", encoding="utf-8") as fh:
                for rec in recs:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if tables:
        print_tables(records, strata)
    else:
        report(records, items)


def print_tables(records: dict[str, list[dict]], strata: dict[str, str]) -> None:
    """Markdown tables of the counts, as pasted into README.md."""
    splits = ("dev", "test")

    def table(title: str, rows: list[str], count) -> None:
        print(f"| {title} | dev | test | total |\n|---|---:|---:|---:|")
        for row in rows:
            d, t = count("dev", row), count("test", row)
            print(f"| {row} | {d} | {t} | {d + t} |")
        d = sum(count("dev", r) for r in rows)
        t = sum(count("test", r) for r in rows)
        print(f"| **total** | {d} | {t} | {d + t} |\n")

    types = sorted({r["type"] for sp in splits for rec in records[sp] for r in rec["relations"]})
    table(
        "relation type",
        types,
        lambda sp, ty: sum(r["type"] == ty for rec in records[sp] for r in rec["relations"]),
    )
    table(
        "relations by section",
        list(SECTIONS),
        lambda sp, sec: sum(
            len(rec["relations"]) for rec in records[sp] if rec["id"].startswith(sec + "/")
        ),
    )
    table(
        "sentences by section",
        list(SECTIONS),
        lambda sp, sec: sum(rec["id"].startswith(sec + "/") for rec in records[sp]),
    )
    table(
        "relations by stratum",
        ["random", "targeted"],
        lambda sp, st: sum(len(rec["relations"]) for rec in records[sp] if strata[rec["id"]] == st),
    )
    table(
        "sentences",
        ["with relations", "without relations"],
        lambda sp, k: sum(
            (not rec["relations"]) == (k == "without relations") for rec in records[sp]
        ),
    )
    ents: Counter = Counter()
    for sp in splits:
        for rec in records[sp]:
            for e in rec["entities"]:
                ents[(sp, e["type"])] += 1
    etypes = sorted({t for _, t in ents})
    table("entity type", etypes, lambda sp, t: ents[(sp, t)])
    status = Counter(
        (sp, r.get("status", "-")) for sp in splits for rec in records[sp] for r in rec["relations"]
    )
    table("status", ["former", "planned"], lambda sp, st: status[(sp, st)])
    files = {sp: {rec["id"].split("#")[0] for rec in records[sp]} for sp in splits}
    print(f"files: dev {len(files['dev'])}, test {len(files['test'])}")


def report(records: dict[str, list[dict]], items: list[dict]) -> None:
    """Print counts per relation type and section for each split."""
    strata = Counter(it["stratum"] for it in items)
    print(f"sentences by stratum: {dict(strata)}")
    for split, recs in records.items():
        by_type: Counter = Counter()
        by_section: Counter = Counter()
        sent_section: Counter = Counter()
        files = set()
        empty = 0
        for rec in recs:
            section = rec["id"].split("/")[0]
            files.add(rec["id"].split("#")[0])
            sent_section[section] += 1
            empty += not rec["relations"]
            for rel in rec["relations"]:
                by_type[rel["type"]] += 1
                by_section[section] += 1
        total = sum(by_type.values())
        print(
            f"\n{split}: {len(recs)} sentences ({empty} without relations) from {len(files)} files, "
            f"{total} relations, {sum(len(r['entities']) for r in recs)} entities"
        )
        print("  by type:    " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
        print(
            "  by section: "
            + ", ".join(f"{k} {by_section[k]} ({sent_section[k]} sent.)" for k in SECTIONS)
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", choices=["sample", "show", "grep", "build", "check", "tables", "readme"]
    )
    parser.add_argument("arg", nargs="*")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--first", type=int, default=12, help="sample: files listed per section")
    parser.add_argument("--out", type=Path, default=HERE, help="build: folder of the JSONL")
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        help="build/check: annotation files to read (default: both .ann files here)",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus
    if args.command == "sample":
        for section, files in sampled_order(corpus).items():
            print(section, " ".join(f.split("/")[1] for f in files[: args.first]))
    elif args.command == "show":
        for doc in args.arg:
            for i, s in enumerate(file_sentences(corpus, doc)):
                print(f"{doc}#{i}: {s}")
    elif args.command == "grep":
        # Targeted stratum: every sentence of a unique file matching the pattern, in seeded order.
        pattern = re.compile(args.arg[0])
        hits = []
        for section in SECTIONS:
            for doc in unique_files(corpus, section):
                for i, s in enumerate(file_sentences(corpus, doc)[1:], 1):
                    if pattern.search(s):
                        hits.append(f"{doc}#{i}: {s}")
        random.Random(f"{SEED}:{args.arg[0]}").shuffle(hits)
        print(f"{len(hits)} sentences", file=sys.stderr)
        print("\n".join(hits))
    elif args.command == "readme":
        # the count tables between the README's markers
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            build(corpus, check_only=True, tables=True)
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8")
        start = text.index("<!-- counts")
        start = text.index("\n", start) + 1
        end = text.index("<!-- /counts -->")
        readme.write_text(text[:start] + buf.getvalue() + text[end:], encoding="utf-8")
    else:
        build(
            corpus,
            check_only=args.command in ("check", "tables"),
            tables=args.command == "tables",
            out=args.out,
            sources=args.source,
        )


if __name__ == "__main__":
    main()
