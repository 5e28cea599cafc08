"""CSV of nodes and edges (``nodes.csv``, ``edges.csv``) for spreadsheets and scripts.

Lists, properties and evidence are JSON in their cells. Text cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) get a leading apostrophe unless ``formula_guard`` is
off: a name found in a leaked document must not execute on an analyst's
machine.

>>> guard("=HYPERLINK(1)"), guard("Ana Ruiz")
("'=HYPERLINK(1)", 'Ana Ruiz')
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.columns import ENTITY_FIELDS, ENTITY_LISTS
from threadline.graph.export.common import edge_rows, entity_rows, to_json

NODE_COLUMNS = ["id", *ENTITY_FIELDS, *ENTITY_LISTS]
EDGE_COLUMNS = [
    "source",
    "target",
    "source_name",
    "target_name",
    "type",
    "key",
    "weight",
    "confidence",
    "properties",
    "doc_ids",
    "sentences",
    "evidence",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading apostrophe before a formula start."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any, formula_guard: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return to_json(value)
    if isinstance(value, str):
        return guard(value) if formula_guard else value
    return value


def _write(
    path: Path, columns: list[str], rows: Iterable[dict[str, Any]], formula_guard: bool
) -> None:
    with path.open("w", encoding="utf-8", newline="", errors="replace") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c), formula_guard) for c in columns})


def write(graph: nx.MultiDiGraph, path: str | Path, formula_guard: bool = True) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into the folder ``path``; returns both paths."""
    folder = Path(path)
    names = {str(n): d.get("name") for n, d in graph.nodes(data=True)}

    def edges() -> Iterable[dict[str, Any]]:
        for row in edge_rows(graph):
            row["source_name"] = names.get(row["source"])
            row["target_name"] = names.get(row["target"])
            yield row

    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(nodes_path, NODE_COLUMNS, entity_rows(graph), formula_guard)
        _write(edges_path, EDGE_COLUMNS, edges(), formula_guard)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write CSV ({exc.strerror})") from exc
    return [nodes_path, edges_path]
