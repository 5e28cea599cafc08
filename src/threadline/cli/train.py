"""``threadline train-relations``: a relation classifier from your own annotations.

A thin layer over ``threadline.training.train_relation_model``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from threadline.cli import app
from threadline.cli.common import handle_errors, state
from threadline.cli.output import OutputFormat, emit, stdout
from threadline.errors import ConfigError

if TYPE_CHECKING:
    from threadline.training import GoldFile

_SCHEMES = ("threadline", "conll04")


def _gold_file(value: str, default_scheme: str) -> GoldFile:
    """``FILE`` or ``SCHEME:FILE`` (``conll04:train.jsonl``)."""
    from threadline.training import GoldFile

    prefix, sep, rest = value.partition(":")
    if sep and prefix in _SCHEMES:
        return GoldFile(Path(rest), prefix)
    return GoldFile(Path(value), default_scheme)


@app.command("train-relations")
@handle_errors
def train_relations_command(
    data: Annotated[
        list[str],
        typer.Argument(help="Annotated sentences (JSONL), as FILE or SCHEME:FILE (conll04:FILE)."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.npz).")],
    dev: Annotated[
        list[str] | None,
        typer.Option(
            "--dev",
            help="Sentences to choose thresholds on (repeatable; FILE or SCHEME:FILE). "
            "A training file given here too is split in two.",
        ),
    ] = None,
    scheme_name: Annotated[
        str, typer.Option("--scheme", help="Type names of files given without a prefix.")
    ] = "threadline",
    precision: Annotated[
        float,
        typer.Option("--precision", min=0.0, max=1.0, help="Precision each relation type keeps."),
    ] = 0.85,
    name: Annotated[
        str | None, typer.Option("--name", help="Model name, shown as the rule model:NAME.")
    ] = None,
    pattern_examples: Annotated[
        bool,
        typer.Option(
            "--pattern-examples/--no-pattern-examples",
            help="Also learn from the pattern files' example sentences.",
        ),
    ] = True,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = OutputFormat.table,
) -> None:
    """Train a relation classifier on annotated sentences; select it with [nlp] relation_model.

    Example: threadline train-relations my-annotations.jsonl --dev my-dev.jsonl -o my-model.npz
    """
    from threadline.training import model_summary, train_relation_model

    if scheme_name not in _SCHEMES:
        raise ConfigError(f"--scheme {scheme_name!r}: expected one of {', '.join(_SCHEMES)}")
    if output.suffix != ".npz":
        raise ConfigError(f"--output {output}: a relation model file ends in .npz")
    report = train_relation_model(
        [_gold_file(v, scheme_name) for v in data],
        [_gold_file(v, scheme_name) for v in dev or []],
        output,
        config=state.config(),
        min_precision=precision,
        name=name,
        pattern_examples=pattern_examples,
    )
    summary = model_summary(report.model)
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        return
    rows = [
        {
            "relation": relation,
            "examples": report.examples.get(relation, 0),
            "threshold": "off" if threshold > 1 else f"{threshold:.3f}",
        }
        for relation, threshold in sorted(report.thresholds.items())
    ]
    emit(rows, fmt, title=f"{output} ({summary['features']} features)")
    for where, scores in report.dev.items():
        stdout.print(
            f"{where}: precision {scores['precision']:.3f}, recall {scores['recall']:.3f}, "
            f"F1 {scores['f1']:.3f}",
            markup=False,
            highlight=False,
        )
    stdout.print(
        f"Use it: [nlp] relation_model = \"{output}\" in threadline.toml", markup=False,
        highlight=False,
    )  # fmt: skip
