"""``threadline viz``: draw the workspace graph as an offline HTML view or a picture.

A thin layer over ``threadline.queries.view.view_subgraph`` (which part to
draw), ``threadline.queries.viz.render_html`` and
``threadline.queries.static_plot.render_static``.
"""

from __future__ import annotations

import webbrowser
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
    handle_errors,
    parse_params,
    split_names,
    state,
)
from threadline.cli.output import console
from threadline.errors import QueryError


class PictureFormat(StrEnum):
    html = "html"
    png = "png"
    svg = "svg"


def _query_subgraph(workspace: Any, graph: Any, name: str, values: dict[str, str]) -> Any:
    """The entities a catalog query returns (and its entity parameters), with their relations."""
    from threadline.queries.catalog import get_query, result_subgraph, run_query

    query = get_query(name)
    params = query.bind(values, graph, workspace.ontology)
    rows = run_query(query, params, workspace=workspace, graph=graph, bound=True)
    subgraph = result_subgraph(query, rows, graph, params)
    if not subgraph:
        raise QueryError(f"query {name!r} returned no entities to draw")
    return subgraph


@app.command("viz")
@handle_errors
def viz_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: graph.html, .png or .svg)."),
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Draw the network around this entity.")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=1, help="Hops around --entity.")] = 1,
    query: Annotated[
        str | None, typer.Option("--query", help="Draw the entities a catalog query returns.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter name=value.")
    ] = None,
    types: TypesOption = None,
    relations: RelationsOption = None,
    min_weight: MinWeightOption = 0,
    comentions: Annotated[
        bool,
        typer.Option(
            "--comentions",
            help="Also draw MENTIONED_WITH co-mentions (left out of views by default; "
            "exports include them).",
        ),
    ] = False,
    max_nodes: Annotated[
        int | None,
        typer.Option("--max-nodes", min=10, help="Keep at most N most central entities."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the page.")] = None,
    fmt: Annotated[
        PictureFormat,
        typer.Option(
            "--format", "-f", help="html (interactive) or png/svg (static).", case_sensitive=False
        ),
    ] = PictureFormat.html,
    open_file: Annotated[
        bool, typer.Option("--open", help="Open the result when written.")
    ] = False,
) -> None:
    """Draw the graph: the whole workspace, an entity's network or a query result.

    Example: threadline viz -w case --entity "Jin Xinjiang" --hops 2 -o jin.html --open
    """
    from threadline.graph.subgraph import check_filters, empty_result
    from threadline.queries.static_plot import render_static
    from threadline.queries.view import select_view, view_subgraph
    from threadline.queries.viz import render_html
    from threadline.workspace import Workspace

    if query and entity:
        raise QueryError("use --entity or --query, not both")
    config = state.config(workspace)
    viz_config = config.viz.model_copy(
        update={"show_comentions": comentions or config.viz.show_comentions}
        | ({"max_nodes": max_nodes} if max_nodes else {})
    )
    ws = Workspace.open(workspace, config=config)
    graph = ws.graph()
    check_filters(graph, split_names(types), split_names(relations), ws.ontology)
    if query:
        graph = _query_subgraph(ws, graph, query, parse_params(param))
    elif param:
        raise QueryError("--param needs --query")
    graph = view_subgraph(
        graph,
        entity=entity,
        hops=hops,
        types=split_names(types),
        relations=split_names(relations),
        min_weight=min_weight,
        comentions=viz_config.show_comentions,
    )
    if graph.number_of_nodes() == 0:
        raise QueryError(
            empty_result(split_names(types), split_names(relations), min_weight, entity)
        )
    if not viz_config.show_comentions and not select_view(graph, 1, comentions=False).total_nodes:
        raise QueryError(
            "only MENTIONED_WITH co-mentions link these entities, and views leave them out; "
            "add --comentions to draw them"
        )
    output = output or Path(f"graph.{fmt.value}")
    heading = title or _title(Path(workspace).name, entity, hops, query)
    if fmt == PictureFormat.html:
        centre = _centre(graph, entity)
        report = render_html(graph, output, ws.ontology, viz_config, title=heading, centre=centre)
        note = f"; {report.left_out} less central left out" if report.left_out else ""
        if not viz_config.show_comentions:
            note += "; co-mentions not drawn (--comentions draws them)"
        console.print(
            f"wrote {output}: {report.nodes_shown} of {report.nodes_total} entities, "
            f"{report.edges_shown} relations{note} ({report.bytes / 1e6:.1f} MB)",
            markup=False,
            highlight=False,
        )
    else:
        render_static(graph, output, ws.ontology, fmt.value, config=viz_config, title=heading)
        console.print(f"wrote {output}", markup=False, highlight=False)
    if open_file:
        webbrowser.open(output.resolve().as_uri())


def _centre(graph: Any, entity: str | None) -> str | None:
    """The id of the entity an ego view is drawn around (marked on the page)."""
    if not entity:
        return None
    from threadline.lookup import find_entities

    found = find_entities(graph, entity)
    return found[0] if len(found) == 1 else None


def _title(workspace: str, entity: str | None, hops: int, query: str | None) -> str:
    if entity:
        return f"{entity}: {hops}-hop network ({workspace})"
    if query:
        return f"query {query} ({workspace})"
    return f"threadline: {workspace}"
