"""Graph JSON: NetworkX node-link data with edges under ``"edges"`` (ARCHITECTURE.md section 5).

The format a user's own script reads back with
``networkx.node_link_graph(data, edges="edges")``: nodes with ``id``,
``name``, ``type``, ``aliases``, counts and metrics; edges with ``source``,
``target``, ``key``, ``type``, ``weight``, ``properties`` and ``evidence``;
the source documents' metadata under ``graph.documents``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.errors import StoreError


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link data of ``graph`` (contract shape), edges under ``"edges"``."""
    return nx.node_link_data(graph, edges="edges")


def write(graph: nx.MultiDiGraph, path: str | Path, indent: int | None = None) -> Path:
    """Write ``graph`` as graph JSON to ``path``; returns the path.

    Text stays readable (UTF-8, not ``\\u`` escapes); a lone surrogate that
    slipped in from a badly encoded file is written as its JSON escape, so the
    file is always valid UTF-8 and reads back to the same string.
    """
    path = Path(path)
    text = json.dumps(node_link(graph), ensure_ascii=False, indent=indent, default=str)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Lone surrogates only occur inside JSON strings, where "\udXXX" is their escape.
        path.write_text(text + "\n", encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write JSON ({exc.strerror})") from exc
    return path
