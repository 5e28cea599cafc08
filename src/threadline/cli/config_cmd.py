"""``threadline config``: print the configuration in force, or the documented defaults."""

from __future__ import annotations

from typing import Annotated

import typer

from threadline.cli import app
from threadline.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, handle_errors, state


@app.command("config")
@handle_errors
def config_command(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Print the defaults instead.")
    ] = False,
) -> None:
    """Print the configuration in force as TOML, every setting with its description.

    Example: threadline config --defaults > threadline-workspace/threadline.toml
    """
    from threadline.config import Config

    config = Config() if defaults else state.config(workspace)
    typer.echo(config.to_toml())
