"""``threadline check``: is this workspace sound, and how to repair it (``Workspace.check``)."""

from __future__ import annotations

import typer

from threadline.cli import app
from threadline.cli.common import (
    DEFAULT_WORKSPACE,
    EXIT_FAILED,
    FormatOption,
    OutputFormat,
    WorkspaceOption,
    emit,
    handle_errors,
    state,
)
from threadline.workspace import Workspace


@app.command("check")
@handle_errors
def check_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Verify the cache, the graph, the store and the judgements; exit 1 on any problem.

    Example: threadline check -w case-workspace
    """
    findings = Workspace.open(workspace, state.config(workspace)).check()
    emit(findings, fmt)
    if not all(f["ok"] for f in findings):
        raise typer.Exit(EXIT_FAILED)
