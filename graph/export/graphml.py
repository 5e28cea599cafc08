"""GraphML for Gephi, yEd and any GraphML reader.

Every attribute is a declared ``<key>`` with a type (string, long or double);
lists and evidence travel as JSON strings with a count beside them, and text
is stripped of characters XML 1.0 cannot hold. NetworkX reads the file back
with the same nodes, edges (keys included) and attributes.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from threadline.errors import StoreError
from threadline.graph.export.flat import flatten


def write(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` (contract shape) as GraphML to ``path``; returns the path.

    Integers are declared ``long`` and reals ``double``, so values never
    overflow a reader's 32-bit ``int``.
    """
    path = Path(path)
    flat = flatten(graph)
    # NetworkX declares Python int as "long" and float as "double"; inferring
    # numeric types keeps one declaration per attribute when ints and floats mix.
    writer = nx.readwrite.graphml.GraphMLWriter(
        encoding="utf-8", prettyprint=True, infer_numeric_types=True
    )
    writer.add_graph_element(flat)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            writer.dump(stream)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write GraphML ({exc.strerror})") from exc
    return path
