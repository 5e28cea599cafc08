"""``threadline export``: write the workspace graph for other tools.

One library call, ``threadline.graph.export.export(graph, fmt, path, filters)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    MinWeightOption,
    RelationsOption,
    TypesOption,
    WorkspaceOption,
    handle_errors,
    split_names,
    state,
)
from threadline.cli.output import console
from threadline.graph.export import ExportFormat


@app.command("export")
@handle_errors
def export_command(
    fmt: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help="graphml, gexf, json, csv, neo4j-csv or cypher."),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="File to write (a folder for csv and neo4j-csv)."),
    ],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    types: TypesOption = None,
    relations: RelationsOption = None,
    min_weight: MinWeightOption = 0,
    comentions: Annotated[
        bool,
        typer.Option(
            "--comentions/--no-comentions",
            help="Include MENTIONED_WITH co-mentions (exports include them by default, "
            "the view leaves them out).",
        ),
    ] = True,
) -> None:
    """Export the graph for Gephi, yEd, Neo4j, spreadsheets or scripts.

    Example: threadline export graphml -w case -o case.graphml --types Person,Organization
    """
    from threadline.graph.export import ExportFilters, export
    from threadline.workspace import Workspace

    ws = Workspace.open(workspace, config=state.config(workspace))
    filters = ExportFilters(
        types=_tuple(split_names(types)),
        relations=_tuple(split_names(relations)),
        min_weight=min_weight,
        comentions=comentions,
    )
    mentions = ws.mention_counts() if ExportFormat(fmt).wants_mentions else None
    result = export(ws.graph(), fmt, output, filters, ontology=ws.ontology, mentions=mentions)
    included = (
        f"{result.comentions} MENTIONED_WITH co-mentions included (--no-comentions leaves them out)"
        if comentions
        else "co-mentions left out (--comentions includes them)"
    )
    console.print(
        f"wrote {result.written}: {result.entities} entities, "
        f"{result.typed_relations} typed relations, {included}",
        markup=False,
        highlight=False,
    )


def _tuple(names: list[str] | None) -> tuple[str, ...] | None:
    return tuple(names) if names is not None else None
