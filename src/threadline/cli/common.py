"""What every command shares: global state, the workspace option, output formats, errors.

Commands stay thin: parse options, call one library function, print the result
with ``emit``. Library errors become one line on stderr and an exit code here,
and only here.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from threadline.errors import ConfigError, QueryError, ThreadlineError

if TYPE_CHECKING:  # pydantic is imported by the first command that reads a configuration
    from threadline.config import Config

# Exit codes: 0 all good, 1 some inputs (or the operation) failed, 2 usage error.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DEFAULT_WORKSPACE = Path("threadline-workspace")

console = Console(stderr=True)
# Piped or captured output has no terminal width; rich would assume 80 columns
# and fold evidence sentences into slivers, so tables get a reader's width.
_PIPED_WIDTH = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160
stdout = Console(soft_wrap=True, width=_PIPED_WIDTH)


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


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


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


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, dict | list) and not value):
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


IdsOption = Annotated[bool, typer.Option("--ids", help="Show entity and document ids in tables.")]


def is_id_column(name: str) -> bool:
    """Columns that hold ids, hidden from people unless they ask (``--ids``).

    >>> [is_id_column(c) for c in ("id", "neighbour_id", "ids", "doc_ids", "name")]
    [True, True, True, True, False]
    """
    lowered = name.lower()
    return lowered in ("id", "ids") or lowered.endswith(("_id", "_ids", ".id"))


def _titled(value: Any, titles: dict[str, str]) -> Any:
    """Document ids replaced by the document's title (or file name), recursively."""
    if isinstance(value, str):
        return titles.get(value, value)
    if isinstance(value, list):
        return [_titled(v, titles) for v in value]
    if isinstance(value, dict):
        return {k: _titled(v, titles) for k, v in value.items()}
    return value


def _decoded(value: Any) -> Any:
    """A JSON object or list the store keeps as text (properties, evidence), as data."""
    if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _nested(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bool:
    return any(isinstance(row.get(c), dict | list) and row.get(c) for row in rows for c in columns)


def _record_lines(value: Any, indent: str) -> list[str]:
    """A nested value as indented lines: one line per list item, ``key: value`` per dict key."""
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict | list):
                lines.append(f"{indent}-")
                lines.extend(_record_lines(item, indent + "  "))
            else:
                lines.append(f"{indent}{_cell(item)}")
        return lines
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{indent}{key}:")
                lines.extend(_record_lines(item, indent + "  "))
            else:
                lines.append(f"{indent}{key}: {_cell(item) if item not in ({}, []) else '-'}")
        return lines
    return [f"{indent}{_cell(value)}"]


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat,
    title: str | None = None,
    *,
    ids: bool = True,
    titles: dict[str, str] | None = None,
) -> None:
    """Print rows as a table (for people), JSON or CSV (for programs) on stdout.

    For people, ``ids=False`` hides id columns and ``titles`` (document id ->
    title) shows documents by title instead of by hash; rows holding lists or
    mappings are printed as records of indented lines, not as JSON in cells.
    JSON and CSV always carry everything.
    """
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    if fmt == OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        sys.stdout.write(buffer.getvalue())
        return
    if not rows:
        console.print("(no rows)")
        return
    if not ids:
        columns = [c for c in columns if not is_id_column(c)] or columns
    rows = [{k: _decoded(v) for k, v in row.items()} for row in rows]
    if titles:
        # An id column keeps its ids (shown with --ids); elsewhere a hash becomes a title.
        rows = [
            {k: v if is_id_column(k) else _titled(v, titles) for k, v in row.items()}
            for row in rows
        ]
    if _nested(rows, columns):
        _emit_records(rows, columns, title)
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        # Text from documents is shown literally: rich markup in it must not render.
        table.add_row(*(_escape(_cell(row.get(k))) for k in columns))
    stdout.print(table)


def _emit_records(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None
) -> None:
    """Rows with nested values, one block each: scalars on one line, lists indented below."""
    out: list[str] = [title, ""] if title else []
    for number, row in enumerate(rows, 1):
        out.append(f"{number}.")
        for column in columns:
            value = row.get(column)
            if isinstance(value, dict | list) and value:
                out.append(f"   {column}:")
                out.extend(_record_lines(value, "     "))
            elif value not in (None, "", {}, []):
                out.append(f"   {column}: {_cell(value)}")
        out.append("")
    # Text from documents is printed literally, never as markup.
    stdout.print("\n".join(out).rstrip("\n"), markup=False, highlight=False)


def document_titles(workspace: Any) -> dict[str, str]:
    """Document id -> its title, else its file name, for tables people read."""
    titles: dict[str, str] = {}
    for doc in workspace.documents():
        doc_id = doc.get("doc_id") or doc.get("id")
        if not doc_id:
            continue
        origins = doc.get("origins") or []
        name = Path(str(origins[0]).split("#")[0]).name if origins else ""
        titles[doc_id] = doc.get("title") or name or doc_id
    return titles


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
        except (typer.Exit, typer.Abort, click.exceptions.ClickException):
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
