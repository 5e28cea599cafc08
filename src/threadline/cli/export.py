"""``threadline export``: write the workspace graph for other tools.

One library call per format, ``threadline.graph.export.<format>.write``, over
the graph cut by ``threadline.queries.subgraph.filter_graph``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    MinWeightOption,
    RelationsOption,
    TypesOption,
    WorkspaceOption,
    console,
    handle_errors,
    split_names,
    state,
)
from threadline.errors import QueryError


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    neo4j_csv = "neo4j-csv"
    cypher = "cypher"


def mention_counts(workspace: Any) -> dict[tuple[str, str], int] | None:
    """(doc_id, entity id) -> mentions, for MENTIONS edges; None when the cache has none."""
    from threadline.graph.build import document_mentions

    extractions = workspace.extractions()
    return document_mentions(extractions, workspace.resolution()) if extractions else None


def export_graph(
    graph: Any, fmt: ExportFormat, output: Path, ontology: Any, mentions: Any = None
) -> str:
    """Write ``graph`` in ``fmt`` to ``output``; returns what was written, for the user."""
    from threadline.graph.export import (
        csv_export,
        cypher_script,
        gexf,
        graphml,
        json_export,
        neo4j_csv,
    )

    if fmt == ExportFormat.graphml:
        graphml.write(graph, output)
    elif fmt == ExportFormat.gexf:
        gexf.write(graph, output, ontology)
    elif fmt == ExportFormat.json:
        json_export.write(graph, output)
    elif fmt == ExportFormat.csv:
        paths = csv_export.write(graph, output)
        return ", ".join(str(p) for p in paths)
    elif fmt == ExportFormat.neo4j_csv:
        neo4j_csv.write(graph, output, ontology, mentions)
        return f"{output}/ (import command in {output / 'README.md'})"
    else:
        cypher_script.write(graph, output, ontology, mentions)
    return str(output)


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
    from threadline.queries.subgraph import check_filters, empty_result, filter_graph
    from threadline.workspace import Workspace

    ws = Workspace.open(workspace, config=state.config(workspace))
    full = ws.graph()
    check_filters(full, split_names(types), split_names(relations), ws.ontology)
    graph = filter_graph(
        full,
        types=split_names(types),
        relations=split_names(relations),
        min_weight=min_weight,
        comentions=comentions,
    )
    if graph.number_of_nodes() == 0:
        raise QueryError(empty_result(split_names(types), split_names(relations), min_weight))
    mentions = mention_counts(ws) if fmt in (ExportFormat.neo4j_csv, ExportFormat.cypher) else None
    written = export_graph(graph, fmt, output, ws.ontology, mentions)
    from threadline.graph.model import MENTIONED_WITH

    comention_edges = sum(1 for *_, t in graph.edges(data="type") if t == MENTIONED_WITH)
    typed = graph.number_of_edges() - comention_edges
    included = (
        f"{comention_edges} MENTIONED_WITH co-mentions included (--no-comentions leaves them out)"
        if comentions
        else "co-mentions left out (--comentions includes them)"
    )
    console.print(
        f"wrote {written}: {graph.number_of_nodes()} entities, {typed} typed relations, {included}",
        markup=False,
        highlight=False,
    )
