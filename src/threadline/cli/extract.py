"""``threadline extract``: print what NLP finds in documents, one JSON object per line.

A thin layer over ``threadline.ingest.extract.Extractor.extract_many``; the
output is the extraction contract (ARCHITECTURE.md section 4).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import (
    EXIT_FAILED,
    OutputFormat,
    console,
    emit,
    handle_errors,
    state,
)
from threadline.errors import ConfigError, InputError
from threadline.graph.model import Document, Extraction

if TYPE_CHECKING:
    from threadline.config import Config


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

    config = state.config()
    ontology = Ontology.load(tuple(config.ontology.extra))
    extractor = Extractor(config, ontology, keep_rejected=show_rejected)
    failures: list[InputError] = []
    documents = _documents(paths or [], text, jsonl_input, config, failures.append)
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


def extraction_rows(extraction: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One extraction as table rows: its entities, and its relations with their sentences."""
    names = {e.id: e.name for e in extraction.entities}
    document = extraction.title or extraction.doc_id
    entities = [
        {
            "document": document,
            "type": e.type,
            "name": e.name,
            "mentions": len(e.mentions),
            "aliases": ", ".join(e.aliases),
        }
        for e in extraction.entities
    ]
    relations = []
    for relation in extraction.relations:
        properties = ", ".join(f"{k}={v}" for k, v in relation.properties.items())
        for evidence in relation.evidence or [None]:
            relations.append(
                {
                    "document": document,
                    "source": names.get(relation.source, relation.source),
                    "relation": relation.type + (f" ({properties})" if properties else ""),
                    "target": names.get(relation.target, relation.target),
                    "confidence": evidence.confidence if evidence else None,
                    "sentence": evidence.sentence if evidence else None,
                }
            )
    return entities, relations


def _documents(
    paths: list[Path],
    text: str | None,
    jsonl_input: Path | None,
    config: Config,
    on_failure,  # type: ignore[no-untyped-def]
) -> Iterator[Document]:
    if text is not None:
        yield Document.from_text(text)
    if jsonl_input is not None:
        yield from read_jsonl_input(jsonl_input)
    if paths:
        yield from _read_paths(paths, config, on_failure)


def read_jsonl_input(path: Path) -> Iterator[Document]:
    """Documents from ``{"id", "text"}`` lines, texts exactly as given (no cleanup)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", f"invalid JSON ({exc.msg})") from exc
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise InputError(f"{path}:{number}", 'expected {"id": ..., "text": "..."}')
            doc_id = data.get("id")
            text = data["text"]
            document = Document.from_text(text, title=data.get("title"))
            if doc_id is not None:
                document.id = str(doc_id)
            yield document


def _read_paths(paths: list[Path], config: Config, on_failure) -> Iterator[Document]:  # type: ignore[no-untyped-def]
    try:
        from threadline.ingest.documents import iter_documents
    except ImportError:
        iter_documents = None
    if iter_documents is not None:
        yield from iter_documents([str(p) for p in paths], config.ingest, on_failure=on_failure)
        return
    # Until the document readers are installed: plain text files and folders of them.
    for path in paths:
        files = sorted(p for p in path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            try:
                text = file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                on_failure(InputError(str(file), f"cannot read ({exc})"))
                continue
            yield Document.from_text(text, origins=[str(file)])
