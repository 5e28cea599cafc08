"""``threadline check``: is this workspace sound, and how to repair it (``Workspace.check``)."""

from __future__ import annotations

from typing import Annotated

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    EXIT_FAILED,
    FormatOption,
    WorkspaceOption,
    handle_errors,
    open_workspace,
)
from threadline.cli.output import OutputFormat, emit


@app.command("check")
@handle_errors
def check_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Delete damaged cache entries and recompute the graph and store from the "
            "cache (no input files needed), then check again.",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Verify the cache, the graph, the store and the judgements; exit 1 on any problem.

    Example: threadline check -w case-workspace
    """
    ws = open_workspace(workspace)
    if repair:
        for line in ws.repair():
            typer.echo(line, err=True)
    findings = ws.check()
    emit(findings, fmt)
    if not all(f["ok"] for f in findings):
        raise typer.Exit(EXIT_FAILED)
