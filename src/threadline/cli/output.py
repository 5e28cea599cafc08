"""How commands print: rows as a table for people, JSON or CSV for programs.

Text from documents is printed literally everywhere (never as rich markup), and
tables hide ids unless asked for, showing documents by title instead of hash.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(stderr=True)
# Piped or captured output has no terminal width; rich would assume 80 columns
# and fold evidence sentences into slivers, so tables get a reader's width.
_PIPED_WIDTH = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160
stdout = Console(soft_wrap=True, width=_PIPED_WIDTH)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, dict | list) and not value):
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
