"""What every command shares: global state, the workspace option, output formats, errors.

Commands stay thin: parse options, call one library function, print the result
with ``emit``. Library errors become one line on stderr and an exit code here,
and only here.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.logging import RichHandler

from threadline.cli.output import OutputFormat, console
from threadline.errors import ConfigError, QueryError, ThreadlineError

if TYPE_CHECKING:  # pydantic is imported by the first command that reads a configuration
    from threadline.config import Config

# Exit codes: 0 all good, 1 some inputs (or the operation) failed, 2 usage error.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DEFAULT_WORKSPACE = Path("threadline-workspace")


@dataclass
class State:
    """Options given before the subcommand (``threadline -v --config F build ...``)."""

    config_path: Path | None = None
    verbosity: int = 0

    def config(self, workspace: Path | None = None) -> Config:
        from threadline.config import Config

        return Config.load(self.config_path, workspace)


state = State()


def setup_logging(verbosity: int) -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = RichHandler(console=console, show_time=False, show_path=False, markup=False)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("threadline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar="THREADLINE_WORKSPACE",
        help="Workspace folder (cache, judgements, store).",
        show_default=True,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


# Filters shared by the commands that draw or export a part of the graph.
TypesOption = Annotated[
    list[str] | None,
    typer.Option("--types", "-t", help="Entity types to keep (A,B or repeat)."),
]
RelationsOption = Annotated[
    list[str] | None,
    typer.Option("--relations", "-r", help="Relation types to keep (A,B or repeat)."),
]
MinWeightOption = Annotated[
    float, typer.Option("--min-weight", min=0, help="Drop relations with less evidence.")
]


def split_names(values: Sequence[str] | None) -> list[str] | None:
    """Repeatable, comma-separated options as one list; None when not given.

    >>> split_names(["Person,Organization", " Location "])
    ['Person', 'Organization', 'Location']
    """
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def parse_params(params: Sequence[str] | None) -> dict[str, str]:
    """Turn ``--param name=value`` options into a dict; a malformed one is a usage error."""
    result: dict[str, str] = {}
    for item in params or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param {item!r}: expected name=value")
        result[name.strip()] = value
    return result


IdsOption = Annotated[bool, typer.Option("--ids", help="Show entity and document ids in tables.")]


F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and an exit code; no tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, QueryError) as exc:
            fail(str(exc), EXIT_USAGE)
        except ThreadlineError as exc:
            fail(str(exc), EXIT_FAILED)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            # A bug, not a user mistake: one line, the traceback only when asked for.
            if state.verbosity >= 1:
                raise
            fail(
                f"unexpected {type(exc).__name__}: {exc} "
                "(rerun with -v to see the traceback, and please report it)",
                EXIT_FAILED,
            )

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int) -> None:
    """Print ``threadline: error: MESSAGE`` (one line) and exit."""
    one_line = " ".join(str(message).split())
    console.print(f"threadline: error: {one_line}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_workspace(path: Path) -> Any:
    """The workspace at ``path`` with the configuration in force.

    ``threadline.workspace`` is imported here, not at start-up: ``--help`` and
    ``query list`` never pay for NetworkX and the rest.
    """
    from threadline.workspace import Workspace

    return Workspace.open(path, state.config(path))
