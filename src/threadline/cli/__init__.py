"""The ``threadline`` command: a thin typer layer over the library.

Each subcommand lives in a module of its own (build.py, extract.py, ...) and
registers itself on ``app``; ``main`` is the console-script entry point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from threadline import __version__
from threadline.cli.common import setup_logging, state

app = typer.Typer(
    name="threadline",
    help="Build a knowledge graph from documents: people, organizations, places and the "
    "typed relations between them, each traced to the sentence that states it.\n\n"
    "Example: threadline build reports/ -w case-workspace",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"threadline {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Configuration file (default: WORKSPACE/threadline.toml).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More output (-vv for debug).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Global options, given before the command."""
    state.config_path = config
    state.verbosity = -1 if quiet else verbose
    setup_logging(state.verbosity)


# Importing the command modules registers their commands on ``app``.
from threadline.cli import (  # noqa: E402, F401
    build,
    check,
    config_cmd,
    cypher,
    entities,
    export,
    extract,
    push,
    query,
    serve,
    stats,
    viz,
)


def main() -> None:
    app()
