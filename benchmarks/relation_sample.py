"""Hand-checked precision of typed relations: a seeded sample to judge, then the score.

    python benchmarks/relation_sample.py sample WORKSPACE --seed 7 -n 60 -o sample.tsv
    (fill the "verdict" column with ok / wrong and the "reason" column, by reading each sentence)
    python benchmarks/relation_sample.py score sample.tsv

The sample is drawn from the workspace's typed edges (co-mentions never), one
evidence sentence per edge, with ``random.Random(seed)``: the same workspace and
seed give the same sample. The score prints precision overall, by relation type
and by rule (pattern or classifier), and the reasons for the wrong ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

COLUMNS = ["n", "type", "source", "target", "properties", "rule", "confidence", "sentence",
           "verdict", "reason"]  # fmt: skip


def sample(workspace: Path, seed: int, size: int, out: Path) -> None:
    data = json.loads((workspace / "graph.json").read_text("utf-8"))
    names = {node["id"]: node["name"] for node in data["nodes"]}
    edges = [e for e in data["edges"] if e["type"] != "MENTIONED_WITH"]
    edges.sort(key=lambda e: (e["type"], e["source"], e["target"], json.dumps(e["properties"])))
    chosen = random.Random(seed).sample(edges, min(size, len(edges)))
    rng = random.Random(seed + 1)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t")
        writer.writeheader()
        for n, edge in enumerate(chosen, 1):
            evidence = rng.choice(edge["evidence"])
            writer.writerow({
                "n": n, "type": edge["type"], "source": names[edge["source"]],
                "target": names[edge["target"]],
                "properties": json.dumps(edge["properties"], ensure_ascii=False),
                "rule": evidence["rule"], "confidence": evidence["confidence"],
                "sentence": " ".join(evidence["sentence"].split()), "verdict": "", "reason": "",
            })  # fmt: skip
    print(f"{len(chosen)} of {len(edges)} typed edges written to {out} (seed {seed})")


def score(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    judged = [r for r in rows if r["verdict"] in ("ok", "wrong")]
    if not judged:
        sys.exit(f"{path}: no row has a verdict (ok or wrong)")
    right = sum(r["verdict"] == "ok" for r in judged)
    print(f"precision {right}/{len(judged)} = {right / len(judged):.2f}")
    for key in ("type", "rule"):
        groups: dict[str, list[bool]] = defaultdict(list)
        for r in judged:
            group = r[key] if key == "type" else ("model" if r["rule"].startswith("model:")
                                                  else "patterns")  # fmt: skip
            groups[group].append(r["verdict"] == "ok")
        print(f"by {key}: " + ", ".join(
            f"{g} {sum(v)}/{len(v)}" for g, v in sorted(groups.items())))  # fmt: skip
    reasons = Counter(r["reason"] for r in judged if r["verdict"] == "wrong")
    for reason, n in reasons.most_common():
        print(f"  wrong, {n}x: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("workspace", type=Path)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("-n", type=int, default=60)
    s.add_argument("-o", "--out", type=Path, required=True)
    c = sub.add_parser("score")
    c.add_argument("file", type=Path)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.workspace, args.seed, args.n, args.out)
    else:
        score(args.file)


if __name__ == "__main__":
    main()
