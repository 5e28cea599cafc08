"""``threadline extract``: print what NLP finds in documents, one JSON object per line.

A thin layer over ``threadline.ingest.extract.Extractor.extract_many`` on the
documents ``threadline.ingest.inputs.extraction_documents`` reads; the output
is the extraction contract (ARCHITECTURE.md section 4).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import EXIT_FAILED, handle_errors, state
from threadline.cli.output import OutputFormat, console, emit
from threadline.errors import ConfigError, InputError

if TYPE_CHECKING:
    pass


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@app.command("extract")
@handle_errors
def extract_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to read ('-' for stdin).")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="Extract from this text.")] = None,
    jsonl_input: Annotated[
        Path | None,
        typer.Option(
            "--jsonl-input",
            help='A file of {"id": ..., "text": ...} lines; offsets index each text as given.',
            dir_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExtractFormat.jsonl,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=0, help="Processes (0: one per core).")
    ] = None,
    show_rejected: Annotated[
        bool,
        typer.Option("--show-rejected", help="Print the entity spans cleanup dropped, and why."),
    ] = False,
) -> None:
    """Extract entities and relations and print them (JSON lines by default).

    Example: threadline extract --text "Jin Xinjiang worked for Zoom in Hangzhou."
    """
    if not paths and text is None and jsonl_input is None:
        raise ConfigError("nothing to extract: give PATHS, --text TEXT or --jsonl-input FILE")
    from threadline.graph.ontology import Ontology
    from threadline.ingest.extract import Extractor
    from threadline.ingest.inputs import extraction_documents, extraction_rows

    config = state.config()
    ontology = Ontology.load(tuple(config.ontology.extra))
    extractor = Extractor(config, ontology, keep_rejected=show_rejected)
    failures: list[InputError] = []
    documents = extraction_documents(paths or [], text, jsonl_input, config.ingest, failures.append)
    workers = config.nlp.workers if workers is None else workers
    rows: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for extraction in extractor.extract_many(documents, workers=workers):
        if fmt == ExtractFormat.jsonl:
            sys.stdout.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            entity_rows, relation_rows = extraction_rows(extraction)
            rows.extend(entity_rows)
            relations.extend(relation_rows)
    if fmt == ExtractFormat.table:
        emit(rows, OutputFormat.table, title="entities")
        if relations:
            emit(relations, OutputFormat.table, title="relations")
        else:
            console.print("relations: none found", markup=False, highlight=False)
    if show_rejected:
        for doc_id, rejection in extractor.report.rejected:
            console.print(
                f"rejected {doc_id} {rejection.start}-{rejection.end} {rejection.label} "
                f"{rejection.text!r}: {rejection.reason}",
                markup=False,
                highlight=False,
            )
        counts = ", ".join(f"{r}: {n}" for r, n in extractor.report.reasons.most_common())
        console.print(f"rejected by reason: {counts or 'none'}", markup=False, highlight=False)
    for failure in failures:
        console.print(f"threadline: skipped {failure}", markup=False, highlight=False)
    if failures:
        raise typer.Exit(EXIT_FAILED)
