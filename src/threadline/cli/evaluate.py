"""``threadline evaluate``: precision, recall and F1 against annotated sentences.

A thin layer over ``threadline.evaluation``: read the gold file, run the
extractor on every sentence, print the scores per relation type and micro-averaged.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import handle_errors, state
from threadline.cli.output import OutputFormat, emit, stdout


class SchemeName(StrEnum):
    conll04 = "conll04"
    threadline = "threadline"


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"


class Matching(StrEnum):
    overlap = "overlap"
    exact = "exact"


@app.command("evaluate")
@handle_errors
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Annotated sentences (JSONL).", dir_okay=False)],
    scheme_name: Annotated[
        SchemeName, typer.Option("--scheme", help="Type names of the gold file.")
    ] = SchemeName.threadline,
    fmt: Annotated[
        EvaluateFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = EvaluateFormat.table,
    matching: Annotated[
        Matching, typer.Option("--matching", help="Span matching for the main figures.")
    ] = Matching.overlap,
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="List this many misses and false positives.")
    ] = 0,
    workers: Annotated[
        int, typer.Option("--workers", "-j", min=0, help="Processes (0: one per core).")
    ] = 1,
) -> None:
    """Score extraction against annotated sentences: precision, recall, F1 per relation type.

    Example: threadline evaluate benchmarks/data/bbc_relations_dev.jsonl --errors 20
    """
    from threadline.evaluation import evaluate, extract_with, read_gold, scheme
    from threadline.graph.ontology import Ontology
    from threadline.ingest.extract import Extractor

    config = state.config()
    ontology = Ontology.load(tuple(config.ontology.extra))
    sentences = read_gold(gold)
    chosen = scheme(scheme_name.value, ontology)
    result = evaluate(sentences, extract_with(Extractor(config, ontology), workers), chosen)
    report = result.to_dict(matching.value, errors)
    if fmt == EvaluateFormat.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    _print_table(report)


def _print_table(report: dict[str, Any]) -> None:
    other = next(m for m in Matching if m.value != report["matching"]).value
    rows = []
    for name, scores in [*report["by_type"].items(), ("micro", report["micro"])]:
        alt = report[other]["micro"] if name == "micro" else report[other]["by_type"].get(name, {})
        rows.append(
            {
                "relation": name,
                "precision": f"{scores['precision']:.3f}",
                "recall": f"{scores['recall']:.3f}",
                "f1": f"{scores['f1']:.3f}",
                "tp/fp/fn": f"{scores['tp']}/{scores['fp']}/{scores['fn']}",
                f"f1 ({other})": f"{alt.get('f1', 0):.3f}",
            }
        )
    emit(rows, OutputFormat.table, title=f"relations ({report['matching']} matching, "
                                          f"{report['sentences']} sentences)")  # fmt: skip
    entity = report["entities"]
    entity_rows = [
        {
            "entity": name,
            "precision": f"{s['precision']:.3f}",
            "recall": f"{s['recall']:.3f}",
            "f1": f"{s['f1']:.3f}",
            "tp/fp/fn": f"{s['tp']}/{s['fp']}/{s['fn']}",
        }
        for name, s in [*entity["by_type"].items(), ("micro", entity)]
    ]
    emit(entity_rows, OutputFormat.table, title="entities")
    for kind, items in (report.get("errors") or {}).items():
        stdout.print(f"\n{kind.replace('_', ' ')}:", markup=False, highlight=False)
        for item in items:
            rule = f" [{item['rule']}]" if item["rule"] else ""
            stdout.print(
                f"  {item['type']}: {item['source']} -> {item['target']}{rule}\n"
                f"    {item['sentence']}: {item['text']}",
                markup=False,
                highlight=False,
            )
