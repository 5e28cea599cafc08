"""``threadline push neo4j``: load the workspace graph into a Neo4j server over Bolt.

A thin layer over ``threadline.graph.neo4j.push``. The password comes from
the environment variable named by ``neo4j.password_env`` in the
configuration, or from a hidden prompt; there is deliberately no option for
it (command lines end up in shell history and process lists).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from threadline.cli import app
from threadline.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, handle_errors, state
from threadline.cli.output import console
from threadline.errors import ConfigError

push_app = typer.Typer(help="Send the graph to a graph database server.", no_args_is_help=True)
app.add_typer(push_app, name="push")


def _password(env_name: str) -> str:
    import getpass
    import os

    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise ConfigError(f"no password: set the environment variable {env_name}, or use --no-auth")
    return getpass.getpass("Neo4j password: ")


@push_app.command("neo4j")
@handle_errors
def push_neo4j_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    uri: Annotated[
        str | None,
        typer.Option("--uri", help="Bolt URI: bolt://, neo4j://, bolt+s:// or neo4j+s://."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="User name.")] = None,
    database: Annotated[
        str | None, typer.Option("--database", "-d", help="Database (default: the server's).")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Rows per UNWIND batch.")
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Connect without authentication.")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar.")
    ] = True,
) -> None:
    """Push the graph to Neo4j: documents, entities, MENTIONS and typed relations with evidence.

    Idempotent: pushing again updates, never duplicates. The password is read
    from $THREADLINE_NEO4J_PASSWORD (see neo4j.password_env) or prompted.

    Example: THREADLINE_NEO4J_PASSWORD=... threadline push neo4j -w case --uri bolt://localhost:7687
    """
    from threadline.graph.neo4j import push, safe_uri
    from threadline.workspace import Workspace

    config = state.config(workspace)
    uri = uri or config.neo4j.uri
    if not uri:
        raise ConfigError("no server: give --uri bolt://HOST:7687 or set neo4j.uri")
    user = None if no_auth else (user or config.neo4j.user)
    password = _password(config.neo4j.password_env) if user else None
    ws = Workspace.open(workspace, config=config)
    graph = ws.graph()
    mentions = ws.mention_counts()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not progress or state.verbosity < 0,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def on_progress(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total)
        bar.update(tasks[step], completed=done)

    with bar:
        report = push(
            graph,
            uri,
            user,
            password,
            database=database or config.neo4j.database,
            batch_size=batch_size or config.neo4j.batch_size,
            progress=on_progress,
            ontology=ws.ontology,
            mentions=mentions,
        )
    console.print(
        f"pushed to {safe_uri(uri)}: {report.nodes} nodes, {report.relationships} relationships "
        f"in {report.seconds:.1f} s ({report.relationships_per_second:,.0f} relationships/s)",
        markup=False,
        highlight=False,
    )
