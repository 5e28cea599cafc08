"""``threadline serve``: the local investigation app (``threadline.queries.serve``)."""

from __future__ import annotations

from typing import Annotated

import typer

from threadline.cli import app
from threadline.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, handle_errors
from threadline.cli.output import stdout


@app.command("serve")
@handle_errors
def serve_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; any but 127.0.0.1/::1 needs a token."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Access token (generated when the host is not loopback)."),
    ] = None,
) -> None:
    """Explore the workspace in a browser: search, expand, evidence, queries, curation.

    Example: threadline serve -w case --port 8765
    """
    from threadline.queries.serve import serve

    def announce(line: str) -> None:
        stdout.print(line, markup=False, highlight=False)

    serve(
        workspace, host=host, port=port, token=token, open_browser=not no_browser, announce=announce
    )
