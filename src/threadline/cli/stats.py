"""``threadline stats``: what a workspace holds (``Workspace.stats``)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    FormatOption,
    WorkspaceOption,
    handle_errors,
    open_workspace,
)
from threadline.cli.output import OutputFormat, emit, stdout


@app.command("stats")
@handle_errors
def stats_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    top: Annotated[int, typer.Option("--top", min=0, help="How many top entities.")] = 10,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Documents, entities and relations by type, and the most central entities.

    Example: threadline stats -w case-workspace --format json
    """
    summary = open_workspace(workspace).stats(top=top)
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == OutputFormat.csv:
        rows = [{"kind": "documents", "type": "", "count": summary["documents"]}]
        rows += [
            {"kind": "entities", "type": t, "count": n}
            for t, n in summary["entities_by_type"].items()
        ]
        rows += [
            {"kind": "relations", "type": t, "count": n}
            for t, n in summary["relations_by_type"].items()
        ]
        rows.append(
            {"kind": "comentions", "type": "MENTIONED_WITH", "count": summary["comentions"]}
        )
        emit(rows, fmt)
        return
    counts = Table(title="workspace", box=None)
    counts.add_column("what")
    counts.add_column("count", justify="right")
    counts.add_row("documents", str(summary["documents"]))
    for entity_type, n in summary["entities_by_type"].items():
        counts.add_row(f"entities: {entity_type}", str(n))
    counts.add_row("entities (total)", str(summary["entities"]))
    for rel_type, n in summary["relations_by_type"].items():
        counts.add_row(f"relations: {rel_type}", str(n))
    counts.add_row("relations (total typed)", str(summary["relations"]))
    counts.add_row("evidence sentences", str(summary["evidence"]))
    counts.add_row("MENTIONED_WITH pairs", str(summary["comentions"]))
    stdout.print(counts)
    if summary["top_entities"]:
        emit(summary["top_entities"], OutputFormat.table, title="top entities", ids=False)
