"""The ``threadline`` command: a thin typer layer over the library.

Each subcommand lives in a module of its own (build.py, extract.py, ...) and
registers itself on ``app``; ``main`` is the console-script entry point.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from threadline import __version__
from threadline.cli.common import setup_logging, state

_GLOBAL_FLAGS = re.compile(r"^(-v+|--verbose|-q|--quiet)$")
_GLOBAL_WITH_VALUE = ("-c", "--config")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options to the front, so they work after the command too.

    ``threadline build DIR -w W -q`` means ``threadline -q build DIR -w W``;
    nothing after ``--`` moves.

    >>> hoist_global_options(["build", "docs", "-q", "--config", "t.toml", "-w", "ws"])
    ['-q', '--config', 't.toml', 'build', 'docs', '-w', 'ws']
    >>> hoist_global_options(["cypher", "--", "-v"])
    ['cypher', '--', '-v']
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if _GLOBAL_FLAGS.match(arg) or arg.startswith("--config="):
            front.append(arg)
        elif arg in _GLOBAL_WITH_VALUE and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


class _Group(TyperGroup):
    """The root command: global options are accepted before or after the command."""

    # ctx: the click Context typer bundles (its module is private to typer).
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(list(args)))


app = typer.Typer(
    cls=_Group,
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
    """Global options, given before or after the command."""
    state.config_path = config
    state.verbosity = -1 if quiet else verbose
    setup_logging(state.verbosity)


# Importing the command modules registers their commands on ``app``.
from threadline.cli import (  # noqa: E402, F401
    build,
    check,
    config_cmd,
    curate,  # the curation verbs of ``entities`` (after its reading verbs)
    cypher,
    entities,
    evaluate,
    export,
    extract,
    push,
    query,
    serve,
    stats,
    train,
    viz,
)


def main() -> None:
    app()
