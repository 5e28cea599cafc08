"""``threadline query``: run a named query from the catalog (``threadline.queries.catalog``).

``threadline query list`` shows the queries and their parameters;
``threadline query NAME --param name=value ...`` runs one on the workspace's
embedded store, or on a Neo4j/Bolt server with ``--neo4j URI`` (password from
the environment variable named in the configuration, never the command line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    FormatOption,
    IdsOption,
    WorkspaceOption,
    handle_errors,
    open_workspace,
    parse_params,
)
from threadline.cli.output import OutputFormat, console, emit, stdout


@app.command("query")
@handle_errors
def query_command(
    name: Annotated[str, typer.Argument(help="A query name, or 'list' to see them all.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value; entity names or aliases in any case."),
    ] = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    neo4j: Annotated[
        str | None,
        typer.Option(
            "--neo4j",
            help="Run on this Bolt server instead of the embedded store (password from the "
            "environment variable named by neo4j.password_env).",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Neo4j user (default: neo4j.user); '' for no authentication."),
    ] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="Neo4j database (default: neo4j.database).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    ids: IdsOption = False,
    viz: Annotated[
        Path | None,
        typer.Option("--viz", help="Also write an HTML view of the result's subgraph here."),
    ] = None,
) -> None:
    """Run a named investigative query; 'threadline query list' shows them.

    Example: threadline query path -p source="Ada Vance" -p target=NBI -w case-workspace
    """
    if name == "list":
        _list(fmt)
        return
    from threadline.queries.catalog import get_query, result_subgraph, run_query

    query = get_query(name)
    values = parse_params(param)
    ws = open_workspace(workspace)
    graph = ws.graph()
    params = query.bind(values, graph, ws.ontology)
    target = None
    if neo4j is not None:
        settings = ws.config.neo4j
        target = {
            "uri": neo4j,
            "user": (user if user is not None else settings.user) or None,
            "password": settings.password(),
            "database": database if database is not None else settings.database,
        }
    rows = run_query(query, params, workspace=ws, graph=graph, neo4j=target, bound=True)
    emit(
        rows,
        fmt,
        title=f"{query.name}: {query.description}",
        ids=ids,
        titles=ws.document_titles(),
    )
    if viz is not None:
        from threadline.queries.viz import render_html

        sub = result_subgraph(query, rows, graph, params)
        render_html(sub, viz, ws.ontology, ws.config.viz, title=f"threadline query {query.name}")
        console.print(f"view of {sub.number_of_nodes()} entities written to {viz}")


def _list(fmt: OutputFormat) -> None:
    from threadline.queries.catalog import load_catalog

    catalog = load_catalog()
    rows: list[dict[str, Any]] = [
        {
            "name": query.name,
            "description": query.description,
            "parameters": [p.describe() for p in query.parameters],
        }
        for query in catalog.values()
    ]
    if fmt != OutputFormat.table:
        emit(rows, fmt)
        return
    for row in rows:
        stdout.print(f"[bold]{row['name']}[/bold]  {_plain(row['description'])}")
        for line in row["parameters"]:
            stdout.print(f"    --param {_plain(line)}")
    stdout.print("\nRun: threadline query NAME --param name=value ... [-w WORKSPACE]")


def _plain(text: str) -> str:
    from rich.markup import escape

    return escape(text)
